// Opaque pagination cursors: a query's LastEvaluatedKey, base64url-encoded. A cursor that does not
// decode to the expected key shape is refused, so it cannot steer a query elsewhere.
import { ValidationFailed } from '@cter/domain';

export type Key = Record<string, string>;

export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
}

export function decodeCursor(cursor: string | undefined, expectedAttributes: readonly string[]): Key | undefined {
  if (cursor === undefined) return undefined;
  const invalid = () => new ValidationFailed('the cursor is not valid for this query', [{ path: 'cursor', message: 'use the nextCursor of the previous page' }]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid();
  const entries = Object.entries(parsed);
  const keys = entries.map(([k]) => k).sort();
  const expected = [...expectedAttributes].sort();
  if (keys.length !== expected.length || keys.some((k, i) => k !== expected[i])) throw invalid();
  // DynamoDB refuses empty key values; a cursor it made never has one.
  if (entries.some(([, v]) => typeof v !== 'string' || v.length === 0 || v.length > 512)) throw invalid();
  return parsed as Key;
}

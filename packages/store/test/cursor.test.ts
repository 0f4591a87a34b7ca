// Pagination cursors are caller input: one DynamoDB would refuse as a query's start is a 422, never
// a 500 (found by the fuzz of GET /cases and GET /cases/{caseId}/audit, test/support/fuzz.ts).
import { describe, expect, it } from 'vitest';
import { ServiceUnavailable, ValidationFailed } from '@cter/domain';
import { decodeCursor, encodeCursor, guarded } from '../src/index';

const cursor = (key: Record<string, unknown>) => Buffer.from(JSON.stringify(key)).toString('base64url');

describe('decodeCursor', () => {
  it('returns the key of a cursor it encoded', () => {
    const key = { pk: 'CASE#1', sk: 'CASE', gsi1pk: 'CASE', gsi1sk: '2026-01-01T00:00:00.000Z#1' };
    expect(decodeCursor(encodeCursor(key), ['pk', 'sk', 'gsi1pk', 'gsi1sk'])).toEqual(key);
  });

  it.each([
    ['an empty key value', cursor({ pk: 'CASE', sk: '' })],
    ['other key names', cursor({ pk: 'CASE', other: 'x' })],
    ['a value that is not a string', cursor({ pk: 'CASE', sk: 1 })],
    ['not JSON', Buffer.from('{').toString('base64url')],
  ])('refuses %s with 422', (_, value) => {
    expect(() => decodeCursor(value, ['pk', 'sk'])).toThrow(ValidationFailed);
  });
});

describe('guarded', () => {
  const failing = (name: string, message: string, extra: Record<string, unknown> = {}) => () => Promise.reject(Object.assign(new Error(message), { name, ...extra }));

  it('turns a start key DynamoDB refuses into 422 on the cursor', async () => {
    const refused = guarded(failing('ValidationException', 'The provided starting key does not match the range key predicate'));
    await expect(refused).rejects.toBeInstanceOf(ValidationFailed);
    await expect(refused).rejects.toMatchObject({ details: [{ path: 'cursor' }] });
  });

  it('keeps an unreachable store a 503 and any other validation error internal', async () => {
    await expect(guarded(failing('Error', 'connect ECONNREFUSED', { code: 'ECONNREFUSED' }))).rejects.toBeInstanceOf(ServiceUnavailable);
    const other = guarded(failing('ValidationException', 'One or more parameter values were invalid'));
    await expect(other).rejects.not.toBeInstanceOf(ValidationFailed);
  });
});

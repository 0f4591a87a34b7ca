// Idempotency keys for writes (IDEMPOTENT_WRITES in @cter/config). The first request with a key
// claims it (a conditional put), runs, and stores its outcome; a repeat with the same key and the
// same request gets that outcome again instead of writing twice; with another request, 422; while
// the first still runs, 409. A claim whose request failed (5xx or a crash) is released or goes stale,
// so the caller can retry with the same key. Records are per organisation, in the cases table,
// and expire after a day (TTL). They hold the response of a write (ids and states; a corrected case
// view for PATCH), encrypted at rest like every item of the table.
import { createHash } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Conflict, IdempotencyKeyReused } from '@cter/domain';
import { dynamo } from './client';
import { guarded } from './errors';

/** How long a key is remembered. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;
/** A claim older than this belongs to a request that died (functions time out well before). */
export const IDEMPOTENCY_STALE_MS = 60_000;

export interface IdempotentOutcome {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  raw?: string;
}

export interface IdempotencyScope {
  table: string;
  organisationId: string;
  key: string;
  /** Route and request (path, query, body): a repeat must be the same request. */
  route: string;
  request: unknown;
}

const keyOf = (scope: IdempotencyScope) => ({ pk: `IDEMPOTENCY#${scope.organisationId}#${scope.key}`, sk: 'REQUEST' });
const isConditionFailure = (error: unknown) => error instanceof Error && error.name === 'ConditionalCheckFailedException';

/** What identifies "the same request" for a key: the route and the validated path, query and body. */
export function idempotencyFingerprint(route: string, request: unknown): string {
  return createHash('sha256').update(JSON.stringify([route, request])).digest('hex');
}

/**
 * Runs `write` at most once per key: a repeat answers the stored outcome with `replayed: true`.
 * Outcomes below 500 are stored (the same request gets the same answer); a 5xx or a thrown error
 * releases the key.
 */
export async function idempotent(scope: IdempotencyScope, write: () => Promise<IdempotentOutcome>, now = () => Date.now()): Promise<IdempotentOutcome & { replayed: boolean }> {
  const Key = keyOf(scope);
  const fingerprint = idempotencyFingerprint(scope.route, scope.request);
  const claimedAt = now();
  try {
    await guarded(() =>
      dynamo().send(
        new PutCommand({
          TableName: scope.table,
          Item: { ...Key, entity: 'idempotency', state: 'in-progress', route: scope.route, fingerprint, claimedAt, expiresAt: Math.floor(claimedAt / 1000) + IDEMPOTENCY_TTL_SECONDS },
          // A new key, or the claim of a request that died (never a stored outcome).
          ConditionExpression: 'attribute_not_exists(pk) OR (#state = :inProgress AND claimedAt < :stale)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':inProgress': 'in-progress', ':stale': claimedAt - IDEMPOTENCY_STALE_MS },
        }),
      ),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const earlier = (await guarded(() => dynamo().send(new GetCommand({ TableName: scope.table, Key, ConsistentRead: true })))).Item;
    // Released between our put and this read: let the caller retry rather than race again.
    if (!earlier) throw new Conflict('a request with this Idempotency-Key was just handled; retry');
    if (earlier.fingerprint !== fingerprint) throw new IdempotencyKeyReused();
    if (earlier.state !== 'done') throw new Conflict('a request with this Idempotency-Key is still being handled; retry in a few seconds');
    return { ...(JSON.parse(String(earlier.outcome)) as IdempotentOutcome), replayed: true };
  }

  const mine = { ConditionExpression: 'claimedAt = :claimedAt', ExpressionAttributeValues: { ':claimedAt': claimedAt } };
  let outcome: IdempotentOutcome;
  try {
    outcome = await write();
  } catch (error) {
    await release(scope.table, Key, mine);
    throw error;
  }
  if (outcome.status >= 500) {
    await release(scope.table, Key, mine);
    return { ...outcome, replayed: false };
  }
  try {
    await guarded(() =>
      dynamo().send(
        new UpdateCommand({
          TableName: scope.table,
          Key,
          UpdateExpression: 'SET #state = :done, outcome = :outcome',
          ConditionExpression: mine.ConditionExpression,
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ...mine.ExpressionAttributeValues, ':done': 'done', ':outcome': JSON.stringify(outcome) },
        }),
      ),
    );
  } catch {
    // The write happened; failing to remember it only means a repeat runs again once the claim is
    // stale (and meets the domain's own checks). Never turn a done write into an error.
  }
  return { ...outcome, replayed: false };
}

async function release(table: string, Key: Record<string, string>, mine: { ConditionExpression: string; ExpressionAttributeValues: Record<string, unknown> }): Promise<void> {
  try {
    await dynamo().send(new DeleteCommand({ TableName: table, Key, ...mine }));
  } catch {
    // Left behind, the claim goes stale after IDEMPOTENCY_STALE_MS and the key can be used again.
  }
}

/** The runner httpRoute takes for a write route: keys kept in `table` (the cases table). */
export function idempotencyIn(table: string) {
  return (scope: Omit<IdempotencyScope, 'table'>, write: () => Promise<IdempotentOutcome>) => idempotent({ ...scope, table }, write);
}

// Idempotency keys for writes (the route registry's `idempotency`, @cter/routes). The first
// request with a key claims it (one conditional PutItem, before anything else), runs, and stores
// its outcome; a repeat with the same key and the same request is answered from that outcome instead
// of writing twice; with another request, 422; a copy sent at the same moment waits for the first
// (409 if it takes too long). A claim whose request failed (5xx or a crash) is released or goes
// stale, so the caller can retry with the same key. Records are per organisation, in the cases
// table, and expire after a day (honoured on every read and claim: TTL deletes late).
//
// A record keeps status, headers and ids, never a response body: nothing in it is personal data, so
// retention and subject access need not find it. A replay of a write on a case reads the case again
// with the one visibility rule (a caller that no longer sees it gets 404), audits that read, and
// renders the answer from the case as it is now.
import { createHash } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { visibleCase, type Caller, type CaseFacts, type CaseViewLevel } from '@cter/access';
import { Conflict, IdempotencyKeyReused } from '@cter/domain';
import { appendAudit } from './audit';
import type { EntityItem } from './case-partition';
import { dynamo, requiredEnv } from './client';
import { guarded } from './errors';
import { ENV } from '@cter/config';

/** How long a key is remembered. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;
/** A claim older than this belongs to a request that died (functions time out well before). */
export const IDEMPOTENCY_STALE_MS = 60_000;
/** How long a copy of a request waits for the first copy to finish before answering 409. */
export const IDEMPOTENCY_WAIT_MS = 5_000;

export interface IdempotentOutcome {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  raw?: string;
}

/** What a record keeps of an outcome: never its body. */
export interface StoredOutcome {
  status: number;
  headers?: Record<string, string>;
  /** The ids the outcome named (e.g. `{ caseId, consentId, version }`). */
  ids: Record<string, unknown>;
}

/** A case a replay may show again: read now and visible to the caller now. */
export interface VisibleCase {
  record: CaseFacts & Record<string, unknown>;
  level: CaseViewLevel;
}

/** How a route answers a repeat of a write from the stored outcome and the case read again. */
export interface ReplayRenderer {
  (stored: StoredOutcome, visible: VisibleCase): IdempotentOutcome & { categories: string[] };
}

export interface IdempotencyScope {
  table: string;
  organisationId: string;
  key: string;
  /** Route and request (path, query, body): a repeat must be the same request. */
  route: string;
  request: unknown;
  /** The ids of an outcome to keep; default: `idsOf(body)`. */
  remember?: (outcome: IdempotentOutcome) => Record<string, unknown>;
}

/** The claim the running request holds: `completion` writes its outcome in the request's own transaction. */
export interface IdempotencyClaim {
  completion(outcome: IdempotentOutcome): { Update: CompletionUpdate };
}

/** A TransactWriteItems Update (lib-dynamodb shape) that marks the claim done with its outcome. */
export interface CompletionUpdate {
  TableName: string;
  Key: Record<string, string>;
  UpdateExpression: string;
  ConditionExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
}

const keyOf = (scope: Pick<IdempotencyScope, 'organisationId' | 'key'>) => ({ pk: `IDEMPOTENCY#${scope.organisationId}#${scope.key}`, sk: 'REQUEST' });
const isConditionFailure = (error: unknown) => error instanceof Error && error.name === 'ConditionalCheckFailedException';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What identifies "the same request" for a key: the route and the validated path, query and body. */
export function idempotencyFingerprint(route: string, request: unknown): string {
  return createHash('sha256').update(JSON.stringify([route, request])).digest('hex');
}

// Ids, and the enumerated values that say what happened (a state, a kind, an outcome): never free text.
const ID_FIELD = /(Id|Ids)$|^(version|task|kind|outcome|state|event)$/;

/** The ids of a response body: fields named `...Id`, `...Ids`, `version`, `task`, `kind`, `outcome`, `state`, `event`, at any depth; nothing else. */
export function idsOf(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object') return {};
  const ids: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(body)) {
    if (ID_FIELD.test(name) && (typeof value === 'string' || typeof value === 'number' || (Array.isArray(value) && value.every((v) => typeof v === 'string')))) ids[name] = value;
    else if (Array.isArray(value)) {
      const nested = value.map(idsOf).filter((n) => Object.keys(n).length > 0);
      if (nested.length) ids[name] = nested;
    } else if (value !== null && typeof value === 'object') {
      const nested = idsOf(value);
      if (Object.keys(nested).length) ids[name] = nested;
    }
  }
  return ids;
}

function stored(scope: IdempotencyScope, outcome: IdempotentOutcome): StoredOutcome {
  return { status: outcome.status, ...(outcome.headers ? { headers: outcome.headers } : {}), ids: scope.remember ? scope.remember(outcome) : idsOf(outcome.body) };
}

/**
 * Runs `write` at most once per key: a repeat is answered by `replay` from the stored outcome, with
 * `replayed: true`. Outcomes below 500 are stored (the same request gets the same answer); a 5xx or
 * a thrown error releases the key.
 */
export async function idempotent(
  scope: IdempotencyScope,
  write: (claim: IdempotencyClaim) => Promise<IdempotentOutcome>,
  replay: (stored: StoredOutcome) => Promise<IdempotentOutcome>,
  now = () => Date.now(),
): Promise<IdempotentOutcome & { replayed: boolean }> {
  const Key = keyOf(scope);
  const fingerprint = idempotencyFingerprint(scope.route, scope.request);
  const deadline = now() + IDEMPOTENCY_WAIT_MS;
  for (;;) {
    const claimedAt = now();
    if (await claim(scope.table, Key, scope.route, fingerprint, claimedAt)) return run(scope, Key, claimedAt, write);
    const earlier = (await guarded(() => dynamo().send(new GetCommand({ TableName: scope.table, Key, ConsistentRead: true })))).Item;
    if (earlier && Number(earlier.expiresAt) * 1000 > now()) {
      if (earlier.fingerprint !== fingerprint) throw new IdempotencyKeyReused();
      if (earlier.state === 'done') return { ...(await replay(JSON.parse(String(earlier.outcome)) as StoredOutcome)), replayed: true };
    }
    // Still running (a copy sent at the same moment): wait for its outcome. Gone, expired or stale: claim again.
    if (now() > deadline) throw new Conflict('a request with this Idempotency-Key is still being handled; retry in a few seconds');
    await sleep(50 + Math.random() * 100);
  }
}

/** One conditional PutItem: a new key, an expired record, or the claim of a request that died (never a live outcome). */
async function claim(table: string, Key: { pk: string; sk: string }, route: string, fingerprint: string, claimedAt: number): Promise<boolean> {
  const nowSeconds = Math.floor(claimedAt / 1000);
  try {
    await guarded(() =>
      dynamo().send(
        new PutCommand({
          TableName: table,
          Item: { ...Key, entity: 'idempotency', state: 'in-progress', route, fingerprint, claimedAt, expiresAt: nowSeconds + IDEMPOTENCY_TTL_SECONDS } satisfies EntityItem,
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now OR (#state = :inProgress AND claimedAt < :stale)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':now': nowSeconds, ':inProgress': 'in-progress', ':stale': claimedAt - IDEMPOTENCY_STALE_MS },
        }),
      ),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

async function run(scope: IdempotencyScope, Key: Record<string, string>, claimedAt: number, write: (claim: IdempotencyClaim) => Promise<IdempotentOutcome>): Promise<IdempotentOutcome & { replayed: boolean }> {
  const completion = (outcome: IdempotentOutcome): { Update: CompletionUpdate } => ({
    Update: {
      TableName: scope.table,
      Key,
      UpdateExpression: 'SET #state = :done, outcome = :outcome',
      // Only while the claim is still this request's (not taken over as stale).
      ConditionExpression: 'claimedAt = :claimedAt',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':claimedAt': claimedAt, ':done': 'done', ':outcome': JSON.stringify(stored(scope, outcome)) },
    },
  });
  let outcome: IdempotentOutcome;
  try {
    outcome = await write({ completion });
  } catch (error) {
    await release(scope.table, Key, claimedAt);
    throw error;
  }
  if (outcome.status >= 500) {
    await release(scope.table, Key, claimedAt);
    return { ...outcome, replayed: false };
  }
  try {
    await guarded(() => dynamo().send(new UpdateCommand(completion(outcome).Update)));
  } catch {
    // The write happened; failing to remember it only means a repeat runs again once the claim is
    // stale (and meets the domain's own checks). Never turn a done write into an error.
  }
  return { ...outcome, replayed: false };
}

/** Makes the claim stale at once (an UpdateItem, which every writer of keys may do), so a retry can claim it. */
async function release(table: string, Key: Record<string, string>, claimedAt: number): Promise<void> {
  try {
    // Deleted, not marked: a refused or failed request leaves nothing behind (the fuzz checks it).
    await dynamo().send(new DeleteCommand({ TableName: table, Key, ConditionExpression: 'claimedAt = :claimedAt', ExpressionAttributeValues: { ':claimedAt': claimedAt } }));
  } catch {
    // Left behind, the claim goes stale after IDEMPOTENCY_STALE_MS and the key can be used again.
  }
}

/** Who repeats a write on which case: what a replay needs to read the case again and audit it. */
export interface ReplayContext {
  caller: Caller;
  requestId: string;
  caseId: string;
  render?: ReplayRenderer;
}

/**
 * The answer to a repeat of a write on a case: the case read again with the one visibility rule
 * (404 when the caller no longer sees it), the read audited, then rendered by the route, or, for a
 * route that renders nothing of the case, the stored status, headers and ids.
 */
async function replayOnCase(table: string, route: string, context: ReplayContext, stored: StoredOutcome): Promise<IdempotentOutcome> {
  const out = await guarded(() => dynamo().send(new GetCommand({ TableName: table, Key: { pk: `CASE#${context.caseId}`, sk: 'CASE' }, ConsistentRead: true })));
  const { record, level } = visibleCase(context.caller, context.caseId, out.Item?.entity === 'case' ? (out.Item as VisibleCase['record']) : undefined);
  const rendered = context.render ? context.render(stored, { record, level }) : { status: stored.status, headers: stored.headers, body: stored.ids, categories: [] };
  const { categories, ...answer } = rendered;
  await appendAudit(requiredEnv(ENV.auditTable), {
    caseId: context.caseId,
    action: 'read',
    route,
    organisationId: context.caller.organisation.id,
    regionId: context.caller.regionId,
    principalArn: context.caller.principalArn,
    categories,
    purpose: 'idempotent-replay',
    requestId: context.requestId,
  });
  return answer;
}

/**
 * The runner httpRoute takes for a write route on a case: keys kept in `table` (the cases table); a
 * replay goes through `replayOnCase`. The audit table is the function's AUDIT_TABLE.
 */
export function idempotencyIn(table: string) {
  return (scope: Omit<IdempotencyScope, 'table'> & { replay: ReplayContext }, write: () => Promise<IdempotentOutcome>) =>
    idempotent({ ...scope, table }, write, (stored) => replayOnCase(table, scope.route, scope.replay, stored));
}

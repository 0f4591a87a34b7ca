// The idempotency store (@cter/store idempotent) against DynamoDB Local: a key is claimed once, a
// repeat is answered from the stored outcome, a reused key with another request is refused, a copy
// sent at the same moment waits for the first, and a failed write releases the key.
import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { Conflict, IdempotencyKeyReused } from '@cter/domain';
import { useLocalAws } from '../support/local-env';

const tables = useLocalAws('packages');
const { dynamo, idempotent } = await import('@cter/store');
type Outcome = Awaited<ReturnType<typeof idempotent>>;

const scope = (key: string, request: unknown = { body: { n: 1 } }) => ({ table: tables.cases, organisationId: 'politie', key, route: 'POST /test', request });
const replayStored = async (stored: { status: number; ids: Record<string, unknown> }) => ({ status: stored.status, body: stored.ids });

describe('idempotent', () => {
  it('runs the write once and answers a repeat from the stored ids, never the stored body', async () => {
    const key = `key-${randomUUID()}`;
    let writes = 0;
    const write = async (): Promise<Outcome> => {
      writes += 1;
      return { status: 201, body: { caseId: `case-${writes}`, subject: { name: 'Persoon' } }, replayed: false };
    };
    const first = await idempotent(scope(key), write, replayStored);
    const again = await idempotent(scope(key), write, replayStored);
    expect(writes).toBe(1);
    expect(first).toMatchObject({ status: 201, replayed: false, body: { caseId: 'case-1' } });
    expect(again).toEqual({ status: 201, body: { caseId: 'case-1' }, replayed: true });
    const record = await dynamo().send(new GetCommand({ TableName: tables.cases, Key: { pk: `IDEMPOTENCY#politie#${key}`, sk: 'REQUEST' } }));
    expect(record.Item).toMatchObject({ state: 'done', route: 'POST /test' });
    expect(String(record.Item?.outcome)).not.toContain('Persoon');
  });

  it('refuses the same key with another request', async () => {
    const key = `key-${randomUUID()}`;
    await idempotent(scope(key), async () => ({ status: 201, body: { caseId: 'a' } }), replayStored);
    await expect(idempotent(scope(key, { body: { n: 2 } }), async () => ({ status: 201 }), replayStored)).rejects.toBeInstanceOf(IdempotencyKeyReused);
  });

  it('keeps keys of different organisations apart', async () => {
    const key = `key-${randomUUID()}`;
    await idempotent(scope(key), async () => ({ status: 201, body: { caseId: 'police' } }), replayStored);
    const other = await idempotent({ ...scope(key), organisationId: 'om' }, async () => ({ status: 201, body: { caseId: 'prosecutor' } }), replayStored);
    expect(other).toMatchObject({ replayed: false, body: { caseId: 'prosecutor' } });
  });

  it('lets a copy sent at the same moment wait for the first and answer its outcome', async () => {
    const key = `key-${randomUUID()}`;
    let writes = 0;
    const slow = async () => {
      writes += 1;
      await new Promise((resolve) => setTimeout(resolve, 300));
      return { status: 201, body: { caseId: 'first' } };
    };
    const [a, b] = await Promise.all([idempotent(scope(key), slow, replayStored), idempotent(scope(key), slow, replayStored)]);
    expect(writes).toBe(1);
    expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
    expect(b.body).toEqual({ caseId: 'first' });
  });

  it('answers 409 Conflict when the first copy is still running after the wait', async () => {
    const key = `key-${randomUUID()}`;
    let clock = Date.now();
    const running = idempotent(scope(key), () => new Promise((resolve) => setTimeout(() => resolve({ status: 201, body: { caseId: 'x' } }), 500)), replayStored);
    await new Promise((resolve) => setTimeout(resolve, 100));
    // A clock that jumps past the wait after the first look.
    const late = idempotent(scope(key), async () => ({ status: 201 }), replayStored, () => (clock += 10_000));
    await expect(late).rejects.toBeInstanceOf(Conflict);
    await running;
  });

  it('releases the key when the write fails or answers 5xx, so a retry runs the write', async () => {
    for (const fail of [async () => { throw new Error('store down'); }, async () => ({ status: 503 })]) {
      const key = `key-${randomUUID()}`;
      await idempotent(scope(key), fail, replayStored).catch(() => undefined);
      const retry = await idempotent(scope(key), async () => ({ status: 201, body: { caseId: 'retried' } }), replayStored);
      expect(retry).toMatchObject({ replayed: false, body: { caseId: 'retried' } });
    }
  });
});

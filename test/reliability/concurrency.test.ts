// Concurrency on the shared twin: many partners writing one case at once, and retried
// registrations. Optimistic locking must let exactly one writer win each version (the others get
// 409 and write nothing), and the history must count up without gaps or duplicates; one
// Idempotency-Key must give one case however many copies of the request arrive at once.
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { auditRecords, seedQuietCase, sharedTables } from '../support/covenant';
import { call, signalFor } from '../support/signed-client';
import { casesWithBsn, dynamoClient, tableName } from '../support/tables';

const REGION = 'kennemerland';
const MUNICIPALITY = `${REGION}.gemeente-haarlem`;
const WRITERS = 50;

/** The versions of a case's history events, straight from the table (consistent read). */
async function historyVersions(caseId: string): Promise<number[]> {
  const out = await dynamoClient().send(
    new QueryCommand({
      TableName: tableName(REGION, 'DataCasesTable'),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :h)',
      ExpressionAttributeValues: { ':pk': { S: `CASE#${caseId}` }, ':h': { S: 'HISTORY#' } },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []).map((i) => Number(unmarshall(i).version));
}

const rectification = (version: number, name: string) => ({ body: { version, subject: { name }, reasoning: 'concurrency test: rectification' } });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`${WRITERS} concurrent conflicting updates of one case`, () => {
  it('one version, fifty writers: exactly one wins, the others get 409 and write nothing', async () => {
    const { caseId } = await seedQuietCase(REGION, { municipality: 'haarlem', state: 'consultation' });
    const replies = await Promise.all(Array.from({ length: WRITERS }, (_, i) => call(MUNICIPALITY, 'PATCH', `/cases/${caseId}`, rectification(1, `Schrijver ${i}`))));
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(WRITERS - 1);
    for (const lost of replies.filter((r) => r.status === 409)) expect(lost.body.error.code).toBe('StaleVersion');
    const winner = replies.find((r) => r.status === 200)!;

    const stored = await call(MUNICIPALITY, 'GET', `/cases/${caseId}`);
    expect(stored.body.version).toBe(2);
    expect(stored.body.subject.name).toBe(winner.body.subject.name);
    expect((await historyVersions(caseId)).sort((a, b) => a - b)).toEqual([1, 2]);
    const writes = (await auditRecords(sharedTables(REGION), caseId)).filter((a) => a.action === 'write' && a.route === 'PATCH /cases/{caseId}');
    expect(writes).toHaveLength(1);
  });

  it('fifty writers retrying on 409: each wins exactly one version, the history has no gaps or duplicates', async () => {
    const { caseId } = await seedQuietCase(REGION, { municipality: 'haarlem', state: 'consultation' });
    const started = performance.now();
    let conflicts = 0;
    // Each writer reads the case, writes on the version it read, and on 409 reads again (with jitter), as a partner system would.
    const writer = async (i: number): Promise<{ version: number; attempts: number }> => {
      for (let attempt = 1; attempt <= 500; attempt++) {
        const read = await call(MUNICIPALITY, 'GET', `/cases/${caseId}`);
        expect(read.status).toBe(200);
        const reply = await call(MUNICIPALITY, 'PATCH', `/cases/${caseId}`, rectification(read.body.version, `Schrijver ${i}`));
        if (reply.status === 200) return { version: reply.body.version, attempts: attempt };
        expect(reply.status, JSON.stringify(reply.body)).toBe(409);
        conflicts += 1;
        await sleep(Math.random() * 20 * Math.min(attempt, 10));
      }
      throw new Error(`writer ${i} never won`);
    };
    const wins = await Promise.all(Array.from({ length: WRITERS }, (_, i) => writer(i)));
    const seconds = (performance.now() - started) / 1000;

    const versions = wins.map((w) => w.version).sort((a, b) => a - b);
    // Exactly one writer per version: versions 2 .. 51, each once.
    expect(versions).toEqual(Array.from({ length: WRITERS }, (_, i) => i + 2));
    const history = (await historyVersions(caseId)).sort((a, b) => a - b);
    expect(history).toEqual(Array.from({ length: WRITERS + 1 }, (_, i) => i + 1));
    const stored = await call(MUNICIPALITY, 'GET', `/cases/${caseId}`);
    expect(stored.body.version).toBe(WRITERS + 1);
    const writes = (await auditRecords(sharedTables(REGION), caseId)).filter((a) => a.action === 'write' && a.route === 'PATCH /cases/{caseId}');
    expect(writes).toHaveLength(WRITERS);
    console.log(
      `concurrency: ${WRITERS} writers on one case, ${WRITERS} wins and ${conflicts} conflicts (409) in ${seconds.toFixed(1)} s; ` +
        `attempts per writer max ${Math.max(...wins.map((w) => w.attempts))}; history versions 1..${WRITERS + 1} without gaps or duplicates`,
    );
  }, 300_000);
});

describe('idempotent registration under concurrency', () => {
  it(`${WRITERS} copies of one signal with one Idempotency-Key: one case, every reply names it`, async () => {
    const signal = signalFor('haarlem');
    const headers = { 'idempotency-key': `reliability-${crypto.randomUUID()}` };
    const replies = await Promise.all(Array.from({ length: WRITERS }, () => call(`${REGION}.politie`, 'POST', '/signals', { body: signal, headers })));
    expect(replies.map((r) => r.status), JSON.stringify(replies.find((r) => r.status !== 201)?.body)).toEqual(Array(WRITERS).fill(201));
    expect(new Set(replies.map((r) => r.body.caseId)).size).toBe(1);
    expect(new Set(replies.map((r) => r.body.caseNumber)).size).toBe(1);
    expect(await casesWithBsn(REGION, signal.subject.bsn)).toBe(1);
  });

  it('one key, two different bodies at once: one case; the other body gets 422 IdempotencyKeyReused', async () => {
    const first = signalFor('haarlem');
    const second = { ...first, reason: 'Een andere aanleiding' };
    const headers = { 'idempotency-key': `reliability-${crypto.randomUUID()}` };
    const replies = await Promise.all(Array.from({ length: WRITERS }, (_, i) => call(`${REGION}.politie`, 'POST', '/signals', { body: i % 2 ? second : first, headers })));
    const created = replies.filter((r) => r.status === 201);
    const refused = replies.filter((r) => r.status === 422);
    expect(created.length + refused.length, JSON.stringify(replies.map((r) => [r.status, r.body?.error?.code]))).toBe(WRITERS);
    expect(new Set(created.map((r) => r.body.caseId)).size).toBe(1);
    for (const r of refused) expect(r.body.error.code).toBe('IdempotencyKeyReused');
    // Every copy of the winning body got the case; every copy of the other body was refused.
    expect([created.length, refused.length].sort()).toEqual([WRITERS / 2, WRITERS / 2]);
    expect(await casesWithBsn(REGION, first.subject.bsn)).toBe(1);
  });
});

// DynamoDB Local stopped under a running twin, mid-run: requests fail fast with 503 and a
// Retry-After (never a timeout, never a 500), nothing is half-written (a case is there with its
// history, subject lookup and audit record, or not at all), and once DynamoDB Local is back on the
// same port and data the service resumes by itself.
import { describe, expect, it } from 'vitest';
import { auditRecords, itemsMentioning, ownTwinTables } from '../support/covenant';
import { usePersistentTwin } from '../support/persistent-twin';
import { signalFor, type Reply } from '../support/signed-client';

const own = usePersistentTwin();
const REGION = 'kennemerland';
const POLICE = `${REGION}.politie`;
/** "Fail fast": an unavailable store answers within this, however the SDK retries. */
const FAST_MS = 5_000;

const timed = async (request: Promise<Reply>) => {
  const started = performance.now();
  const reply = await request;
  return { reply, ms: Math.round(performance.now() - started) };
};

/** Every item of a person's case(s): the case, its history, the subject lookup (or its pending marker, written with the case); and the audit records. */
async function footprint(bsn: string) {
  const tables = ownTwinTables(own.twin(), REGION);
  const items = await itemsMentioning(tables, 'cases', [bsn]);
  const cases = items.filter((i) => i.sk === 'CASE');
  const complete = await Promise.all(
    cases.map(async (c) => {
      const all = await itemsMentioning(tables, 'cases', [c.caseId as string]);
      const audit = await auditRecords(tables, c.caseId as string);
      return all.some((i) => i.sk === 'HISTORY#000001') && all.some((i) => i.entity === 'subject-case' || i.entity === 'subject-pending') && audit.some((a) => a.action === 'write');
    }),
  );
  return { items: items.length, cases: cases.length, complete: complete.every(Boolean) };
}

describe('DynamoDB Local stops mid-run', () => {
  it('fails fast with 503 + Retry-After, writes nothing by halves, and resumes after a restart', async () => {
    // Before: a case, read and written normally.
    const before = await own.call(POLICE, 'POST', '/signals', { body: signalFor('haarlem') });
    expect(before.status).toBe(201);
    const caseId: string = before.body.caseId;
    await own.twin().idle();
    const read = await own.call(`${REGION}.gemeente-haarlem`, 'GET', `/cases/${caseId}`);
    expect(read.status).toBe(200);
    const version: number = read.body.version;

    // Mid-run: a signal every 75 ms; DynamoDB Local goes down under them once the first is stored.
    const inFlight = Array.from({ length: 24 }, (_, i) => ({ signal: signalFor('haarlem'), delayMs: i * 75 }));
    let firstStored: () => void = () => undefined;
    const stored = new Promise<void>((resolve) => (firstStored = resolve));
    const sending = inFlight.map(async ({ signal, delayMs }) => {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      const result = await timed(own.call(POLICE, 'POST', '/signals', { body: signal }));
      if (result.reply.status === 201) firstStored();
      return result;
    });
    await Promise.race([stored, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    await own.stopDynamoDb();
    const midRun = await Promise.all(sending);

    // During the outage: every route touching the store answers 503 with Retry-After, fast.
    const retried = signalFor('haarlem');
    const key = { 'idempotency-key': `outage-${crypto.randomUUID()}` };
    const during = await Promise.all([
      timed(own.call(POLICE, 'POST', '/signals', { body: retried, headers: key })),
      timed(own.call(POLICE, 'GET', `/cases/${caseId}`)),
      timed(own.call(POLICE, 'GET', '/cases?limit=10')),
      timed(own.call(POLICE, 'GET', `/cases/${caseId}/history`)),
      timed(own.call(`${REGION}.gemeente-haarlem`, 'PATCH', `/cases/${caseId}`, { body: { version, subject: { name: 'Tijdens Storing' }, reasoning: 'outage test' } })),
    ]);
    for (const { reply, ms } of during) {
      expect(reply.status, JSON.stringify(reply.body)).toBe(503);
      expect(reply.body.error.code).toBe('ServiceUnavailable');
      expect(Number(reply.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(ms).toBeLessThan(FAST_MS);
    }
    for (const { reply } of midRun) expect([201, 503], JSON.stringify(reply.body)).toContain(reply.status);

    // Back: the same port, the same data.
    await own.startDynamoDb();
    const resumedAt = performance.now();
    let resumed = await own.call(POLICE, 'GET', `/cases/${caseId}`);
    while (resumed.status === 503 && performance.now() - resumedAt < 30_000) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      resumed = await own.call(POLICE, 'GET', `/cases/${caseId}`);
    }
    const resumeMs = Math.round(performance.now() - resumedAt);
    expect(resumed.status).toBe(200);
    // The correction sent during the outage was not applied (the work process may have moved the case on meanwhile).
    expect(resumed.body.subject.name).toBe(read.body.subject.name);
    const history = await own.call(`${REGION}.gemeente-haarlem`, 'GET', `/cases/${caseId}/history`);
    expect(history.body.events.map((e: { type: string }) => e.type)).not.toContain('subject.rectified');
    expect(history.body.events.map((e: { version: number }) => e.version)).toEqual(history.body.events.map((_: unknown, i: number) => i + 1));

    // Nothing by halves: a signal answered 201 is complete; one answered 503 is absent or complete.
    const outcomes = await Promise.all(midRun.map(async ({ reply }, i) => ({ status: reply.status, ...(await footprint(inFlight[i]!.signal.subject.bsn)) })));
    for (const o of outcomes) {
      expect(o.complete, JSON.stringify(o)).toBe(true);
      expect(o.cases, JSON.stringify(o)).toBe(o.status === 201 ? 1 : o.cases);
      expect(o.cases).toBeLessThanOrEqual(1);
    }
    expect(await footprint(retried.subject.bsn)).toEqual({ items: 0, cases: 0, complete: true });

    // The partner retries with the same Idempotency-Key: one case, complete.
    const retry = await own.call(POLICE, 'POST', '/signals', { body: retried, headers: key });
    expect(retry.status).toBe(201);
    expect(await footprint(retried.subject.bsn)).toMatchObject({ cases: 1, complete: true });
    const fresh = await own.call(POLICE, 'POST', '/signals', { body: signalFor('haarlem') });
    expect(fresh.status).toBe(201);

    const ms = during.map((d) => d.ms);
    console.log(
      `outage: ${during.length} requests during the outage answered 503 + Retry-After ${during[0]!.reply.headers.get('retry-after')} s in ${Math.min(...ms)}..${Math.max(...ms)} ms; ` +
        `mid-run signals: ${outcomes.filter((o) => o.status === 201).length} x 201 (complete), ${outcomes.filter((o) => o.status === 503).length} x 503 (${outcomes.filter((o) => o.status === 503 && o.cases === 0).length} left nothing, ${outcomes.filter((o) => o.status === 503 && o.cases === 1).length} complete); ` +
        `service back ${resumeMs} ms after DynamoDB Local restarted`,
    );
  }, 240_000);

  it('starts the work process of a case registered after the restart', async () => {
    const reply = await own.call(POLICE, 'POST', '/signals', { body: signalFor('haarlem') });
    expect(reply.status).toBe(201);
    const deadline = Date.now() + 60_000;
    let tasks: Array<{ kind: string }> = [];
    while (Date.now() < deadline) {
      await own.twin().idle().catch(() => undefined);
      tasks = (await own.call(POLICE, 'GET', `/cases/${reply.body.caseId}/tasks`)).body.tasks ?? [];
      if (tasks.some((t) => t.kind === 'weighing-contribution')) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(tasks.map((t) => t.kind)).toContain('weighing-contribution');
  }, 120_000);
});

// The cases API end to end: signed HTTP through the twin's gateway into the bundled functions
// and DynamoDB Local.
import { describe, expect, it } from 'vitest';
import { call, signalFor } from '../support/signed-client';
import { casesWithBsn } from '../support/tables';

const POLICE = 'kennemerland.politie';

/** Waits until the work process has taken a new case into weighing (its version then stands still). */
async function settled(caseId: string): Promise<{ version: number }> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const read = await call(POLICE, 'GET', `/cases/${caseId}`);
    if (read.body.state === 'weighing') return { version: read.body.version };
    if (Date.now() > deadline) throw new Error(`case ${caseId} did not reach weighing (${read.body.state})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function register(profile = POLICE, municipality = 'haarlem', headers: Record<string, string> = {}) {
  const signal = signalFor(municipality);
  const reply = await call(profile, 'POST', '/signals', { body: signal, headers });
  return { signal, reply };
}

describe('POST /signals', () => {
  it('opens a case in signal-received with a region case number', async () => {
    const { reply } = await register();
    expect(reply.status).toBe(201);
    expect(reply.body.caseId).toMatch(/^[0-9a-f-]{36}$/);
    expect(reply.body.caseNumber).toMatch(/^KEN-\d{4}-\d{6}$/);
    expect(reply.body.state).toBe('signal-received');
    expect(reply.headers.get('location')).toBe(`/cases/${reply.body.caseId}`);
  });

  it('takes the reporting organisation from the signature, never from the body', async () => {
    const signal = { ...signalFor('haarlem'), reportingOrganisation: 'om' };
    const reply = await call(POLICE, 'POST', '/signals', { body: signal });
    expect(reply.status).toBe(422);
    expect(reply.body.error.details).toContainEqual({ path: 'reportingOrganisation', message: 'unknown field' });
    expect(await casesWithBsn('kennemerland', signal.subject.bsn)).toBe(0);

    const { reply: ok } = await register('kennemerland.gemeente-haarlem');
    const read = await call(POLICE, 'GET', `/cases/${ok.body.caseId}`);
    expect(read.body.signal.reportingOrganisation).toBe('gemeente-haarlem');
  });

  it('refuses an invalid BSN with 422 naming subject.bsn, and stores nothing', async () => {
    const signal = signalFor('haarlem');
    signal.subject.bsn = '123456789';
    const reply = await call(POLICE, 'POST', '/signals', { body: signal });
    expect(reply.status).toBe(422);
    expect(reply.body.error.code).toBe('ValidationFailed');
    expect(reply.body.error.details.map((d: { path: string }) => d.path)).toEqual(['subject.bsn']);
    expect(await casesWithBsn('kennemerland', '123456789')).toBe(0);
  });

  it('refuses a municipality of another region with 422 naming subject.municipality', async () => {
    const signal = signalFor('zaanstad');
    const reply = await call(POLICE, 'POST', '/signals', { body: signal });
    expect(reply.status).toBe(422);
    expect(reply.body.error.details[0].path).toBe('subject.municipality');
    expect(await casesWithBsn('kennemerland', signal.subject.bsn)).toBe(0);
  });

  it('answers malformed JSON with 400 and an oversized body with 413', async () => {
    const malformed = await call(POLICE, 'POST', '/signals', { rawBody: '{"subject":' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatchObject({ code: 'MalformedRequest', details: [] });
    const oversized = await call(POLICE, 'POST', '/signals', { body: { ...signalFor('haarlem'), reason: 'x'.repeat(70_000) } });
    expect(oversized.status).toBe(413);
    expect(oversized.body.error.code).toBe('PayloadTooLarge');
    const missing = await call(POLICE, 'POST', '/signals');
    expect(missing.status).toBe(400);
  });

  it('returns the same case for retries with one Idempotency-Key, even 20 at once', async () => {
    const signal = signalFor('haarlem');
    const headers = { 'idempotency-key': `test-${crypto.randomUUID()}` };
    const replies = await Promise.all(Array.from({ length: 20 }, () => call(POLICE, 'POST', '/signals', { body: signal, headers })));
    expect(replies.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(replies.map((r) => r.body.caseId)).size).toBe(1);
    expect(await casesWithBsn('kennemerland', signal.subject.bsn)).toBe(1);

    const reused = await call(POLICE, 'POST', '/signals', { body: { ...signal, reason: 'iets anders' }, headers });
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('IdempotencyKeyReused');
  });

  it('gives 50 concurrent signals 50 distinct, increasing case numbers', async () => {
    const replies = await Promise.all(Array.from({ length: 50 }, () => register()));
    expect(replies.every((r) => r.reply.status === 201)).toBe(true);
    const numbers = replies.map((r) => r.reply.body.caseNumber as string);
    expect(new Set(numbers).size).toBe(50);
    const sequences = numbers.map((n) => Number(n.slice(-6))).sort((a, b) => a - b);
    expect(sequences[49]! - sequences[0]!).toBeGreaterThanOrEqual(49);
  });
});

describe('GET /cases/{caseId} and its history', () => {
  it('reads the case back with its version and history', async () => {
    const { signal, reply } = await register();
    const read = await call(POLICE, 'GET', `/cases/${reply.body.caseId}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ caseId: reply.body.caseId, subject: { bsn: signal.subject.bsn, municipality: 'haarlem' } });
    // The work process takes the case into weighing right away; either state is the case's own.
    expect(['signal-received', 'weighing']).toContain(read.body.state);
    expect(read.body.version).toBeGreaterThanOrEqual(1);
    const history = await call(POLICE, 'GET', `/cases/${reply.body.caseId}/history`);
    expect(history.status).toBe(200);
    expect(history.body.events[0]).toEqual(expect.objectContaining({ version: 1, type: 'signal.received', toState: 'signal-received', organisationId: 'politie' }));
  });

  it('answers an unknown case with 404 and a malformed id with 422', async () => {
    const unknown = await call(POLICE, 'GET', `/cases/${crypto.randomUUID()}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NotFound');
    const malformed = await call(POLICE, 'GET', '/cases/not-a-uuid');
    expect(malformed.status).toBe(422);
    expect(malformed.body.error.details[0].path).toBe('caseId');
  });
});

describe('PATCH /cases/{caseId}', () => {
  it('corrects the person with optimistic locking: a stale version gets 409 and writes nothing', async () => {
    const { reply } = await register('kennemerland.gemeente-haarlem');
    const caseId = reply.body.caseId;
    const { version } = await settled(caseId);
    const ok = await call('kennemerland.gemeente-haarlem', 'PATCH', `/cases/${caseId}`, { body: { version, subject: { name: 'Gecorrigeerde Naam' }, reasoning: 'typfout in de naam' } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ version: version + 1, subject: { name: 'Gecorrigeerde Naam' } });
    const stale = await call('kennemerland.gemeente-haarlem', 'PATCH', `/cases/${caseId}`, { body: { version, subject: { name: 'Andere Naam' }, reasoning: 'nog een correctie' } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('StaleVersion');
    const read = await call(POLICE, 'GET', `/cases/${caseId}`);
    expect(read.body).toMatchObject({ version: version + 1, subject: { name: 'Gecorrigeerde Naam' } });
    const history = await call(POLICE, 'GET', `/cases/${caseId}/history`);
    const events = history.body.events.map((e: { version: number; type: string }) => [e.version, e.type]);
    expect(events[0]).toEqual([1, 'signal.received']);
    expect(events.at(-1)).toEqual([version + 1, 'subject.rectified']);
    expect(events.map((e: [number, string]) => e[0])).toEqual(events.map((_: unknown, i: number) => i + 1));
  });

  it('lets exactly one of 10 concurrent corrections of one version win', async () => {
    const { reply } = await register('kennemerland.gemeente-haarlem');
    const caseId = reply.body.caseId;
    const { version } = await settled(caseId);
    const replies = await Promise.all(
      Array.from({ length: 10 }, (_, i) => call('kennemerland.gemeente-haarlem', 'PATCH', `/cases/${caseId}`, { body: { version, subject: { name: `Naam ${i}` }, reasoning: 'gelijktijdig' } })),
    );
    expect(replies.filter((r) => r.status === 200)).toHaveLength(1);
    expect(replies.filter((r) => r.status === 409)).toHaveLength(9);
    const history = await call(POLICE, 'GET', `/cases/${caseId}/history`);
    expect(history.body.events.map((e: { version: number }) => e.version)).toEqual(Array.from({ length: version + 1 }, (_, i) => i + 1));
  });
});

describe('GET /cases', () => {
  it('lists newest first, filters by state and municipality, and pages with a cursor', async () => {
    const created: string[] = [];
    for (let i = 0; i < 3; i++) created.push((await register(POLICE, 'zandvoort')).reply.body.caseId);
    // The work process moves new cases on; wait until they stand still in weighing.
    for (const caseId of created) await settled(caseId);
    const page1 = await call(POLICE, 'GET', '/cases?limit=2&municipality=zandvoort&state=weighing');
    expect(page1.status).toBe(200);
    expect(page1.body.items).toHaveLength(2);
    expect(page1.body.items.every((c: { municipality: string; state: string }) => c.municipality === 'zandvoort' && c.state === 'weighing')).toBe(true);
    expect(page1.body.items[0].createdAt >= page1.body.items[1].createdAt).toBe(true);
    expect(page1.body.items[0].caseId).toBe(created[2]);
    expect(page1.body.nextCursor).toBeTypeOf('string');
    const page2 = await call(POLICE, 'GET', `/cases?cursor=${encodeURIComponent(page1.body.nextCursor)}&limit=2&municipality=zandvoort&state=weighing`);
    expect(page2.body.items[0].caseId).toBe(created[0]);
    // Summaries carry no personal data.
    expect(JSON.stringify(page1.body)).not.toMatch(/bsn|subject|reason|reporter/);
  });

  it('refuses bad query parameters with 422', async () => {
    const reply = await call(POLICE, 'GET', '/cases?limit=1000&state=unknown');
    expect(reply.status).toBe(422);
    expect(reply.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['limit', 'state']);
    const cursor = await call(POLICE, 'GET', '/cases?cursor=bm90LWEtY3Vyc29y');
    expect(cursor.status).toBe(422);
  });
});

describe('regions and signatures', () => {
  it('keeps a kennemerland case invisible through zaanstreek-waterland', async () => {
    const { reply } = await register();
    const caseId = reply.body.caseId;
    const viaOwnApi = await call('zaanstreek-waterland.politie', 'GET', `/cases/${caseId}`);
    expect(viaOwnApi.status).toBe(404);
    const viaKennemerlandApi = await call('zaanstreek-waterland.politie', 'GET', `/cases/${caseId}`, { region: 'kennemerland' });
    expect(viaKennemerlandApi.status).toBe(403);
  });

  it('refuses unsigned and wrongly signed requests with 403', async () => {
    expect((await call(POLICE, 'GET', '/cases', { unsigned: true })).status).toBe(403);
    expect((await call(POLICE, 'GET', '/cases', { secret: 'not-the-secret-not-the-secret-not-the-se' })).status).toBe(403);
    const tampered = await call(POLICE, 'POST', '/signals', { body: signalFor('haarlem'), tamper: (b) => b.replace('haarlem', 'velsen') });
    expect(tampered.status).toBe(403);
    const expired = await call(POLICE, 'GET', '/cases', { signingDate: new Date(Date.now() - 15 * 60_000) });
    expect(expired.status).toBe(403);
  });
});

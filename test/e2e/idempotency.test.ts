// Idempotency keys on writes (IDEMPOTENT_WRITES): a retry with the same key never writes twice, on
// the twin, through the gateway, signed as the partner.
import { randomUUID } from 'node:crypto';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { CterClient } from '@cter/client';

import { apiOf, call, credentialOf } from '../support/signed-client';
import { idempotencyFingerprint } from '@cter/store';
import { itemsMentioning, seedQuietCase, sharedTables, twinNow } from '../support/covenant';
import { IDEMPOTENT_WRITES, ROUTE_ENTRIES } from '@cter/routes';

const REGION = 'kennemerland';
const GGZ = `${REGION}.ggz`;

async function consultation() {
  const until = new Date((await twinNow()).getTime() + 30 * 86_400_000).toISOString();
  return seedQuietCase(REGION, { municipality: 'haarlem', state: 'consultation', participants: [{ organisationId: 'ggz', role: 'measure-owner', until }] });
}

async function consentBody() {
  return { recipients: ['gemeente-haarlem'], categories: ['care-information'], purposes: ['case-consultation'], givenAt: (await twinNow()).toISOString(), form: 'written' };
}

describe('idempotency keys on writes', () => {
  it('answers a repeat with the same key and request with the first outcome, and writes once', async () => {
    const { caseId } = await consultation();
    const body = await consentBody();
    const key = randomUUID();
    const first = await call(GGZ, 'POST', `/cases/${caseId}/consents`, { body, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();

    const again = await call(GGZ, 'POST', `/cases/${caseId}/consents`, { body, headers: { 'idempotency-key': key } });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    // The record keeps ids, not the consent: a repeat names what the first request wrote.
    expect(again.body).toEqual({ consentId: first.body.consentId, caseId, state: 'active' });

    // Without a key, the same request is a second consent: the key is what makes the retry safe.
    const unkeyed = await call(GGZ, 'POST', `/cases/${caseId}/consents`, { body });
    expect(unkeyed.status).toBe(201);
    expect(unkeyed.body.consentId).not.toBe(first.body.consentId);
    const report = await call(`${REGION}.privacy-officer`, 'POST', '/subjects/report', { body: { bsn: (await caseBsn(caseId)) } });
    expect(report.status).toBe(200);
    const consentIds = new Set(JSON.stringify(report.body).match(/"consentId":"[0-9a-f-]{36}"/g) ?? []);
    expect(consentIds).toEqual(new Set([first.body.consentId, unkeyed.body.consentId].map((id) => `"consentId":"${id}"`)));
  });

  it('refuses the same key with another request (422) and keeps keys per organisation', async () => {
    const { caseId } = await consultation();
    const key = randomUUID();
    const body = await consentBody();
    expect((await call(GGZ, 'POST', `/cases/${caseId}/consents`, { body, headers: { 'idempotency-key': key } })).status).toBe(201);
    const other = await call(GGZ, 'POST', `/cases/${caseId}/consents`, { body: { ...body, categories: ['identity'] }, headers: { 'idempotency-key': key } });
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IdempotencyKeyReused');
    // Another organisation's key space: the same key is a new request for the municipality.
    const municipality = await call(`${REGION}.gemeente-haarlem`, 'POST', `/cases/${caseId}/consents`, { body: { ...body, recipients: ['ggz'] }, headers: { 'idempotency-key': key } });
    expect(municipality.status).toBe(201);
    expect(municipality.headers.get('idempotent-replayed')).toBeNull();
  });

  it('answers 409 while the first request with the key is still being handled, and releases a key whose request failed', async () => {
    const { caseId } = await consultation();
    const key = randomUUID();
    const tables = sharedTables(REGION);
    const client = DynamoDBDocumentClient.from(tables.client);
    const body = await consentBody();
    // The claim a request still running leaves behind (fresh, so not stale), for this very request.
    const claim = (claimedAt: number) => consentRecord(key, caseId, body, { state: 'in-progress', claimedAt, expiresAt: Math.floor(claimedAt / 1000) + 3600 });
    await client.send(new PutCommand({ TableName: tables.cases, Item: claim(Date.now()) }));
    const busy = await call(GGZ, 'POST', `/cases/${caseId}/consents`, { body, headers: { 'idempotency-key': key } });
    expect(busy.status).toBe(409);
    // A claim older than a function can run belongs to a request that died: the key is taken over.
    await client.send(new PutCommand({ TableName: tables.cases, Item: claim(Date.now() - 10 * 60_000) }));
    const takenOver = await call(GGZ, 'POST', `/cases/${caseId}/consents`, { body, headers: { 'idempotency-key': key } });
    expect(takenOver.status).toBe(201);

    // A request refused by the domain (a consent for an unknown partner) stores nothing: fixed, the
    // same key goes through.
    const retryKey = randomUUID();
    const refused = await call(GGZ, 'POST', `/cases/${caseId}/consents`, { body: { ...(await consentBody()), recipients: ['no-such-partner'] }, headers: { 'idempotency-key': retryKey } });
    expect(refused.status).toBe(422);
    const fixed = await call(GGZ, 'POST', `/cases/${caseId}/consents`, { body: { ...(await consentBody()), recipients: ['no-such-partner'] }, headers: { 'idempotency-key': retryKey } });
    expect(fixed.status).toBe(422);
    expect(fixed.headers.get('idempotent-replayed')).toBeNull();
  });

  it('refuses a malformed key with 422 before writing', async () => {
    const { caseId } = await consultation();
    const reply = await call(GGZ, 'POST', `/cases/${caseId}/consents`, { body: await consentBody(), headers: { 'idempotency-key': 'short' } });
    expect(reply.status).toBe(422);
    expect(reply.body.error.details).toEqual([{ path: 'Idempotency-Key', message: expect.any(String) }]);
  });

  it('makes the typed client retry a write whose answer was lost without writing twice: one key for all attempts', async () => {
    const { caseId } = await consultation();
    const { accessKeyId, secretAccessKey } = credentialOf(GGZ);
    const client = new CterClient({ region: REGION, baseUrl: apiOf(REGION).api, credentials: { accessKeyId, secretAccessKey }, retry: { baseDelayMs: 1 } });
    // The fault, on purpose: the first attempt reaches the API and writes, then its answer is lost
    // on the way back (a dropped connection). Every attempt goes through the real fetch.
    const body = await consentBody();
    const realFetch = globalThis.fetch;
    const keys: Array<string | null> = [];
    let lose = true;
    globalThis.fetch = async (input, init) => {
      if (!String(input).includes(`/cases/${caseId}/consents`)) return realFetch(input, init);
      keys.push(new Headers(init?.headers).get('idempotency-key'));
      const response = await realFetch(input, init);
      if (!lose) return response;
      lose = false;
      await response.arrayBuffer();
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
    };
    let reply;
    try {
      reply = await client.send('POST /cases/{caseId}/consents', { path: { caseId }, body: body as never });
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(reply.status).toBe(201);
    expect(reply.headers.get('idempotent-replayed')).toBe('true');
    // One consent, the one the first attempt wrote.
    const report = await call(`${REGION}.privacy-officer`, 'POST', '/subjects/report', { body: { bsn: await caseBsn(caseId) } });
    const consentIds = new Set(JSON.stringify(report.body).match(/"consentId":"[0-9a-f-]{36}"/g) ?? []);
    expect(consentIds).toEqual(new Set([`"consentId":"${(reply.body as { consentId: string }).consentId}"`]));
  });

  it('re-checks on a replay that the caller still sees the case: once its invitation ended, 404, not the stored answer', async () => {
    const until = new Date((await twinNow()).getTime() + 4_000).toISOString();
    const { caseId } = await seedQuietCase(REGION, { municipality: 'haarlem', state: 'consultation', participants: [{ organisationId: 'ggz', role: 'measure-owner', until }] });
    const body = await consentBody();
    const key = randomUUID();
    const first = await call(GGZ, 'POST', `/cases/${caseId}/consents`, { body, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    while ((await twinNow()).toISOString() <= until) await new Promise((resolve) => setTimeout(resolve, 250));
    expect((await call(GGZ, 'GET', `/cases/${caseId}`)).status).toBe(404);
    const again = await call(GGZ, 'POST', `/cases/${caseId}/consents`, { body, headers: { 'idempotency-key': key } });
    expect(again.status, JSON.stringify(again.body)).toBe(404);
    expect(again.body.error.code).toBe('NotFound');
    expect(JSON.stringify(again.body)).not.toContain(first.body.consentId);
  });

  it('keeps no personal data in the record and answers a replay with the case read again, audited (the privacy officer sees it)', async () => {
    const { caseId } = await seedQuietCase(REGION, { municipality: 'haarlem', state: 'consultation' });
    const name = `Hersteld ${randomUUID()}`;
    const key = randomUUID();
    const patch = { body: { version: 1, subject: { name }, reasoning: 'rectification asked by the person' }, headers: { 'idempotency-key': key } };
    const first = await call(`${REGION}.gemeente-haarlem`, 'PATCH', `/cases/${caseId}`, patch);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    // Only the case and its history hold the new name: not the idempotency record.
    const holders = await itemsMentioning(sharedTables(REGION), 'cases', [name]);
    expect(holders.map((i) => String(i.pk)).filter((pk) => !pk.startsWith('CASE#'))).toEqual([]);

    const again = await call(`${REGION}.gemeente-haarlem`, 'PATCH', `/cases/${caseId}`, patch);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);

    const trail = await call(`${REGION}.privacy-officer`, 'GET', `/cases/${caseId}/audit`);
    expect(trail.status).toBe(200);
    const patches = (trail.body.records as Array<Record<string, unknown>>).filter((r) => r.route === 'PATCH /cases/{caseId}' && r.organisationId === 'gemeente-haarlem');
    expect(patches.map((r) => r.action).sort()).toEqual(['read', 'write']);
    expect(patches.find((r) => r.action === 'read')).toMatchObject({ purpose: 'idempotent-replay', categories: ['identity', 'signal'] });
  });

  it('does not replay an expired record (TTL deletes late): the request runs again', async () => {
    const { caseId } = await consultation();
    const key = randomUUID();
    const tables = sharedTables(REGION);
    const client = DynamoDBDocumentClient.from(tables.client);
    const body = await consentBody();
    const claimedAt = Date.now() - 25 * 3600_000;
    // A completed record of a day ago that TTL has not removed yet.
    const outcome = JSON.stringify({ status: 201, ids: { consentId: 'expired-outcome' } });
    await client.send(new PutCommand({ TableName: tables.cases, Item: consentRecord(key, caseId, body, { state: 'done', claimedAt, expiresAt: Math.floor(claimedAt / 1000) + 24 * 3600, outcome }) }));
    const reply = await call(GGZ, 'POST', `/cases/${caseId}/consents`, { body, headers: { 'idempotency-key': key } });
    expect(reply.status).toBe(201);
    expect(reply.headers.get('idempotent-replayed')).toBeNull();
    expect(reply.body.consentId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('covers exactly the writes the capability matrix has besides signals, the PUT that is idempotent by itself and the reading POSTs', () => {
    const writes = ROUTE_ENTRIES.map((c) => c.route).filter((r) => /^(POST|PATCH|DELETE|PUT) /.test(r));
    // PUT of a mentor sets the same state again; PUT of a detention is conditional on the case version, so it takes a key.
    const reading = ['POST /signals', 'POST /covenant/decisions', 'POST /subjects/report', 'PUT /measures/mentors/{mentorId}'];
    // Advice requests write on no case, and the one replay renders a case: no key yet (docs/decisions.md);
    // a repeated conversion is refused (409), a repeated question or message is written twice.
    const withoutKey = ['POST /advice-requests', 'POST /advice-requests/{adviceRequestId}/messages', 'POST /advice-requests/{adviceRequestId}/conversion'];
    expect([...IDEMPOTENT_WRITES].sort()).toEqual(writes.filter((r) => !reading.includes(r) && !withoutKey.includes(r)).sort());
  });
});

async function caseBsn(caseId: string): Promise<string> {
  const view = await call(`${REGION}.gemeente-haarlem`, 'GET', `/cases/${caseId}`);
  return view.body.subject.bsn;
}

/** An idempotency record of GGZ's consent request as the store keeps it (for states a test cannot reach through the API: running, expired). */
function consentRecord(key: string, caseId: string, body: unknown, fields: Record<string, unknown>) {
  const route = 'POST /cases/{caseId}/consents';
  return { pk: `IDEMPOTENCY#ggz#${key}`, sk: 'REQUEST', entity: 'idempotency', route, fingerprint: idempotencyFingerprint(route, { path: { caseId }, body }), ...fields };
}

// Every route that reads or writes personal data writes an audit record (who, organisation, route,
// case, categories, purpose, covenant version, time, request id). The routes come from the capability
// matrix: a new route with `personalData: true` and no probe here fails, and so does a probe whose
// call leaves no audit record behind.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findOrganisation } from '@cter/config';
import { call, signalFor, type Reply } from '../support/signed-client';
import { auditRecords, policeDisclosureToGgz, seedOpenTask, seedQuietCase, sharedTables, twinNow } from '../support/covenant';
import { appendAudit, appendAuditItem } from '@cter/store';
import { callAsMentor, caseWithPlan, mentorWithPlaces, youngAdultPlan } from '../support/measures';
import { ROUTE_ENTRIES } from '@cter/routes';

const REGION = 'kennemerland';
const as = (organisation: string) => `${REGION}.${organisation}`;

interface Probe {
  organisation: string;
  /** Calls the route on a fresh case; returns the reply and the case the audit record must name. */
  run: (profile: string) => Promise<{ reply: Reply; caseId: string }>;
  status: number;
}

const consultation = async () => {
  const until = new Date((await twinNow()).getTime() + 30 * 86_400_000).toISOString();
  return seedQuietCase(REGION, { municipality: 'haarlem', state: 'consultation', participants: [{ organisationId: 'ggz', role: 'measure-owner', until }] });
};

const PROBES: Record<string, Probe> = {
  'POST /signals': {
    organisation: 'politie',
    status: 201,
    run: async (p) => {
      const reply = await call(p, 'POST', '/signals', { body: signalFor('haarlem') });
      return { reply, caseId: reply.body.caseId };
    },
  },
  // Police ask, then name the person: the conversion opens the case and audits the write on it.
  'POST /advice-requests/{adviceRequestId}/conversion': {
    organisation: 'politie',
    status: 201,
    run: async (p) => {
      const asked = await call(p, 'POST', '/advice-requests', { body: { concern: 'Zorgen over een jongere in de wijk', contact: { name: 'Wijkagent', phone: '+31 23 555 0123' } } });
      const reply = await call(p, 'POST', `/advice-requests/${asked.body.adviceRequestId}/conversion`, { body: { subject: signalFor('haarlem').subject, reason: 'Na adviesvraag' } });
      return { reply, caseId: reply.body.caseId };
    },
  },
  'GET /cases/{caseId}': {
    organisation: 'ggz',
    status: 200,
    run: async (p) => {
      const { caseId } = await consultation();
      return { reply: await call(p, 'GET', `/cases/${caseId}`), caseId };
    },
  },
  'PATCH /cases/{caseId}': {
    organisation: 'gemeente-haarlem',
    status: 200,
    run: async (p) => {
      const { caseId } = await consultation();
      return { reply: await call(p, 'PATCH', `/cases/${caseId}`, { body: { version: 1, subject: { name: 'Gecorrigeerde Naam' }, reasoning: 'Naam verkeerd gespeld' } }), caseId };
    },
  },
  'GET /cases/{caseId}/history': {
    organisation: 'politie',
    status: 200,
    run: async (p) => {
      const { caseId } = await consultation();
      return { reply: await call(p, 'GET', `/cases/${caseId}/history`), caseId };
    },
  },
  'POST /cases/{caseId}/decisions': {
    organisation: 'zvh',
    status: 202,
    run: async (p) => {
      const { caseId } = await consultation();
      const task = await seedOpenTask(REGION, caseId);
      return { reply: await call(p, 'POST', `/cases/${caseId}/decisions`, { body: { task, outcome: 'continue', reasoning: 'Plan loopt volgens afspraak' } }), caseId };
    },
  },
  'POST /cases/{caseId}/consultations': {
    organisation: 'zvh',
    status: 201,
    run: async (p) => {
      const { caseId } = await consultation();
      const scheduledAt = new Date((await twinNow()).getTime() + 86_400_000).toISOString();
      return { reply: await call(p, 'POST', `/cases/${caseId}/consultations`, { body: { scheduledAt, attendees: ['zvh', 'gemeente-haarlem'], agenda: ['Plan van aanpak'] } }), caseId };
    },
  },
  'POST /cases/{caseId}/consultations/{consultationId}/outcome': {
    organisation: 'zvh',
    status: 200,
    run: async (p) => {
      const { caseId } = await consultation();
      // Entered after it took place, an hour ago.
      const scheduledAt = new Date((await twinNow()).getTime() - 3_600_000).toISOString();
      const scheduled = await call(p, 'POST', `/cases/${caseId}/consultations`, { body: { scheduledAt, attendees: ['zvh'], agenda: ['Plan van aanpak'] } });
      expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(201);
      return { reply: await call(p, 'POST', `/cases/${caseId}/consultations/${scheduled.body.consultationId}/outcome`, { body: { summary: 'Plan besproken', decisions: [{ text: 'Plan vastgesteld' }] } }), caseId };
    },
  },
  'GET /cases/{caseId}/consultations': {
    organisation: 'politie',
    status: 200,
    run: async (p) => {
      const { caseId } = await consultation();
      return { reply: await call(p, 'GET', `/cases/${caseId}/consultations`), caseId };
    },
  },
  'POST /cases/{caseId}/participants': {
    organisation: 'gemeente-haarlem',
    status: 201,
    run: async (p) => {
      const { caseId } = await consultation();
      const until = new Date((await twinNow()).getTime() + 30 * 86_400_000).toISOString();
      return { reply: await call(p, 'POST', `/cases/${caseId}/participants`, { body: { version: 1, organisationId: 'reclassering', role: 'measure-owner', until, reasoning: 'Toezicht' } }), caseId };
    },
  },
  'DELETE /cases/{caseId}/participants/{organisationId}': {
    organisation: 'zvh',
    status: 200,
    run: async (p) => {
      const { caseId } = await consultation();
      return { reply: await call(p, 'DELETE', `/cases/${caseId}/participants/ggz`), caseId };
    },
  },
  'POST /cases/{caseId}/transfers': {
    organisation: 'gemeente-haarlem',
    status: 202,
    run: async (p) => {
      const { caseId } = await consultation();
      const body = { version: 1, toRegion: 'zaanstreek-waterland', toMunicipality: 'zaanstad', reasoning: 'Betrokkene verhuist naar Zaandam' };
      return { reply: await call(p, 'POST', `/cases/${caseId}/transfers`, { body }), caseId };
    },
  },
  'PUT /cases/{caseId}/detention': {
    organisation: 'gemeente-haarlem',
    status: 202,
    run: async (p) => {
      const { caseId } = await seedQuietCase(REGION, { municipality: 'haarlem', state: 'monitoring' });
      const releaseDate = new Date((await twinNow()).getTime() + 200 * 86_400_000).toISOString();
      return { reply: await call(p, 'PUT', `/cases/${caseId}/detention`, { body: { version: 1, releaseDate, reasoning: 'Betrokkene is gedetineerd' } }), caseId };
    },
  },
  'POST /cases/{caseId}/disclosures': {
    organisation: 'politie',
    status: 201,
    run: async (p) => {
      const { caseId } = await consultation();
      return { reply: await call(p, 'POST', `/cases/${caseId}/disclosures`, { body: policeDisclosureToGgz() }), caseId };
    },
  },
  'POST /cases/{caseId}/consents': {
    organisation: 'ggz',
    status: 201,
    run: async (p) => {
      const { caseId } = await consultation();
      const body = { recipients: ['gemeente-haarlem'], categories: ['care-information'], purposes: ['case-consultation'], givenAt: (await twinNow()).toISOString(), form: 'written' };
      return { reply: await call(p, 'POST', `/cases/${caseId}/consents`, { body }), caseId };
    },
  },
  'POST /cases/{caseId}/consents/{consentId}/withdrawal': {
    organisation: 'ggz',
    status: 200,
    run: async (p) => {
      const { caseId } = await consultation();
      const body = { recipients: ['gemeente-haarlem'], categories: ['care-information'], purposes: ['case-consultation'], givenAt: (await twinNow()).toISOString(), form: 'written' };
      const consent = await call(p, 'POST', `/cases/${caseId}/consents`, { body });
      expect(consent.status).toBe(201);
      return { reply: await call(p, 'POST', `/cases/${caseId}/consents/${consent.body.consentId}/withdrawal`, { body: {} }), caseId };
    },
  },
  'POST /cases/{caseId}/informing': {
    organisation: 'gemeente-haarlem',
    status: 201,
    run: async (p) => {
      const { caseId } = await consultation();
      return { reply: await call(p, 'POST', `/cases/${caseId}/informing`, { body: { kind: 'deferred', ground: 'safety', reason: 'Dreiging richting het gezin', reviewAt: '2099-01-01' } }), caseId };
    },
  },
  'GET /cases/{caseId}/audit': {
    organisation: 'privacy-officer',
    status: 200,
    run: async (p) => {
      const { caseId } = await consultation();
      return { reply: await call(p, 'GET', `/cases/${caseId}/audit`), caseId };
    },
  },
  'POST /subjects/report': {
    organisation: 'privacy-officer',
    status: 200,
    run: async (p) => {
      const { caseId, bsn } = await consultation();
      return { reply: await call(p, 'POST', '/subjects/report', { body: { bsn } }), caseId };
    },
  },
  // A research export that releases no trajectory (none started in 2000) is audited under no case.
  'GET /exports/one-on-one': {
    organisation: 'zvh',
    status: 200,
    run: async (p) => ({ reply: await call(p, 'GET', '/exports/one-on-one?from=2000-01-01&to=2000-12-31'), caseId: 'none' }),
  },
  // Measures service: a case in consultation with the ONE-on-ONE organisation invited and a plan drafted by the ZVH.
  'GET /cases/{caseId}/plan': {
    organisation: 'gemeente-haarlem',
    status: 200,
    run: async (p) => {
      const { caseId } = await caseWithPlan(REGION);
      return { reply: await call(p, 'GET', `/cases/${caseId}/plan`), caseId };
    },
  },
  'POST /cases/{caseId}/plan': {
    organisation: 'zvh',
    status: 201,
    run: async (p) => {
      const { caseId } = await consultation();
      return { reply: await call(p, 'POST', `/cases/${caseId}/plan`, { body: youngAdultPlan() }), caseId };
    },
  },
  'GET /cases/{caseId}/measures/suggestions': {
    organisation: 'zvh',
    status: 200,
    run: async (p) => {
      const { caseId } = await caseWithPlan(REGION);
      return { reply: await call(p, 'GET', `/cases/${caseId}/measures/suggestions`), caseId };
    },
  },
  'POST /cases/{caseId}/measures/{measureId}/transitions': {
    organisation: 'gemeente-haarlem',
    status: 200,
    run: async (p) => {
      const { caseId, adoptedOn, measures } = await caseWithPlan(REGION, { adopted: true });
      return { reply: await call(p, 'POST', `/cases/${caseId}/measures/${measures.daytime}/transitions`, { body: { action: 'start', startedOn: adoptedOn } }), caseId };
    },
  },
  'POST /cases/{caseId}/measures/{measureId}/notes': {
    organisation: 'gemeente-haarlem',
    status: 201,
    run: async (p) => {
      const { caseId, measures } = await caseWithPlan(REGION);
      return { reply: await call(p, 'POST', `/cases/${caseId}/measures/${measures.daytime}/notes`, { body: { text: 'Intake bij het werkleerbedrijf gepland' } }), caseId };
    },
  },
  'POST /cases/{caseId}/measures/{measureId}/sessions': {
    organisation: 'one-on-one',
    status: 201,
    run: async (p) => {
      const { caseId, adoptedOn, measures } = await caseWithPlan(REGION, { adopted: true });
      const mentorId = await mentorWithPlaces(REGION);
      expect((await call(p, 'POST', `/cases/${caseId}/measures/${measures.mentor}/mentor`, { body: { mentorId } })).status).toBe(200);
      expect((await call(p, 'POST', `/cases/${caseId}/measures/${measures.mentor}/transitions`, { body: { action: 'start', startedOn: adoptedOn } })).status).toBe(200);
      const session = { date: adoptedOn, durationMinutes: 45, themes: ['identity'], progress: { 'working-relationship': 3, 'self-reliance': 3, 'social-connection': 3, 'future-perspective': 3, resilience: 3 } };
      // Logged by the mentor: the organisation's role assumed with the mentor's id as session name.
      return { reply: await callAsMentor(REGION, mentorId, 'POST', `/cases/${caseId}/measures/${measures.mentor}/sessions`, { body: session }), caseId };
    },
  },
  'POST /cases/{caseId}/measures/{measureId}/mentor': {
    organisation: 'one-on-one',
    status: 200,
    run: async (p) => {
      const { caseId, measures } = await caseWithPlan(REGION);
      const mentorId = await mentorWithPlaces(REGION);
      return { reply: await call(p, 'POST', `/cases/${caseId}/measures/${measures.mentor}/mentor`, { body: { mentorId } }), caseId };
    },
  },
};

const personalDataRoutes = ROUTE_ENTRIES.filter((c) => c.personalData).map((c) => c.route);

describe('audit coverage', () => {
  it('has a probe for every route of the capability matrix that touches personal data', () => {
    expect(Object.keys(PROBES).sort()).toEqual([...personalDataRoutes].sort());
  });

  // Probes that walk the real work process (caseWithPlan adopted) take longer than the default.
  it.each(personalDataRoutes)('%s writes an audit record with the covenant version in force', { timeout: 180_000 }, async (route) => {
    const probe = PROBES[route];
    if (!probe) throw new Error(`no audit probe for ${route}: add one to PROBES`);
    const capability = ROUTE_ENTRIES.find((c) => c.route === route)!;
    expect(capability.allowed, `${probe.organisation} must be allowed to call ${route}`).toContain(findOrganisation(REGION, probe.organisation)!.type);
    const started = new Date(Date.now() - 1000).toISOString();
    const { reply, caseId } = await probe.run(as(probe.organisation));
    expect(reply.status, JSON.stringify(reply.body)).toBe(probe.status);
    // The probe's own records, by the gateway's request id: records under no case ('none') are shared by
    // every call of the route in this twin, other test files' too.
    const ownRequest = reply.headers.get('x-amzn-requestid');
    const records = (await auditRecords(sharedTables(REGION), caseId)).filter((r) => r.route === route && r.organisationId === probe.organisation && r.requestId === ownRequest);
    expect(records.length, `no audit record of ${route} by ${probe.organisation} on ${caseId}`).toBeGreaterThan(0);
    for (const record of records) {
      expect(record).toMatchObject({
        caseId,
        regionId: REGION,
        action: expect.stringMatching(/^(read|write)$/),
        principalArn: expect.stringContaining(`cter-${REGION}-${probe.organisation}`),
        categories: expect.any(Array),
        purpose: expect.any(String),
        covenantVersion: 'cter-2023',
        requestId: expect.any(String),
      });
      // The virtual clock may run ahead of real time, never behind it.
      expect(record.at >= started).toBe(true);
    }
  });

  it('does not audit what it does not read: an unknown case is a 404 without a record', async () => {
    const caseId = randomUUID();
    expect((await call(as('politie'), 'GET', `/cases/${caseId}`)).status).toBe(404);
    expect(await auditRecords(sharedTables(REGION), caseId)).toEqual([]);
  });
});

// Every audit write the functions send is checked to be create-only in test/e2e/recorded-writes.test.ts.
describe('audit records are create-only', () => {
  it('refuses to overwrite an existing record through the store\'s own append path', async () => {
    const tables = sharedTables(REGION);
    const registered = await call(as('politie'), 'POST', '/signals', { body: signalFor('haarlem') });
    expect(registered.status).toBe(201);
    // The work process appends records of its own meanwhile: take the signal's by its route.
    const original = (await auditRecords(tables, registered.body.caseId)).find((r) => r.route === 'POST /signals')!;
    expect(original).toMatchObject({ route: 'POST /signals', organisationId: 'politie' });
    // Same key, other content: a forged record in place of the real one.
    await expect(appendAuditItem(tables.audit, { ...original, organisationId: 'someone-else', route: 'GET /cases/{caseId}' })).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    // appendAudit always adds a record of its own (a new sort key), never replaces one.
    const requestId = randomUUID();
    await appendAudit(tables.audit, { caseId: registered.body.caseId, action: 'read', route: 'test', organisationId: 'test', regionId: REGION, principalArn: 'test', categories: [], purpose: 'test', requestId, at: original.at });
    const after = await auditRecords(tables, registered.body.caseId);
    expect(after).toContainEqual(original);
    expect(after.filter((r) => r.route === 'POST /signals')).toHaveLength(1);
    expect(after.filter((r) => r.requestId === requestId)).toHaveLength(1);
  });
});

// The access matrix: every organisation x every route x {a case it takes part in, a case of
// another region, a case it is not invited to, an unknown id}, through signed HTTP on the twin.
// Expected outcomes come from the capability matrix (IAM layer) and the visibility table below
// (object layer). A route the API has but this test cannot call fails the test.
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { INVITED_PARTNERS, organisationsOf, type Organisation, type OrganisationType } from '@cter/config';
import { readAssembly } from '@cter/twin';
import { restApisOf } from '../../packages/twin/src/api-routes';
import { call, signalFor, type Reply } from '../support/signed-client';
import { seedCase, seedDecidedTask } from '../support/seed';
import { seedWithdrawnConsent } from '../support/covenant';
import { youngAdultPlan } from '../support/measures';
import { ASSEMBLY_DIR } from '../support/assembly';
import { ROUTE_ENTRIES } from '@cter/routes';

type Scenario = 'participating' | 'notInvited' | 'otherRegion' | 'unknown';
const SCENARIOS: Scenario[] = ['participating', 'notInvited', 'otherRegion', 'unknown'];

/**
 * Which seeded case each organisation type may see (the object layer), written out by hand so it
 * does not repeat the code it tests. The participating case is in haarlem, the other in velsen,
 * both in consultation; every invited partner type is invited to the participating one.
 */
const SEES: Record<OrganisationType, (org: Organisation, scenario: Scenario) => boolean> = {
  municipality: (org, s) => (s === 'participating' && org.id === 'gemeente-haarlem') || (s === 'notInvited' && org.id === 'gemeente-velsen'),
  police: (_, s) => s === 'participating' || s === 'notInvited',
  prosecutor: (_, s) => s === 'participating' || s === 'notInvited',
  'specialist-re': (_, s) => s === 'participating' || s === 'notInvited',
  zvh: (_, s) => s === 'participating' || s === 'notInvited',
  'child-protection': (_, s) => s === 'participating',
  probation: (_, s) => s === 'participating',
  'prison-service': (_, s) => s === 'participating',
  'mental-health-care': (_, s) => s === 'participating',
  'youth-care': (_, s) => s === 'participating',
  'domestic-violence': (_, s) => s === 'participating',
  mentoring: (_, s) => s === 'participating',
  'privacy-officer': () => false,
  school: () => false,
};

/** How each route is called in the matrix, and what a visible case answers. */
const PROBES: Record<string, { call: (profile: string, caseId: string) => Promise<Reply>; visible: number; caseScoped: boolean; sees?: (org: Organisation, scenario: Scenario) => boolean }> = {
  'POST /signals': { call: (p) => call(p, 'POST', '/signals', { body: signalFor('haarlem') }), visible: 201, caseScoped: false },
  'GET /cases': { call: (p) => call(p, 'GET', '/cases?limit=100'), visible: 200, caseScoped: false },
  'GET /cases/{caseId}': { call: (p, id) => call(p, 'GET', `/cases/${id}`), visible: 200, caseScoped: true },
  'GET /cases/{caseId}/history': { call: (p, id) => call(p, 'GET', `/cases/${id}/history`), visible: 200, caseScoped: true },
  // Stale versions: a visible case answers 409 (the object check passed, nothing is written).
  'PATCH /cases/{caseId}': { call: (p, id) => call(p, 'PATCH', `/cases/${id}`, { body: { version: 999, subject: { name: 'X' }, reasoning: 'matrix' } }), visible: 409, caseScoped: true },
  'GET /cases/{caseId}/tasks': { call: (p, id) => call(p, 'GET', `/cases/${id}/tasks`), visible: 200, caseScoped: true },
  // A decision on a task that was already decided: a visible case answers 409.
  'POST /cases/{caseId}/decisions': {
    call: (p, id) => call(p, 'POST', `/cases/${id}/decisions`, { body: { task: decidedTasks[id] ?? crypto.randomUUID(), outcome: 'continue', reasoning: 'matrix' } }),
    visible: 409,
    caseScoped: true,
  },
  'POST /cases/{caseId}/transfers': {
    call: (p, id) => call(p, 'POST', `/cases/${id}/transfers`, { body: { version: 999, toRegion: 'zaanstreek-waterland', toMunicipality: 'zaanstad', reasoning: 'matrix' } }),
    visible: 409,
    caseScoped: true,
  },
  'PUT /cases/{caseId}/detention': {
    call: (p, id) => call(p, 'PUT', `/cases/${id}/detention`, { body: { version: 999, releaseDate: new Date(Date.now() + 200 * 86_400_000).toISOString(), reasoning: 'matrix' } }),
    visible: 409,
    caseScoped: true,
  },
  'POST /cases/{caseId}/participants': {
    call: (p, id) => call(p, 'POST', `/cases/${id}/participants`, { body: { version: 999, organisationId: 'ggz', role: 'consultation', until: new Date(Date.now() + 86_400_000).toISOString(), reasoning: 'matrix' } }),
    visible: 409,
    caseScoped: true,
  },
  // An organisation that does not exist: a visible case answers 422 (the object check passed, nothing is written).
  'DELETE /cases/{caseId}/participants/{organisationId}': { call: (p, id) => call(p, 'DELETE', `/cases/${id}/participants/no-such-partner`), visible: 422, caseScoped: true },
  // A consultation date long past: a visible case answers 422 (the object check passed, nothing is written).
  'POST /cases/{caseId}/consultations': { call: (p, id) => call(p, 'POST', `/cases/${id}/consultations`, { body: { scheduledAt: '2000-01-01T09:00:00Z', attendees: ['zvh'], agenda: ['matrix'] } }), visible: 422, caseScoped: true },
  // A decision owner that does not exist: a visible case answers 422 before the consultation is looked up.
  'POST /cases/{caseId}/consultations/{consultationId}/outcome': {
    call: (p, id) => call(p, 'POST', `/cases/${id}/consultations/${crypto.randomUUID()}/outcome`, { body: { summary: 'matrix', decisions: [{ text: 'matrix', owner: 'no-such-partner' }] } }),
    visible: 422,
    caseScoped: true,
  },
  'GET /cases/{caseId}/consultations': { call: (p, id) => call(p, 'GET', `/cases/${id}/consultations`), visible: 200, caseScoped: true },
  'GET /tasks': { call: (p) => call(p, 'GET', '/tasks?limit=5'), visible: 200, caseScoped: false },
  // Advice requests belong to no case. A BSN in the concern: every asker the gateway lets through gets
  // 422 and nothing is written; an unknown request is the same 404 for everyone (the rule itself is
  // walked in advice-requests.test.ts).
  'POST /advice-requests': { call: (p) => call(p, 'POST', '/advice-requests', { body: { concern: 'Over BSN 111222333', contact: { name: 'Matrix', phone: '+31 20 555 0000' } } }), visible: 422, caseScoped: false },
  'GET /advice-requests': { call: (p) => call(p, 'GET', '/advice-requests?limit=5'), visible: 200, caseScoped: false },
  'GET /advice-requests/{adviceRequestId}': { call: (p) => call(p, 'GET', `/advice-requests/${crypto.randomUUID()}`), visible: 404, caseScoped: false },
  'POST /advice-requests/{adviceRequestId}/messages': { call: (p) => call(p, 'POST', `/advice-requests/${crypto.randomUUID()}/messages`, { body: { kind: 'reply', text: 'matrix' } }), visible: 404, caseScoped: false },
  'POST /advice-requests/{adviceRequestId}/conversion': {
    call: (p) => call(p, 'POST', `/advice-requests/${crypto.randomUUID()}/conversion`, { body: { subject: signalFor('haarlem').subject, reason: 'matrix' } }),
    visible: 404,
    caseScoped: false,
  },
  // Covenant service. A question to the covenant reads no case: every caller gets an answer.
  'POST /covenant/decisions': {
    call: (p) => call(p, 'POST', '/covenant/decisions', { body: { sender: 'gemeente-haarlem', recipients: [{ organisationId: 'politie' }], categories: ['identity'], purpose: 'weighing', stage: 'weighing', basis: { kind: 'legal-basis', reference: 'municipal-public-task' } } }),
    visible: 200,
    caseScoped: false,
  },
  // An unknown recipient: a visible case answers 422 (the object check passed, nothing is disclosed).
  'POST /cases/{caseId}/disclosures': {
    call: (p, id) =>
      call(p, 'POST', `/cases/${id}/disclosures`, {
        body: { recipients: ['no-such-partner'], categories: ['identity'], items: [{ category: 'identity', label: 'matrix', content: 'matrix' }], purpose: 'case-consultation', basis: { kind: 'legal-basis', reference: 'matrix' }, proportionality: 'matrix', subsidiarity: 'matrix' },
      }),
    visible: 422,
    caseScoped: true,
  },
  'POST /cases/{caseId}/consents': {
    call: (p, id) => call(p, 'POST', `/cases/${id}/consents`, { body: { recipients: ['no-such-partner'], categories: ['identity'], purposes: ['case-consultation'], givenAt: new Date().toISOString(), form: 'written' } }),
    visible: 422,
    caseScoped: true,
  },
  // A consent withdrawn before: a visible case answers 409.
  'POST /cases/{caseId}/consents/{consentId}/withdrawal': {
    call: (p, id) => call(p, 'POST', `/cases/${id}/consents/${withdrawnConsents[id] ?? crypto.randomUUID()}/withdrawal`, { body: {} }),
    visible: 409,
    caseScoped: true,
  },
  // A review date in the past: a visible case answers 422.
  'POST /cases/{caseId}/informing': {
    call: (p, id) => call(p, 'POST', `/cases/${id}/informing`, { body: { kind: 'deferred', ground: 'safety', reason: 'matrix', reviewAt: '2000-01-01' } }),
    visible: 422,
    caseScoped: true,
  },
  // The privacy officer sees the audit trail of every case of its region, and only of its region.
  'GET /cases/{caseId}/audit': { call: (p, id) => call(p, 'GET', `/cases/${id}/audit`), visible: 200, caseScoped: true, sees: (_, s) => s === 'participating' || s === 'notInvited' },
  'POST /subjects/report': { call: (p) => call(p, 'POST', '/subjects/report', { body: { bsn: '111222333' } }), visible: 200, caseScoped: false },
  // Measures service. The seeded cases have no plan: reading one answers 200 with `plan: null`, a write
  // that needs a plan answers 409 (a state of a visible case, never the 404 of an invisible one).
  'GET /measures/catalogue': { call: (p) => call(p, 'GET', '/measures/catalogue'), visible: 200, caseScoped: false },
  'GET /measures/evaluation-export': { call: (p) => call(p, 'GET', '/measures/evaluation-export?format=json&period=2019-Q1'), visible: 200, caseScoped: false },
  'GET /exports/one-on-one': { call: (p) => call(p, 'GET', '/exports/one-on-one?from=2000-01-01&to=2000-12-31'), visible: 200, caseScoped: false },
  'GET /reports/process': { call: (p) => call(p, 'GET', '/reports/process?from=2019-01-01&to=2019-03-31'), visible: 200, caseScoped: false },
  // A mentor without places is never matched, so the probe does not disturb the measures tests.
  'PUT /measures/mentors/{mentorId}': { call: (p) => call(p, 'PUT', '/measures/mentors/matrix-probe', { body: { capacity: 0, languages: ['nl'], gender: 'male' } }), visible: 200, caseScoped: false },
  'GET /cases/{caseId}/plan': { call: (p, id) => call(p, 'GET', `/cases/${id}/plan`), visible: 200, caseScoped: true },
  // A revision of a plan that does not exist: nothing is written.
  'POST /cases/{caseId}/plan': { call: (p, id) => call(p, 'POST', `/cases/${id}/plan`, { body: { ...youngAdultPlan(), basedOnVersion: 999 } }), visible: 409, caseScoped: true },
  'GET /cases/{caseId}/measures/suggestions': { call: (p, id) => call(p, 'GET', `/cases/${id}/measures/suggestions`), visible: 200, caseScoped: true },
  'POST /cases/{caseId}/measures/{measureId}/transitions': { call: (p, id) => call(p, 'POST', `/cases/${id}/measures/m-matrix/transitions`, { body: { action: 'start', startedOn: '2026-01-01' } }), visible: 409, caseScoped: true },
  'POST /cases/{caseId}/measures/{measureId}/notes': { call: (p, id) => call(p, 'POST', `/cases/${id}/measures/m-matrix/notes`, { body: { text: 'matrix' } }), visible: 409, caseScoped: true },
  'POST /cases/{caseId}/measures/{measureId}/sessions': {
    call: (p, id) =>
      call(p, 'POST', `/cases/${id}/measures/m-matrix/sessions`, {
        body: { date: '2026-01-01', durationMinutes: 30, themes: ['identity'], progress: { 'working-relationship': 3, 'self-reliance': 3, 'social-connection': 3, 'future-perspective': 3, resilience: 3 } },
      }),
    visible: 409,
    caseScoped: true,
  },
  'POST /cases/{caseId}/measures/{measureId}/mentor': { call: (p, id) => call(p, 'POST', `/cases/${id}/measures/m-matrix/mentor`, { body: {} }), visible: 409, caseScoped: true },
};

const organisations = organisationsOf('kennemerland');
const cases: Record<Scenario, string> = { participating: '', notInvited: '', otherRegion: '', unknown: crypto.randomUUID() };
const decidedTasks: Record<string, string> = {};
const withdrawnConsents: Record<string, string> = {};

beforeAll(async () => {
  const until = new Date(Date.now() + 7 * 86_400_000).toISOString();
  cases.participating = await seedCase('kennemerland', { municipality: 'haarlem', state: 'consultation', participants: organisations.filter((o) => INVITED_PARTNERS.includes(o.type)).map((o) => ({ organisationId: o.id, role: 'consultation', until })) });
  cases.notInvited = await seedCase('kennemerland', { municipality: 'velsen', state: 'consultation', participants: [] });
  cases.otherRegion = await seedCase('zaanstreek-waterland', { municipality: 'zaanstad', state: 'consultation', participants: [] });
  decidedTasks[cases.participating] = await seedDecidedTask('kennemerland', cases.participating);
  decidedTasks[cases.notInvited] = await seedDecidedTask('kennemerland', cases.notInvited);
  decidedTasks[cases.otherRegion] = await seedDecidedTask('zaanstreek-waterland', cases.otherRegion);
  for (const s of ['participating', 'notInvited'] as const) withdrawnConsents[cases[s]] = await seedWithdrawnConsent('kennemerland', cases[s]);
});

describe('the matrix covers the API', () => {
  it('has a capability row and a probe for every route the synthesized API serves', () => {
    const stack = readAssembly(ASSEMBLY_DIR).find((s) => s.stageName === 'kennemerland')!;
    const served = restApisOf(stack)[0]!.routes.map((r) => `${r.method} ${r.resourcePath}`).sort();
    expect(served).toEqual(ROUTE_ENTRIES.map((c) => c.route).sort());
    expect(Object.keys(PROBES).sort()).toEqual(served);
  });
});

describe.each(organisations.map((o) => [o.id, o] as const))('kennemerland.%s', (_, org) => {
  const profile = `kennemerland.${org.id}`;
  const routes = ROUTE_ENTRIES.map((c) => [c.route, c.allowed.includes(org.type)] as const);

  it.each(routes)('%s (IAM allows: %s)', async (route, iamAllows) => {
    const probe = PROBES[route]!;
    const scenarios: Scenario[] = probe.caseScoped ? SCENARIOS : ['participating'];
    for (const scenario of scenarios) {
      const reply = await probe.call(profile, cases[scenario]);
      const expected = !iamAllows ? 403 : !probe.caseScoped || (probe.sees ?? SEES[org.type])(org, scenario) ? probe.visible : 404;
      expect(reply.status, `${route} on ${scenario}: ${JSON.stringify(reply.body)}`).toBe(expected);
      if (expected === 403) expect(reply.body.__type, route).toBe('AccessDeniedException');
      if (expected === 404) expect(reply.body.error.code).toBe('NotFound');
      if (route === 'GET /cases' && expected === 200) {
        const listed = new Set(reply.body.items.map((c: { caseId: string }) => c.caseId));
        for (const s of ['participating', 'notInvited'] as const) expect(listed.has(cases[s]), `lists ${s}`).toBe(SEES[org.type](org, s));
        expect(listed.has(cases.otherRegion)).toBe(false);
      }
    }
  });
});

describe('field shaping', () => {
  it('shows an invited care partner the person, not the signal, BSN or reporter', async () => {
    const reply = await call('kennemerland.ggz', 'GET', `/cases/${cases.participating}`);
    expect(reply.status).toBe(200);
    expect(reply.body.subject).toEqual({ name: expect.any(String), birthDate: expect.any(String), municipality: 'haarlem' });
    expect(reply.body).not.toHaveProperty('signal');
    expect(JSON.stringify(reply.body)).not.toMatch(/bsn|reporter|reason/);
  });

  it('shows the directing municipality everything', async () => {
    const reply = await call('kennemerland.gemeente-haarlem', 'GET', `/cases/${cases.participating}`);
    expect(reply.body.subject.bsn).toMatch(/^\d{9}$/);
    expect(reply.body.signal.reporter.name).toBeTypeOf('string');
  });

  it('hides reasoning in the history from invited partners', async () => {
    const reply = await call('kennemerland.ggz', 'GET', `/cases/${cases.participating}/history`);
    expect(reply.status).toBe(200);
    expect(JSON.stringify(reply.body)).not.toContain('reasoning');
  });

  it('ends an invitation by itself', async () => {
    const expired = await seedCase('kennemerland', { municipality: 'haarlem', state: 'consultation', participants: [{ organisationId: 'ggz', role: 'consultation', until: new Date(Date.now() - 1000).toISOString() }] });
    expect((await call('kennemerland.ggz', 'GET', `/cases/${expired}`)).status).toBe(404);
  });
});

describe('the gateway refuses what is not properly signed', () => {
  const route = (options: Parameters<typeof call>[3]) => call('kennemerland.politie', 'GET', '/cases', options);
  it.each([
    ['unsigned', { unsigned: true }],
    ['wrong secret', { secret: 'x'.repeat(40) }],
    ['expired date', { signingDate: new Date(Date.now() - 20 * 60_000) }],
  ] as const)('%s: 403', async (_, options) => {
    expect((await route(options)).status).toBe(403);
  });
  it("other region's credentials: 403", async () => {
    expect((await call('zaanstreek-waterland.politie', 'GET', '/cases', { region: 'kennemerland' })).status).toBe(403);
  });
  it('tampered body: 403, and nothing stored', async () => {
    const reply = await call('kennemerland.politie', 'POST', '/signals', { body: signalFor('haarlem'), tamper: (b) => b.replace('Zorgen', 'Xorgen') });
    expect(reply.status).toBe(403);
  });
});

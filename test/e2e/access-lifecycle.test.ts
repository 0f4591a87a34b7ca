// The access matrix over the whole lifecycle: one case per state a case stands still in, each
// driven there through the API and the work process (signed HTTP, the twin's clock), then every
// organisation of the region on the case routes. The ZVH and invited partners see a case only once
// it was admitted (recorded on the case), whatever state it is in now; the history is shaped per
// view level; invitations are capped and revocable; PATCH only touches fields the caller can read.
// `signal-received` and `more-information` are passed through at once by the work process (no
// case stands still there); the unit test of caseViewLevel covers every state.
import { beforeAll, describe, expect, it } from 'vitest';
import { INVITED_PARTNERS, organisationsOf, type Organisation } from '@cter/config';
import { useOwnTwin } from '../support/own-twin';
import { WorkflowDriver } from '../support/workflow-driver';

const own = useOwnTwin();
const ken = () => new WorkflowDriver(own, 'kennemerland');
const zw = () => new WorkflowDriver(own, 'zaanstreek-waterland');
const DAY = 86_400_000;
const ORGANISATIONS = organisationsOf('kennemerland');
const INVITED = ORGANISATIONS.filter((o) => INVITED_PARTNERS.includes(o.type));

interface Built {
  caseId: string;
  /** Admitted to the integral approach (by the triangle), now or before. */
  admitted: boolean;
  /** Organisations invited (all invited partner types, while in consultation). */
  invited: boolean;
}
const built: Record<string, Built> = {};
let incoming = '';

const now = () => own.twin().clock.nowMs();
const untilIn = (days: number) => new Date(now() + days * DAY).toISOString();

async function version(caseId: string): Promise<number> {
  return (await ken().caseOf(caseId)).version;
}

async function throughWeighing(municipality = 'haarlem'): Promise<string> {
  const wf = ken();
  const caseId = await wf.signal(municipality);
  await wf.waitForState(caseId, 'weighing');
  await wf.contributeAll(caseId, municipality);
  return caseId;
}

/** Admitted by the triangle, every invited partner type invited: the case stands in consultation. */
async function inConsultation(): Promise<string> {
  const wf = ken();
  const caseId = await throughWeighing();
  await wf.decide('gemeente-haarlem', caseId, 'weighing-decision', 'propose-admission');
  await wf.decide('gemeente-haarlem', caseId, 'triangle-decision', 'admit');
  await wf.waitForState(caseId, 'consultation');
  for (const org of INVITED) {
    const reply = await own.call('kennemerland.zvh', 'POST', `/cases/${caseId}/participants`, {
      body: { version: await version(caseId), organisationId: org.id, role: 'consultation', until: untilIn(150), reasoning: 'Nodig voor het plan van aanpak' },
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  }
  return caseId;
}

async function inMonitoring(): Promise<string> {
  const caseId = await inConsultation();
  await ken().decide('zvh', caseId, 'plan-adoption', 'adopted');
  await ken().waitForState(caseId, 'monitoring');
  return caseId;
}

async function offer(caseId: string): Promise<string> {
  const reply = await own.call('kennemerland.gemeente-haarlem', 'POST', `/cases/${caseId}/transfers`, {
    body: { version: await version(caseId), toRegion: 'zaanstreek-waterland', toMunicipality: 'zaanstad', reasoning: 'betrokkene is verhuisd' },
  });
  expect(reply.status, JSON.stringify(reply.body)).toBe(202);
  await ken().waitForState(caseId, 'transfer-requested');
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    await zw().settle();
    const listed = await own.call('zaanstreek-waterland.politie', 'GET', '/cases?state=transfer-requested&municipality=zaanstad&limit=100');
    for (const summary of listed.body.items) {
      if ((await zw().caseOf(summary.caseId)).transferIn?.originCaseId === caseId) return summary.caseId as string;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no incoming transfer of ${caseId}`);
}

beforeAll(async () => {
  // First the cases that need the clock moved (their evaluation falls due), then the others, so no
  // deadline of theirs passes on the way.
  const aftercare = await inMonitoring();
  const closed = await inMonitoring();
  await ken().advanceDaysPatiently(57); // past the first evaluation of a young adult's plan (8 weeks)
  await ken().decide('zvh', aftercare, 'evaluation', 'scale-down');
  await ken().waitForState(aftercare, 'aftercare');
  await ken().decide('zvh', closed, 'evaluation', 'close');
  await ken().decide('politie', closed, 'closure-decision', 'close');
  await ken().waitForState(closed, 'closed');
  // Scaling down ended every invitation (covenant art. 11(2)): invited partners see it no more.
  built.aftercare = { caseId: aftercare, admitted: true, invited: false };
  built.closed = { caseId: closed, admitted: true, invited: true };

  const wf = ken();
  const weighing = await wf.signal('haarlem');
  await wf.waitForState(weighing, 'weighing');
  await wf.decide('politie', weighing, 'weighing-contribution', 'contributed', 'police');
  built.weighing = { caseId: weighing, admitted: false, invited: false };

  const proposed = await throughWeighing();
  await wf.decide('om', proposed, 'weighing-decision', 'propose-admission');
  await wf.waitForState(proposed, 'admission-proposed');
  built['admission-proposed'] = { caseId: proposed, admitted: false, invited: false };

  built.consultation = { caseId: await inConsultation(), admitted: true, invited: true };
  built.monitoring = { caseId: await inMonitoring(), admitted: true, invited: true };

  const noAction = await throughWeighing();
  await wf.decide('politie', noAction, 'weighing-decision', 'no-action');
  await wf.waitForState(noAction, 'no-action');
  built['no-action'] = { caseId: noAction, admitted: false, invited: false };

  const referred = await throughWeighing();
  await wf.decide('om', referred, 'weighing-decision', 'referral-criminal');
  await wf.waitForState(referred, 'referred');
  built.referred = { caseId: referred, admitted: false, invited: false };

  const rejected = await throughWeighing();
  await wf.decide('om', rejected, 'weighing-decision', 'propose-admission');
  await wf.decide('gemeente-haarlem', rejected, 'triangle-decision', 'reject');
  await wf.waitForState(rejected, 'rejected');
  built.rejected = { caseId: rejected, admitted: false, invited: false };

  const detention = await wf.signal('haarlem', { detention: { releaseDate: new Date(now() + 200 * DAY).toISOString() } });
  await wf.waitForState(detention, 'detention');
  built.detention = { caseId: detention, admitted: false, invited: false };

  const offeredEarly = await throughWeighing();
  await offer(offeredEarly);
  built['transfer-requested (from weighing)'] = { caseId: offeredEarly, admitted: false, invited: false };

  const offeredAdmitted = await inMonitoring();
  incoming = await offer(offeredAdmitted);
  built['transfer-requested (from monitoring)'] = { caseId: offeredAdmitted, admitted: true, invited: true };

  const transferred = await inMonitoring();
  const received = await offer(transferred);
  await zw().decide('zvh', received, 'transfer-acceptance', 'accept');
  await wf.waitForState(transferred, 'transferred');
  built.transferred = { caseId: transferred, admitted: true, invited: true };
}, 600_000);

/** Whether the organisation sees the case at all (the object layer), written out by hand. */
function sees(org: Organisation, c: Built): boolean {
  switch (org.type) {
    case 'municipality':
      return org.id === 'gemeente-haarlem';
    case 'police':
    case 'prosecutor':
    case 'specialist-re':
      return true;
    case 'zvh':
      return c.admitted;
    case 'privacy-officer':
    case 'school':
      return false;
    default:
      return c.admitted && c.invited;
  }
}

const READS = ['GET /cases/{caseId}', 'GET /cases/{caseId}/history', 'GET /cases/{caseId}/plan'] as const;
const path = (route: string, caseId: string) => route.slice(4).replace('{caseId}', caseId);

const LABELS = ['weighing', 'admission-proposed', 'consultation', 'monitoring', 'aftercare', 'closed', 'no-action', 'referred', 'rejected', 'detention', 'transfer-requested (from weighing)', 'transfer-requested (from monitoring)', 'transferred'];

describe.each(LABELS)('a case in %s', (label) => {
  it.each(ORGANISATIONS.map((o) => [o.id, o] as const))('%s sees it as the rules say on every case route', async (_, org) => {
    const c = built[label]!;
    const profile = `kennemerland.${org.id}`;
    const visible = sees(org, c);
    // The privacy officer and the schools (advice requests only) have no case route at all: the gateway refuses.
    const noCaseRoutes = org.type === 'privacy-officer' || org.type === 'school';
    for (const route of READS) {
      const reply = await own.call(profile, 'GET', path(route, c.caseId));
      if (noCaseRoutes) expect(reply.status, route).toBe(403);
      else expect(reply.status, `${route}: ${JSON.stringify(reply.body)}`).toBe(visible ? 200 : 404);
    }
    const tasks = await own.call(profile, 'GET', `/cases/${c.caseId}/tasks`);
    if (noCaseRoutes) expect(tasks.status).toBe(403);
    else if (visible) expect(tasks.status).toBe(200);
    else if (tasks.status === 200) {
      // A partner assigned a step sees that task (and no more) where it may not see the case.
      expect(tasks.body.tasks.length).toBeGreaterThan(0);
      for (const task of tasks.body.tasks) expect(task.assignees).toContain(org.type);
    } else expect(tasks.status).toBe(404);
    if (org.type === 'municipality' || org.type === 'zvh') {
      // Writes with a stale version: a visible case answers 409, an invisible one 404.
      const patch = await own.call(profile, 'PATCH', `/cases/${c.caseId}`, { body: { version: 999, subject: { name: 'X' }, reasoning: 'matrix' } });
      expect(patch.status, JSON.stringify(patch.body)).toBe(visible ? 409 : 404);
      const invite = await own.call(profile, 'POST', `/cases/${c.caseId}/participants`, { body: { version: 999, organisationId: 'ggz', role: 'consultation', until: untilIn(30), reasoning: 'matrix' } });
      expect(invite.status, JSON.stringify(invite.body)).toBe(visible ? 409 : 404);
    }
    if (org.type === 'zvh' || org.type === 'police') {
      const listed = await own.call(profile, 'GET', '/cases?limit=100');
      expect(listed.status).toBe(200);
      expect(listed.body.items.map((s: { caseId: string }) => s.caseId).includes(c.caseId), 'listed').toBe(visible);
    }
  });
});

describe('admission gates invitations and the receiving region', () => {
  it.each(['no-action', 'referred', 'rejected', 'detention', 'transfer-requested (from weighing)', 'weighing'])('refuses an invitation into a case never admitted (%s) with 409', async (label) => {
    const c = built[label]!;
    const reply = await own.call('kennemerland.gemeente-haarlem', 'POST', `/cases/${c.caseId}/participants`, {
      body: { version: await version(c.caseId), organisationId: 'ggz', role: 'consultation', until: untilIn(30), reasoning: 'Nodig' },
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(409);
    expect(reply.body.error.code).toBe('InvalidTransition');
    expect((await own.call('kennemerland.ggz', 'GET', `/cases/${c.caseId}`)).status).toBe(404);
  });

  it('the receiving ZVH sees an offered case as the addressee of the offer, with the process view only', async () => {
    const reply = await own.call('zaanstreek-waterland.zvh', 'GET', `/cases/${incoming}`);
    expect(reply.status).toBe(200);
    expect(reply.body.subject).not.toHaveProperty('bsn');
    expect(reply.body).not.toHaveProperty('signal');
    expect((await own.call('zaanstreek-waterland.ggz', 'GET', `/cases/${incoming}`)).status).toBe(404);
  });
});

describe('history per view level', () => {
  const history = async (profile: string) => {
    const reply = await own.call(profile, 'GET', `/cases/${built.monitoring!.caseId}/history`);
    expect(reply.status).toBe(200);
    return reply.body.events as Array<Record<string, unknown>>;
  };

  it('full view: every event with its organisation, fields and reasoning', async () => {
    const events = await history('kennemerland.gemeente-haarlem');
    expect(events.find((e) => e.type === 'signal.received')!.organisationId).toBe('politie');
    expect(events.find((e) => e.type === 'decision.weighing-contribution' && e.organisationId === 'politie')).toBeDefined();
    expect(events.some((e) => typeof e.reasoning === 'string')).toBe(true);
  });

  it('process view (ZVH): early events as state changes only, later events without reasoning', async () => {
    const events = await history('kennemerland.zvh');
    const text = JSON.stringify(events);
    expect(text).not.toContain('reasoning');
    expect(events.find((e) => e.type === 'signal.received')).toEqual({ version: 1, type: 'signal.received', at: expect.any(String), toState: 'signal-received' });
    expect(events.some((e) => e.type === 'decision.weighing-contribution')).toBe(false);
    expect(events.some((e) => e.type === 'decision.weighing-decision')).toBe(false);
    for (const e of events) expect(Object.keys(e).every((k) => ['version', 'type', 'at', 'fromState', 'toState', 'organisationId', 'fields'].includes(k)), JSON.stringify(e)).toBe(true);
    // The ZVH sees the participants in its case view, so their invitations too.
    expect(events.filter((e) => e.type === 'participant.invited')).toHaveLength(INVITED.length);
    expect(events.find((e) => e.type === 'case.admitted')).toBeDefined();
  });

  it('invited view: state changes and its own invitation; no organisations of early events, no other participants, no outcomes', async () => {
    const events = await history('kennemerland.ggz');
    const text = JSON.stringify(events);
    expect(text).not.toContain('reasoning');
    expect(text).not.toContain('politie');
    expect(text).not.toContain('outcome:');
    for (const other of INVITED.filter((o) => o.id !== 'ggz')) expect(text).not.toContain(`participants.${other.id}`);
    expect(events.filter((e) => e.type === 'participant.invited')).toEqual([expect.objectContaining({ fields: ['participants.ggz'] })]);
    expect(events.some((e) => String(e.type).startsWith('decision.weighing'))).toBe(false);
    for (const e of events) expect(e).not.toHaveProperty('organisationId');
    expect(events.map((e) => e.toState)).toContain('monitoring');
  });
});

describe('invitations are capped and revocable', () => {
  it('refuses an invitation beyond 180 days with 422 naming until', async () => {
    const caseId = built.monitoring!.caseId;
    const reply = await own.call('kennemerland.zvh', 'POST', `/cases/${caseId}/participants`, {
      body: { version: await version(caseId), organisationId: 'ggz', role: 'consultation', until: untilIn(181), reasoning: 'Nodig' },
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(422);
    expect(reply.body.error.details).toEqual([{ path: 'until', message: expect.stringContaining('180 days') }]);
  });

  it('revokes an invitation: the partner gets 404 at once; revoking again changes nothing; audited with a history event', async () => {
    const caseId = built.consultation!.caseId;
    expect((await own.call('kennemerland.veilig-thuis', 'GET', `/cases/${caseId}`)).status).toBe(200);
    const before = await version(caseId);
    const revoked = await own.call('kennemerland.gemeente-haarlem', 'DELETE', `/cases/${caseId}/participants/veilig-thuis`);
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
    expect(revoked.body.participants.map((p: { organisationId: string }) => p.organisationId)).not.toContain('veilig-thuis');
    expect(revoked.body.version).toBe(before + 1);
    expect((await own.call('kennemerland.veilig-thuis', 'GET', `/cases/${caseId}`)).status).toBe(404);
    expect((await own.call('kennemerland.veilig-thuis', 'GET', `/cases/${caseId}/history`)).status).toBe(404);

    const again = await own.call('kennemerland.zvh', 'DELETE', `/cases/${caseId}/participants/veilig-thuis`);
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(before + 1);

    const events = (await own.call('kennemerland.politie', 'GET', `/cases/${caseId}/history`)).body.events;
    expect(events.filter((e: { type: string }) => e.type === 'participant.revoked')).toEqual([expect.objectContaining({ organisationId: 'gemeente-haarlem', fields: ['participants.veilig-thuis'] })]);
    const audit = await own.call('kennemerland.privacy-officer', 'GET', `/cases/${caseId}/audit?limit=100`);
    expect(audit.body.records.some((r: { route: string; organisationId: string }) => r.route === 'DELETE /cases/{caseId}/participants/{organisationId}' && r.organisationId === 'gemeente-haarlem')).toBe(true);
  });

  it('refuses a revocation by an invited partner (403) and on a case the caller cannot see (404)', async () => {
    const caseId = built.consultation!.caseId;
    expect((await own.call('kennemerland.ggz', 'DELETE', `/cases/${caseId}/participants/jeugdzorg`)).status).toBe(403);
    expect((await own.call('kennemerland.gemeente-velsen', 'DELETE', `/cases/${caseId}/participants/jeugdzorg`)).status).toBe(404);
    expect((await own.call('kennemerland.jeugdzorg', 'GET', `/cases/${caseId}`)).status).toBe(200);
  });
});

describe('rectification is limited to what the caller can read', () => {
  it('the ZVH may correct the name but not the address its view cannot read (403 naming subject.address)', async () => {
    const caseId = built.monitoring!.caseId;
    const refused = await own.call('kennemerland.zvh', 'PATCH', `/cases/${caseId}`, {
      body: { version: await version(caseId), subject: { address: { street: 'Kerkstraat', houseNumber: '1', postalCode: '2011 AA', city: 'Haarlem' } }, reasoning: 'verhuisd' },
    });
    expect(refused.status, JSON.stringify(refused.body)).toBe(403);
    expect(refused.body.error.details).toEqual([{ path: 'subject.address', message: expect.any(String) }]);
    const ok = await own.call('kennemerland.zvh', 'PATCH', `/cases/${caseId}`, { body: { version: await version(caseId), subject: { name: 'Test Persoon-Jansen' }, reasoning: 'naam verbeterd' } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const full = await own.call('kennemerland.gemeente-haarlem', 'PATCH', `/cases/${caseId}`, {
      body: { version: await version(caseId), subject: { address: { street: 'Kerkstraat', houseNumber: '1', postalCode: '2011 AA', city: 'Haarlem' } }, reasoning: 'verhuisd' },
    });
    expect(full.status, JSON.stringify(full.body)).toBe(200);
  });
});

// The ONE-on-ONE research export for the Hogeschool van Amsterdam, end to end on a twin of this file's
// own (so no other test's trajectories count): six young adults' trajectories through the real work
// process (weighing, admission, the plan adopted, the mentor matched, sessions logged by the mentor),
// five with the person's consent for research and one without. The export holds exactly the five with
// their sessions, durations and scores, and nothing that identifies anyone; the ZVH pulls it, a
// municipality may not; every released case is audited.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useOwnTwin } from '../support/own-twin';
import { sessionCredentials, signedCall } from '../support/signed-client';
import { keptMeasures, youngAdultPlan } from '../support/measures';
import { WorkflowDriver } from '../support/workflow-driver';

const own = useOwnTwin();
const REGION = 'kennemerland';
const P = (org: string) => `${REGION}.${org}`;

/** Every string value of a JSON document, at any depth. */
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.flatMap(strings) : value && typeof value === 'object' ? Object.values(value).flatMap(strings) : typeof value === 'string' ? [value] : [];

const scores = (base: number) => ({ 'working-relationship': base, 'self-reliance': base, 'social-connection': Math.min(5, base + 1), 'future-perspective': base, resilience: base });

interface Built {
  caseId: string;
  bsn: string;
  name: string;
  measureId: string;
  mentorId: string;
  consented: boolean;
  consentId: string;
  sessions: Array<{ durationMinutes: number; progress: ReturnType<typeof scores> }>;
}

async function trajectory(wf: WorkflowDriver, index: number, consented: boolean): Promise<Built> {
  const caseId = await wf.inConsultation('haarlem');
  await wf.invite(caseId, 'one-on-one', 120);
  const plan = youngAdultPlan();
  const drafted = await own.call(P('zvh'), 'POST', `/cases/${caseId}/plan`, { body: plan });
  expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
  const task = await wf.waitForTask('zvh', caseId, 'plan-adoption');
  const adopted = await own.call(P('zvh'), 'POST', `/cases/${caseId}/decisions`, { body: { task: task.taskId, outcome: 'adopted', reasoning: 'Vastgesteld in het casusoverleg', planVersion: drafted.body.version } });
  expect(adopted.status, JSON.stringify(adopted.body)).toBe(202);
  const measureId: string = keptMeasures(drafted.body, plan.measures)[0]!.measureId;
  const mentorId = `mentor-${randomUUID().slice(0, 8)}`;
  expect((await own.call(P('one-on-one'), 'PUT', `/measures/mentors/${mentorId}`, { body: { capacity: 1, languages: ['nl'], gender: 'male' } })).status).toBe(200);
  expect((await own.call(P('one-on-one'), 'POST', `/cases/${caseId}/measures/${measureId}/mentor`, { body: { mentorId } })).status).toBe(200);
  const today = new Date(own.twin().clock.nowMs()).toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });
  const started = await own.call(P('one-on-one'), 'POST', `/cases/${caseId}/measures/${measureId}/transitions`, { body: { action: 'start', startedOn: today } });
  expect(started.status, JSON.stringify(started.body)).toBe(200);
  const keys = await sessionCredentials(own.twin(), P('one-on-one'), mentorId);
  const sessions = Array.from({ length: 1 + (index % 3) }, (_, i) => ({ durationMinutes: 45 + 15 * i, progress: scores(2 + i) }));
  for (const s of sessions) {
    const logged = await signedCall(own.twin().endpoints.regions[REGION]!, keys, 'POST', `/cases/${caseId}/measures/${measureId}/sessions`, { body: { ...s, date: today, themes: ['family', 'school-and-work'] } });
    expect(logged.status, JSON.stringify(logged.body)).toBe(201);
  }
  // The ONE-on-ONE organisation records the person's consent for research use (and, for one, none).
  const purposes = consented ? ['research'] : ['plan-of-action'];
  const consent = await own.call(P('one-on-one'), 'POST', `/cases/${caseId}/consents`, { body: { recipients: ['zvh'], categories: ['measure-progress'], purposes, givenAt: new Date(own.twin().clock.nowMs()).toISOString(), form: 'written' } });
  expect(consent.status, JSON.stringify(consent.body)).toBe(201);
  const read = (await own.call(P('gemeente-haarlem'), 'GET', `/cases/${caseId}`)).body;
  return { caseId, bsn: read.subject.bsn, name: read.subject.name, measureId, mentorId, consented, consentId: consent.body.consentId, sessions };
}

describe('GET /exports/one-on-one', { timeout: 600_000 }, () => {
  it('holds the consented trajectories with their figures, pseudonymised, and nothing that identifies anyone', async () => {
    const wf = new WorkflowDriver(own, REGION);
    const built: Built[] = [];
    // Two at a time: each walks the whole work process.
    for (let i = 0; i < 6; i += 2) built.push(...(await Promise.all([trajectory(wf, i, i !== 5), trajectory(wf, i + 1, i + 1 !== 5)])));
    const today = new Date(own.twin().clock.nowMs()).toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });
    const path = `/exports/one-on-one?from=${today}&to=${today}`;

    // A municipality may not pull it (IAM), nor an invited care partner.
    expect((await own.call(P('gemeente-haarlem'), 'GET', path)).status).toBe(403);
    expect((await own.call(P('one-on-one'), 'GET', path)).status).toBe(403);
    expect((await own.call(P('zvh'), 'GET', `/exports/one-on-one?from=${today}&to=2000-01-01`)).status).toBe(422);

    const reply = await own.call(P('zvh'), 'GET', path);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    const data = reply.body;
    expect(data).toMatchObject({ dataset: 'cter-one-on-one-research', region: REGION, minCellPersons: 5, counts: { trajectories: 6, withoutResearchConsent: 1 } });
    expect(data.dictionary).toHaveProperty(['sessions[].progress']);
    expect(data.trajectories).toHaveLength(5);
    // The expected figures: per trajectory its sessions with duration and scores, as the mentors logged them
    // (all on one day here, so compared by content; numbered 1..n, week 0).
    const canonical = (sessions: Array<{ durationMinutes: number; progress: Record<string, number> }>) =>
      JSON.stringify(sessions.map((x) => [x.durationMinutes, Object.entries(x.progress).sort()]).sort());
    const consented = built.filter((b) => b.consented);
    expect(data.trajectories.map((t: any) => canonical(t.sessions)).sort()).toEqual(consented.map((b) => canonical(b.sessions)).sort());
    for (const t of data.trajectories) {
      expect(t.sessions.map((x: any) => [x.number, x.week, x.themes])).toEqual(t.sessions.map((_: unknown, i: number) => [i + 1, 0, ['family', 'school-and-work']]));
    }
    for (const t of data.trajectories) {
      expect(t).toMatchObject({ targetGroup: 'young-adults', status: 'active', outcome: null, durationWeeks: null, sessionCount: t.sessions.length });
      expect(t.startQuarter).toMatch(/^\d{4}-Q[1-4]$/);
      expect(t.trajectory).toMatch(/^[0-9a-f]{20}$/);
    }
    expect(data.summary).toEqual([
      expect.objectContaining({ targetGroup: 'young-adults', trajectories: 5, sessionsMean: Math.round((consented.reduce((n, b) => n + b.sessions.length, 0) / 5) * 10) / 10 }),
    ]);

    // Nothing that identifies: no case, measure or mentor ids, names, BSNs, dates, free text.
    const identifying = built.flatMap((b) => [b.caseId, b.measureId, b.mentorId, b.bsn, b.name]);
    const all = JSON.stringify(data);
    for (const id of identifying) expect(all).not.toContain(id);
    expect(strings(data.trajectories).filter((s) => /^\d{4}-\d{2}-\d{2}/.test(s))).toEqual([]);
    for (const s of strings(data.trajectories)) expect(s.length).toBeLessThanOrEqual(24);
    // Pseudonyms are drawn per export: the same trajectories get other ones next time.
    const again = await own.call(P('zvh'), 'GET', path);
    const firstSet = new Set(data.trajectories.map((t: any) => t.trajectory));
    expect(again.body.trajectories.some((t: any) => firstSet.has(t.trajectory))).toBe(false);

    // Each released case is audited for research, the one without consent is not.
    for (const b of built) {
      const trail = await own.call(P('privacy-officer'), 'GET', `/cases/${b.caseId}/audit?limit=500`);
      const research = trail.body.records.filter((r: any) => r.route === 'GET /exports/one-on-one');
      expect(research.length, b.caseId).toBe(b.consented ? 2 : 0);
      if (b.consented) expect(research[0]).toMatchObject({ organisationId: 'zvh', purpose: 'research', categories: ['measure-progress'] });
    }

    // Below the threshold nothing is published: without one consent, four remain.
    const withdraw = built.find((b) => b.consented)!;
    const withdrawn = await own.call(P('one-on-one'), 'POST', `/cases/${withdraw.caseId}/consents/${withdraw.consentId}/withdrawal`, { body: { note: 'Trekt toestemming voor onderzoek in' } });
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    const small = await own.call(P('zvh'), 'GET', path);
    expect(small.body).toMatchObject({ counts: { trajectories: 6, withoutResearchConsent: 2 }, trajectories: [], summary: [] });
  });
});

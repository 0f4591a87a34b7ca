// The measures service end to end, through signed HTTP on the twin: a plan with a ONE-on-ONE
// measure is drafted, adopted by the consultation's decision of the work process, the mentor is
// matched and logs sessions, and each participant sees what it may: the municipality the status,
// not the session content. Then the lifecycle rules, the owner-only notes and plan revisions.
import { randomUUID } from 'node:crypto';
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { call } from '../support/signed-client';
import { addDays, callAsMentor, caseInConsultation, caseWithPlan, decideAdoption, inviteMentoring, keptMeasures, measureIdsOf, seedOpenTask, waitForTask, youngAdultPlan, type YoungAdultMeasures } from '../support/measures';
import { eventsDuring } from '../support/events';
import { seedQuietCase } from '../support/covenant';
import { countItems, tableName } from '../support/tables';
import { keysOf } from '../support/twin-ops';

const REGION = 'kennemerland';
const ZVH = `${REGION}.zvh`;
const HAARLEM = `${REGION}.gemeente-haarlem`;
const MENTORING = `${REGION}.one-on-one`;
const POLICE = `${REGION}.politie`;

const SESSION = {
  durationMinutes: 60,
  themes: ['school-and-work', 'friends-and-network'],
  progress: { 'working-relationship': 4, 'self-reliance': 3, 'social-connection': 3, 'future-perspective': 4, resilience: 3 },
};

/** The input of the case's first monitoring cycle (the execution the intake starts after adoption). */
async function monitoringInput(caseId: string): Promise<{ dueAt: string } | undefined> {
  const client = new SFNClient({ endpoint: inject('twin').endpoints.stepfunctions, region: 'eu-west-1', credentials: keysOf(inject('twin')) });
  try {
    const out = await client.send(new DescribeExecutionCommand({ executionArn: `arn:aws:states:eu-west-1:000000000000:execution:cter-${REGION}-monitoring:${caseId}-cycle-1` }));
    return JSON.parse(out.input ?? '{}');
  } catch {
    return undefined;
  }
}

/** A mentor of the region pool with capacity, unique to this test run. */
async function newMentor(capacity = 2, languages = ['nl']): Promise<string> {
  const mentorId = `mentor-${randomUUID().slice(0, 8)}`;
  const reply = await call(MENTORING, 'PUT', `/measures/mentors/${mentorId}`, { body: { capacity, languages, gender: 'female' } });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  expect(reply.body).toMatchObject({ mentorId, regionId: REGION, capacity, activeMentees: 0 });
  return mentorId;
}

describe('done when: a ONE-on-ONE plan adopted in consultation, sessions logged, status for the municipality', () => {
  let caseId = '';
  let mentorId = '';
  let startedOn = '';
  let m: YoungAdultMeasures = { mentor: '', daytime: '' };

  beforeAll(async () => {
    ({ caseId } = await caseInConsultation(REGION, 'haarlem'));
    await inviteMentoring(REGION, 'haarlem', caseId);
    mentorId = await newMentor(2, ['nl', 'ar']);
  }, 240_000);

  it('the ZVH drafts the plan: goals per life domain, measures from the catalogue, factors recorded', async () => {
    const reply = await call(ZVH, 'POST', `/cases/${caseId}/plan`, { body: youngAdultPlan() });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    expect(reply.headers.get('location')).toBe(`/cases/${caseId}/plan`);
    expect(reply.body).toMatchObject({ version: 1, status: 'draft', targetGroups: ['young-adults'], riskFactors: ['social-isolation', 'online-radicalisation'] });
    m = measureIdsOf(reply.body);
    expect(reply.body.measures.map((x: any) => [x.measureId, x.catalogueId, x.status])).toEqual([
      [m.mentor, 'one-on-one-mentoring', 'proposed'],
      [m.daytime, 'daytime-activity', 'proposed'],
    ]);
    // The ids are the platform's: random, not the client's.
    for (const id of [m.mentor, m.daytime]) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    // A second draft is refused: the plan exists and is revised with basedOnVersion.
    expect((await call(ZVH, 'POST', `/cases/${caseId}/plan`, { body: youngAdultPlan() })).status).toBe(409);
  });

  it('suggests fitting measures with their reasons, leaving out those in the plan', async () => {
    const reply = await call(ZVH, 'GET', `/cases/${caseId}/measures/suggestions`);
    expect(reply.status).toBe(200);
    expect(reply.body.basedOn).toMatchObject({ source: 'plan', planVersion: 1, targetGroups: ['young-adults'] });
    const ids = reply.body.suggestions.map((s: any) => s.catalogueId);
    expect(ids).not.toContain('one-on-one-mentoring');
    expect(ids).not.toContain('daytime-activity');
    expect(reply.body.suggestions.length).toBeGreaterThan(0);
    for (const s of reply.body.suggestions) {
      expect(s.reasons[0]).toMatch(/^fits target group young-adults/);
      expect(s.score).toBe(s.breakdown.reduce((sum: number, l: any) => sum + l.points, 0));
    }
  });

  it('the consultation adopts exactly the version it names, through the plan-adoption decision', { timeout: 120_000 }, async () => {
    const task = await waitForTask(ZVH, caseId, 'plan-adoption');
    expect(task).toBeDefined();
    const decide = (planVersion?: number) => decideAdoption(REGION, caseId, task!.taskId, planVersion);
    const without = await decide();
    expect(without.status).toBe(422);
    expect(without.body.error.details).toEqual([{ path: 'planVersion', message: 'required to adopt a plan' }]);
    expect((await decide(7)).status).toBe(409);
    // Nothing was decided by the refused attempts.
    expect((await waitForTask(ZVH, caseId, 'plan-adoption'))?.taskId).toBe(task!.taskId);

    const adopted = await decide(1);
    expect(adopted.status, JSON.stringify(adopted.body)).toBe(202);
    expect(adopted.body).toMatchObject({ kind: 'plan-adoption', outcome: 'adopted', planVersion: 1 });

    const plan = (await call(ZVH, 'GET', `/cases/${caseId}/plan`)).body.plan;
    expect(plan).toMatchObject({ version: 1, status: 'adopted', adoption: { decisionId: task!.taskId } });
    for (const m of plan.measures) expect(m.status).toBe('proposed');
    const version = (await call(ZVH, 'GET', `/cases/${caseId}/plan?version=1`)).body.plan;
    expect(version).toMatchObject({ version: 1, status: 'adopted', draftedBy: 'zvh' });
    // The decision is on the case's history, and the work process moves the case on to monitoring.
    const history = (await call(HAARLEM, 'GET', `/cases/${caseId}/history`)).body.events;
    expect(history.some((e: any) => e.type === 'decision.plan-adoption' && e.fields.includes('outcome:adopted'))).toBe(true);
    await expect.poll(async () => (await call(HAARLEM, 'GET', `/cases/${caseId}`)).body.state, { timeout: 30_000, interval: 250 }).toBe('monitoring');
    // The first evaluation falls due after the plan's target group: 8 weeks for young adults, not the default 90 days.
    await expect.poll(() => monitoringInput(caseId), { timeout: 30_000, interval: 250 }).toBeDefined();
    const cycle = await monitoringInput(caseId);
    const weeks = (Date.parse(cycle!.dueAt) - Date.parse(plan.adoption.adoptedAt)) / (7 * 86_400_000);
    expect(weeks).toBeCloseTo(8, 1);
    // The assignments went to the outbox as information-poor events.
    const events = await countItems(tableName(REGION, 'DataCasesTable'), { expression: 'pk = :pk AND #t = :type', names: { '#t': 'type' }, values: { ':pk': { S: `CASE#${caseId}` }, ':type': { S: 'measure.assigned' } } });
    expect(events).toBe(2);
  });

  it('matches the young person to a mentor of the region pool, taking a place', async () => {
    const matched = await call(MENTORING, 'POST', `/cases/${caseId}/measures/${m.mentor}/mentor`, { body: { mentorId } });
    expect(matched.status, JSON.stringify(matched.body)).toBe(200);
    expect(matched.body).toMatchObject({ mentorId, freePlacesBefore: 2 });
    // The municipality does not match mentors (IAM), and a mentor goes with a ONE-on-ONE trajectory only.
    expect((await call(HAARLEM, 'POST', `/cases/${caseId}/measures/${m.mentor}/mentor`, { body: { mentorId } })).status).toBe(403);
    expect((await call(MENTORING, 'POST', `/cases/${caseId}/measures/${m.daytime}/mentor`, { body: { mentorId } })).status).toBe(422);
  });

  it('the owner starts the measure; nobody else may', async () => {
    const plan = (await call(ZVH, 'GET', `/cases/${caseId}/plan`)).body.plan;
    startedOn = plan.adoption.adoptedAt.slice(0, 10);
    expect((await call(HAARLEM, 'POST', `/cases/${caseId}/measures/${m.mentor}/transitions`, { body: { action: 'start', startedOn } })).status).toBe(403);
    const started = await call(MENTORING, 'POST', `/cases/${caseId}/measures/${m.mentor}/transitions`, { body: { action: 'start', startedOn } });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    expect(started.body).toMatchObject({ event: 'measure.started', measure: { status: 'active', startedOn, access: 'owner' } });
  });

  it('the mentor logs sessions, signed as their own role session; another mentor, the organisation itself and other organisations cannot', async () => {
    const sessions = `/cases/${caseId}/measures/${m.mentor}/sessions`;
    for (const themes of [['school-and-work'], ['friends-and-network', 'future-plans']]) {
      const logged = await callAsMentor(REGION, mentorId, 'POST', sessions, { body: { ...SESSION, themes, date: startedOn } });
      expect(logged.status, JSON.stringify(logged.body)).toBe(201);
      expect(logged.body.session).toMatchObject({ mentorId, measureId: m.mentor, date: startedOn, themes, authorOrganisationId: 'one-on-one' });
    }
    // Another mentor of the pool, signing as themselves, is not this young person's mentor.
    const other = await newMentor(1);
    expect((await callAsMentor(REGION, other, 'POST', sessions, { body: { ...SESSION, date: startedOn } })).status).toBe(403);
    // The mentor is never named in the body: naming the matched mentor from another session does not help.
    const named = await callAsMentor(REGION, other, 'POST', sessions, { body: { ...SESSION, mentorId, date: startedOn } });
    expect(named.status).toBe(422);
    expect(named.body.error.details).toContainEqual(expect.objectContaining({ path: 'mentorId' }));
    // The organisation's own system (its long-term keys, not a mentor's session) logs no sessions.
    expect((await call(MENTORING, 'POST', sessions, { body: { ...SESSION, date: startedOn } })).status).toBe(403);
    expect((await call(HAARLEM, 'POST', sessions, { body: { ...SESSION, date: startedOn } })).status).toBe(403);
    const unknownTheme = await callAsMentor(REGION, mentorId, 'POST', sessions, { body: { ...SESSION, themes: ['politics'], date: startedOn } });
    expect(unknownTheme.status).toBe(422);
    const twice = { ...SESSION, date: startedOn, sessionId: `s-${randomUUID().slice(0, 8)}` };
    expect((await callAsMentor(REGION, mentorId, 'POST', sessions, { body: twice })).status).toBe(201);
    expect((await callAsMentor(REGION, mentorId, 'POST', sessions, { body: twice })).status).toBe(409);
    // A mentor does the mentoring only: matching, the lifecycle and notes are the organisation's.
    expect((await callAsMentor(REGION, mentorId, 'POST', `/cases/${caseId}/measures/${m.mentor}/mentor`, { body: { mentorId: other } })).status).toBe(403);
    expect((await callAsMentor(REGION, mentorId, 'POST', `/cases/${caseId}/measures/${m.mentor}/notes`, { body: { text: 'Notitie' } })).status).toBe(403);
  });

  it('the municipality sees the status of the ONE-on-ONE measure, not the session content', async () => {
    const reply = await call(HAARLEM, 'GET', `/cases/${caseId}/plan`);
    expect(reply.status).toBe(200);
    const mentoring = reply.body.plan.measures.find((x: any) => x.measureId === m.mentor);
    expect(mentoring).toEqual({
      access: 'status',
      measureId: m.mentor,
      catalogueId: 'one-on-one-mentoring',
      owner: { organisationId: 'one-on-one', organisationType: 'mentoring' },
      status: 'active',
      start: expect.any(String),
      plannedEnd: expect.any(String),
      startedOn,
    });
    expect(JSON.stringify(reply.body)).not.toMatch(/sessions|themes|progress|mentorId/);
    // Its own measure it sees with content.
    expect(reply.body.plan.measures.find((x: any) => x.measureId === m.daytime)).toMatchObject({ access: 'owner', notes: [] });
  });

  it('the mentor sees only their own mentee\u2019s measure, with the session log; another mentor sees nothing of it', async () => {
    const reply = await callAsMentor(REGION, mentorId, 'GET', `/cases/${caseId}/plan`);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body.plan.measures.map((x: any) => [x.measureId, x.access])).toEqual([[m.mentor, 'mentor']]);
    expect(reply.body.plan.measures[0].sessions).toHaveLength(3);
    expect(reply.body.plan.goals.map((g: any) => g.goalId)).toEqual(['g-network']);
    expect(reply.body.plan).not.toHaveProperty('riskFactors');
    // Another mentor of the pool, signing as themselves, is refused; the mentor is not a query parameter.
    const other = await newMentor(1);
    expect((await callAsMentor(REGION, other, 'GET', `/cases/${caseId}/plan`)).status).toBe(403);
    expect((await callAsMentor(REGION, other, 'GET', `/cases/${caseId}/plan?mentorId=${mentorId}`)).status).toBe(422);
    expect((await call(HAARLEM, 'GET', `/cases/${caseId}/plan?mentorId=${mentorId}`)).status).toBe(422);
  });

  it('the ONE-on-ONE organisation, invited, sees its measure with content and the rest as status', async () => {
    const reply = await call(MENTORING, 'GET', `/cases/${caseId}/plan`);
    expect(reply.status).toBe(200);
    const byId = Object.fromEntries(reply.body.plan.measures.map((x: any) => [x.measureId, x]));
    expect(byId[m.mentor]).toMatchObject({ access: 'owner', mentorId, sessions: expect.any(Array) });
    expect(byId[m.daytime].access).toBe('status');
    expect(reply.body.plan).not.toHaveProperty('riskFactors');
  });

  it('a partner not taking part sees nothing of it; the police (core partner) sees the plan, not the content', async () => {
    expect((await call(`${REGION}.ggz`, 'GET', `/cases/${caseId}/plan`)).status).toBe(404);
    const police = await call(POLICE, 'GET', `/cases/${caseId}/plan`);
    expect(police.status).toBe(200);
    expect(police.body.plan.measures.every((m: any) => m.access === 'status')).toBe(true);
  });

  it('audits every read and write of the plan', async () => {
    const audits = await countItems(tableName(REGION, 'DataAuditTable'), { expression: 'pk = :pk AND begins_with(#r, :route)', names: { '#r': 'route' }, values: { ':pk': { S: `CASE#${caseId}` }, ':route': { S: 'GET /cases/{caseId}/plan' } } });
    expect(audits).toBeGreaterThanOrEqual(6);
    const sessions = await countItems(tableName(REGION, 'DataAuditTable'), { expression: 'pk = :pk AND #r = :route', names: { '#r': 'route' }, values: { ':pk': { S: `CASE#${caseId}` }, ':route': { S: 'POST /cases/{caseId}/measures/{measureId}/sessions' } } });
    expect(sessions).toBe(3);
  });
});

describe('measure lifecycle', () => {
  it('starts only once adopted, ends with a result, and frees the mentor place', { timeout: 240_000 }, async () => {
    const { caseId } = await caseInConsultation(REGION, 'haarlem');
    await inviteMentoring(REGION, 'haarlem', caseId);
    const mentorId = await newMentor(1);
    const drafted = await call(ZVH, 'POST', `/cases/${caseId}/plan`, { body: youngAdultPlan() });
    expect(drafted.status).toBe(201);
    const m = measureIdsOf(drafted.body);
    const today = new Date().toISOString().slice(0, 10);
    // Not adopted yet: the measure is not assigned and cannot start.
    const early = await call(MENTORING, 'POST', `/cases/${caseId}/measures/${m.mentor}/transitions`, { body: { action: 'start', startedOn: today } });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(/not assigned/);

    const task = await waitForTask(ZVH, caseId, 'plan-adoption');
    expect((await decideAdoption(REGION, caseId, task!.taskId, 1)).status).toBe(202);
    const adoptedOn = (await call(ZVH, 'GET', `/cases/${caseId}/plan`)).body.plan.adoption.adoptedAt.slice(0, 10);

    expect((await call(MENTORING, 'POST', `/cases/${caseId}/measures/${m.mentor}/mentor`, { body: { mentorId } })).status).toBe(200);
    // The only place of this mentor is taken.
    const { caseId: other } = await caseInConsultation(REGION, 'haarlem');
    await inviteMentoring(REGION, 'haarlem', other);
    const otherPlan = await call(ZVH, 'POST', `/cases/${other}/plan`, { body: youngAdultPlan() });
    expect(otherPlan.status).toBe(201);
    const o = measureIdsOf(otherPlan.body);
    const full = await call(MENTORING, 'POST', `/cases/${other}/measures/${o.mentor}/mentor`, { body: { mentorId } });
    expect(full.status).toBe(409);
    expect(full.body.error.code).toBe('NoMentorCapacity');

    // Proposed -> completed skips a step; stop needs a started measure.
    expect((await call(MENTORING, 'POST', `/cases/${caseId}/measures/${m.mentor}/transitions`, { body: { action: 'complete', endedOn: adoptedOn, outcome: 'goal-achieved' } })).status).toBe(409);
    expect((await call(MENTORING, 'POST', `/cases/${caseId}/measures/${m.mentor}/transitions`, { body: { action: 'start', startedOn: adoptedOn } })).status).toBe(200);
    // An outcome that does not exist, and a stopped measure claiming its goal was achieved, are refused.
    expect((await call(MENTORING, 'POST', `/cases/${caseId}/measures/${m.mentor}/transitions`, { body: { action: 'complete', endedOn: adoptedOn, outcome: 'great' } })).status).toBe(422);
    expect((await call(MENTORING, 'POST', `/cases/${caseId}/measures/${m.mentor}/transitions`, { body: { action: 'stop', endedOn: adoptedOn, outcome: 'goal-achieved' } })).status).toBe(422);

    const ended = await call(MENTORING, 'POST', `/cases/${caseId}/measures/${m.mentor}/transitions`, { body: { action: 'complete', endedOn: adoptedOn, outcome: 'partly-achieved', explanation: 'Goede werkrelatie, school nog wisselend' } });
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    expect(ended.body).toMatchObject({ event: 'measure.ended', measure: { status: 'completed', result: { outcome: 'partly-achieved' } } });
    // Ended is final.
    expect((await call(MENTORING, 'POST', `/cases/${caseId}/measures/${m.mentor}/transitions`, { body: { action: 'stop', endedOn: adoptedOn } })).status).toBe(409);
    // The municipality sees the outcome category, not the owner's explanation.
    const seen = (await call(HAARLEM, 'GET', `/cases/${caseId}/plan`)).body.plan.measures.find((x: any) => x.measureId === m.mentor);
    expect(seen).toMatchObject({ access: 'status', status: 'completed', outcome: 'partly-achieved' });
    expect(JSON.stringify(seen)).not.toContain('werkrelatie');

    // The place came back: the other young person can now be matched to this mentor.
    expect((await call(MENTORING, 'POST', `/cases/${other}/measures/${o.mentor}/mentor`, { body: { mentorId } })).status).toBe(200);
  });

  it('lets only the owner write progress notes, and shows them to the owner only', async () => {
    const { caseId } = await seedQuietCase(REGION, { municipality: 'haarlem', state: 'consultation', participants: [{ organisationId: 'one-on-one', role: 'mentor', until: new Date(Date.now() + 86_400_000).toISOString() }] });
    const drafted = await call(ZVH, 'POST', `/cases/${caseId}/plan`, { body: youngAdultPlan() });
    expect(drafted.status).toBe(201);
    const m = measureIdsOf(drafted.body);
    const note = { noteId: `n-${randomUUID().slice(0, 8)}`, text: 'Eerste kennismaking met de gemeente gehad' };
    const own = await call(HAARLEM, 'POST', `/cases/${caseId}/measures/${m.daytime}/notes`, { body: note });
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    expect(own.body.note).toMatchObject({ noteId: note.noteId, authorOrganisationId: 'gemeente-haarlem' });
    expect((await call(HAARLEM, 'POST', `/cases/${caseId}/measures/${m.daytime}/notes`, { body: note })).status).toBe(409);
    // Not the owner of the ONE-on-ONE measure; and the ZVH owns no measure (IAM).
    expect((await call(HAARLEM, 'POST', `/cases/${caseId}/measures/${m.mentor}/notes`, { body: { text: 'Notitie van een ander' } })).status).toBe(403);
    expect((await call(ZVH, 'POST', `/cases/${caseId}/measures/${m.daytime}/notes`, { body: { text: 'Notitie' } })).status).toBe(403);
    expect((await call(HAARLEM, 'POST', `/cases/${caseId}/measures/m-unknown/notes`, { body: { text: 'Notitie' } })).status).toBe(404);

    const owner = (await call(HAARLEM, 'GET', `/cases/${caseId}/plan`)).body.plan.measures.find((x: any) => x.measureId === m.daytime);
    expect(owner.notes.map((n: any) => n.text)).toEqual([note.text]);
    const mentoring = await call(MENTORING, 'GET', `/cases/${caseId}/plan`);
    expect(JSON.stringify(mentoring.body)).not.toContain(note.text);
    const zvh = await call(ZVH, 'GET', `/cases/${caseId}/plan`);
    expect(JSON.stringify(zvh.body)).not.toContain(note.text);
  });
});

describe('measure events', () => {
  it('go out on the region\u2019s bus as measure.assigned, started and ended, with ids only', { timeout: 90_000 }, async () => {
    let caseId = '';
    let m: YoungAdultMeasures = { mentor: '', daytime: '' };
    const mine = (events: any[]) => events.filter((e) => e.detail?.data?.caseId === caseId);
    const events = await eventsDuring(
      REGION,
      { 'detail-type': ['measure.assigned', 'measure.started', 'measure.ended'] },
      async () => {
        const adopted = await caseWithPlan(REGION, { adopted: true });
        caseId = adopted.caseId;
        m = adopted.measures;
        const move = (body: object) => call(HAARLEM, 'POST', `/cases/${caseId}/measures/${m.daytime}/transitions`, { body });
        expect((await move({ action: 'start', startedOn: adopted.adoptedOn })).status).toBe(200);
        expect((await move({ action: 'stop', endedOn: adopted.adoptedOn, explanation: 'Verhuisd naar een andere gemeente' })).status).toBe(200);
      },
      (received) => mine(received).length >= 4,
    );
    const received = mine(events);
    expect(received.map((e) => [e['detail-type'], e.detail.subject]).sort()).toEqual(
      [
        ['measure.assigned', `${caseId}/measures/${m.daytime}`],
        ['measure.assigned', `${caseId}/measures/${m.mentor}`],
        ['measure.ended', `${caseId}/measures/${m.daytime}`],
        ['measure.started', `${caseId}/measures/${m.daytime}`],
      ].sort(),
    );
    for (const event of received) {
      expect(event.detail).toMatchObject({ specversion: '1.0', source: `urn:cter:${REGION}:measures`, data: { caseId, region: REGION, confidentiality: 'special-category-personal-data' } });
      // No measure type (it can reveal health data), no outcome, no content.
      expect(JSON.stringify(event)).not.toMatch(/daytime-activity|one-on-one-mentoring|stopped-early|Verhuisd/);
    }
  });
});

describe('plan versions', () => {
  it('revises into a new version with a change record naming fields, refusing a stale version', async () => {
    const { caseId } = await seedQuietCase(REGION, { municipality: 'haarlem', state: 'consultation', participants: [] });
    const body = youngAdultPlan();
    const drafted = await call(HAARLEM, 'POST', `/cases/${caseId}/plan`, { body });
    expect(drafted.status).toBe(201);
    const revision = { ...body, basedOnVersion: 1, measures: keptMeasures(drafted.body, body.measures), protectiveFactors: ['school-attendance', 'supportive-family'], goals: [body.goals[0], { ...body.goals[1], statement: 'Heeft drie vrienden buiten het netwerk' }] };
    const revised = await call(ZVH, 'POST', `/cases/${caseId}/plan`, { body: revision });
    expect(revised.status, JSON.stringify(revised.body)).toBe(200);
    expect(revised.body).toMatchObject({ version: 2, status: 'draft' });
    expect(revised.body.changes).toEqual([
      { fromVersion: 1, toVersion: 2, changedAt: expect.any(String), changedBy: 'zvh', fields: [{ field: 'protectiveFactors', change: 'modified' }, { field: 'goals[g-network].statement', change: 'modified' }] },
    ]);
    expect(JSON.stringify(revised.body.changes)).not.toContain('drie vrienden');
    expect((await call(ZVH, 'POST', `/cases/${caseId}/plan`, { body: revision })).status).toBe(409);
    const first = (await call(ZVH, 'GET', `/cases/${caseId}/plan?version=1`)).body.plan;
    expect(first.goals[1].statement).toBe(body.goals[1]!.statement);
    expect((await call(ZVH, 'GET', `/cases/${caseId}/plan?version=3`)).status).toBe(404);
  });

  it('a reconsultation confirms the version in force, or adopts a revision that keeps running measures running', async () => {
    const { caseId } = await seedQuietCase(REGION, { municipality: 'haarlem', state: 'consultation', participants: [] });
    const body = youngAdultPlan();
    const drafted = await call(ZVH, 'POST', `/cases/${caseId}/plan`, { body });
    expect(drafted.status).toBe(201);
    const m = measureIdsOf(drafted.body);
    const adopt = async (planVersion: number) => {
      const taskId = await seedOpenTask(REGION, caseId, 'plan-adoption', ['zvh'], ['adopted']);
      return decideAdoption(REGION, caseId, taskId, planVersion);
    };
    const first = await adopt(1);
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    const adoptedOn = (await call(ZVH, 'GET', `/cases/${caseId}/plan`)).body.plan.adoption.adoptedAt.slice(0, 10);
    expect((await call(HAARLEM, 'POST', `/cases/${caseId}/measures/${m.daytime}/transitions`, { body: { action: 'start', startedOn: adoptedOn } })).status).toBe(200);
    // Confirmed as it is: still version 1, the running measure untouched.
    expect((await adopt(1)).status).toBe(202);
    let plan = (await call(ZVH, 'GET', `/cases/${caseId}/plan`)).body.plan;
    expect(plan).toMatchObject({ version: 1, status: 'adopted' });
    // A revision is a draft while version 1 stays in force, until the consultation adopts it.
    const revised = await call(ZVH, 'POST', `/cases/${caseId}/plan`, { body: { ...body, basedOnVersion: 1, measures: keptMeasures(drafted.body, [body.measures[1]!]) } });
    expect(revised.status, JSON.stringify(revised.body)).toBe(200);
    expect(revised.body).toMatchObject({ version: 2, status: 'draft', inForceVersion: 1 });
    expect((await adopt(1)).status).toBe(409);
    expect((await adopt(2)).status).toBe(202);
    plan = (await call(ZVH, 'GET', `/cases/${caseId}/plan`)).body.plan;
    expect(plan).toMatchObject({ version: 2, status: 'adopted' });
    expect(plan).not.toHaveProperty('inForceVersion');
    expect(plan.measures.map((m: any) => [m.measureId, m.status])).toEqual([[m.daytime, 'active']]);
  });

  it('refuses a negatively phrased goal, a measure outside the catalogue and an owner the measure does not allow', async () => {
    const { caseId } = await seedQuietCase(REGION, { municipality: 'haarlem', state: 'consultation', participants: [] });
    const body = youngAdultPlan();
    const negative = await call(ZVH, 'POST', `/cases/${caseId}/plan`, { body: { ...body, goals: [{ goalId: 'g-school', lifeDomain: 'education-and-work', statement: 'Spijbelt niet meer' }, body.goals[1]] } });
    expect(negative.status).toBe(422);
    expect(negative.body.error.details[0]).toMatchObject({ path: 'goals.0.statement', message: expect.stringMatching(/^not positively phrased/) });
    const unknown = await call(ZVH, 'POST', `/cases/${caseId}/plan`, { body: { ...body, measures: [{ ...body.measures[0], catalogueId: 'boot-camp' }] } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details).toContainEqual({ path: 'measures.0.catalogueId', message: 'not in catalogue 2026.1' });
    const wrongOwner = await call(ZVH, 'POST', `/cases/${caseId}/plan`, { body: { ...body, measures: [{ ...body.measures[0], owner: { organisationId: 'politie', organisationType: 'police' } }] } });
    expect(wrongOwner.status).toBe(422);
    expect(wrongOwner.body.error.details).toContainEqual({ path: 'measures.0.owner.organisationType', message: 'one-on-one-mentoring is owned by mentoring' });
  });

  it('keeps the plan to the consultation phases and the directing partners', async () => {
    const { caseId: early } = await seedQuietCase(REGION, { municipality: 'haarlem', state: 'weighing', participants: [] });
    expect((await call(HAARLEM, 'POST', `/cases/${early}/plan`, { body: youngAdultPlan() })).status).toBe(409);
    const { caseId: velsen } = await seedQuietCase(REGION, { municipality: 'velsen', state: 'consultation', participants: [] });
    expect((await call(HAARLEM, 'POST', `/cases/${velsen}/plan`, { body: youngAdultPlan() })).status).toBe(404);
    expect((await call(POLICE, 'POST', `/cases/${velsen}/plan`, { body: youngAdultPlan() })).status).toBe(403);
  });

  it('suggests measures from the case itself before there is a plan', async () => {
    const { caseId } = await seedQuietCase(REGION, { municipality: 'haarlem', state: 'consultation', participants: [] });
    const reply = await call(ZVH, 'GET', `/cases/${caseId}/measures/suggestions`);
    expect(reply.status).toBe(200);
    expect(reply.body.basedOn).toMatchObject({ source: 'case', targetGroups: ['young-adults'] });
    expect(reply.body.suggestions[0]).toMatchObject({ catalogueId: 'one-on-one-mentoring', reasons: ['fits target group young-adults', 'standard measure for young-adults in Noord-Holland'] });
  });
});

describe('mentor matching from the pool', () => {
  it('prefers a mentor meeting the young person\u2019s wishes and says why', async () => {
    const { caseId } = await seedQuietCase(REGION, { municipality: 'haarlem', state: 'consultation', participants: [{ organisationId: 'one-on-one', role: 'mentor', until: new Date(Date.now() + 86_400_000).toISOString() }] });
    const drafted = await call(ZVH, 'POST', `/cases/${caseId}/plan`, { body: youngAdultPlan() });
    expect(drafted.status).toBe(201);
    const m = measureIdsOf(drafted.body);
    // A language no other mentor of the test run speaks.
    const mentorId = await newMentor(3, ['nl', 'fy']);
    const reply = await call(MENTORING, 'POST', `/cases/${caseId}/measures/${m.mentor}/mentor`, { body: { preferences: { language: 'fy' } } });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body).toMatchObject({ mentorId, unmetPreferences: [] });
    expect(reply.body.reasons).toEqual(['same region kennemerland', 'has capacity: 3 of 3 places free', 'meets preference language fy']);
  });
});

describe('the catalogue', () => {
  it('is readable by every partner and the privacy officer, versioned', async () => {
    for (const profile of [`${REGION}.ggz`, `${REGION}.privacy-officer`, POLICE]) {
      const reply = await call(profile, 'GET', '/measures/catalogue');
      expect(reply.status).toBe(200);
      expect(reply.body.catalogue.version).toBe('2026.1');
      expect(reply.body.versions).toEqual([{ version: '2026.1', effectiveFrom: '2026-01-01' }]);
    }
    expect((await call(POLICE, 'GET', '/measures/catalogue?version=2019.1')).status).toBe(404);
  });
});

describe('a partner\u2019s notes cannot be taken over through a plan revision', () => {
  const GGZ = `${REGION}.ggz`;
  const GGZ_OWNER = { organisationId: 'ggz', organisationType: 'mental-health-care' };
  const HAARLEM_OWNER = { organisationId: 'gemeente-haarlem', organisationType: 'municipality' };

  /** A plan drafted by the municipality with a supported-housing measure of GGZ, on which GGZ wrote a note. */
  async function ggzMeasureWithNote() {
    const until = new Date(Date.now() + 86_400_000).toISOString();
    const { caseId } = await seedQuietCase(REGION, { municipality: 'haarlem', state: 'consultation', participants: [{ organisationId: 'ggz', role: 'care-partner', until }] });
    const body = youngAdultPlan();
    const housing = { catalogueId: 'supported-housing', owner: GGZ_OWNER, goalIds: ['g-network'], start: addDays(0), plannedEnd: addDays(180) };
    const drafted = await call(HAARLEM, 'POST', `/cases/${caseId}/plan`, { body: { ...body, measures: [...body.measures, housing] } });
    expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
    const measureId: string = drafted.body.measures.find((m: any) => m.catalogueId === 'supported-housing').measureId;
    const sent = keptMeasures(drafted.body, body.measures);
    const note = `GGZ-notitie ${randomUUID()}: behandelrelatie loopt, medicatie aangepast`;
    const written = await call(GGZ, 'POST', `/cases/${caseId}/measures/${measureId}/notes`, { body: { text: note } });
    expect(written.status, JSON.stringify(written.body)).toBe(201);
    return { caseId, body, sent, housing: { ...housing, measureId }, note };
  }

  it('the municipality re-owning GGZ\u2019s measure is refused, and never reads GGZ\u2019s note', async () => {
    const { caseId, body, sent, housing, note } = await ggzMeasureWithNote();
    const reowned = await call(HAARLEM, 'POST', `/cases/${caseId}/plan`, { body: { ...body, basedOnVersion: 1, measures: [...sent, { ...housing, owner: HAARLEM_OWNER }] } });
    const read = await call(HAARLEM, 'GET', `/cases/${caseId}/plan`);
    expect(read.status).toBe(200);
    expect(JSON.stringify(read.body)).not.toContain(note);
    expect(reowned.status, JSON.stringify(reowned.body)).toBe(409);
    expect(reowned.body.error.message).toMatch(/progress notes/);
    // GGZ still owns the measure and reads its own note.
    const ggz = (await call(GGZ, 'GET', `/cases/${caseId}/plan`)).body.plan.measures.find((m: any) => m.measureId === housing.measureId);
    expect(ggz).toMatchObject({ access: 'owner', owner: GGZ_OWNER });
    expect(ggz.notes.map((n: any) => n.text)).toEqual([note]);
  });

  it('removing GGZ\u2019s measure and adding it again under the municipality is refused, and never shows GGZ\u2019s note', async () => {
    const { caseId, body, sent, housing, note } = await ggzMeasureWithNote();
    const removed = await call(HAARLEM, 'POST', `/cases/${caseId}/plan`, { body: { ...body, basedOnVersion: 1, measures: sent } });
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    const readded = await call(HAARLEM, 'POST', `/cases/${caseId}/plan`, { body: { ...body, basedOnVersion: 2, measures: [...sent, { ...housing, owner: HAARLEM_OWNER }] } });
    const read = await call(HAARLEM, 'GET', `/cases/${caseId}/plan`);
    expect(read.status).toBe(200);
    expect(JSON.stringify(read.body)).not.toContain(note);
    expect(readded.status, JSON.stringify(readded.body)).toBe(422);
    expect(readded.body.error.details).toContainEqual({ path: `measures.${sent.length}.measureId`, message: expect.stringMatching(/not a measure of this plan/) });
    // A new measure of the municipality gets an id of its own from the platform.
    const { measureId: _chosen, ...fresh } = { ...housing, owner: HAARLEM_OWNER };
    const added = await call(HAARLEM, 'POST', `/cases/${caseId}/plan`, { body: { ...body, basedOnVersion: 2, measures: [...sent, fresh] } });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    const own = added.body.measures.find((m: any) => m.catalogueId === 'supported-housing');
    expect(own).toMatchObject({ access: 'owner', owner: HAARLEM_OWNER, notes: [] });
    expect(own.measureId).not.toBe(housing.measureId);
    expect(JSON.stringify((await call(HAARLEM, 'GET', `/cases/${caseId}/plan`)).body)).not.toContain(note);
  });
});

describe('health-related factors go only to the recipients of health data the covenant lists', () => {
  const HEALTH = ['mental-health-problems', 'substance-use', 'treatment-engagement'];

  it('shows the plan\u2019s health factors to the municipality, the specialist R&E and the ZVH, not to the police or the OM', async () => {
    const { caseId } = await seedQuietCase(REGION, { municipality: 'haarlem', state: 'consultation', participants: [] });
    const body = { ...youngAdultPlan(), riskFactors: ['social-isolation', 'mental-health-problems', 'substance-use'], protectiveFactors: ['school-attendance', 'treatment-engagement'] };
    const drafted = await call(ZVH, 'POST', `/cases/${caseId}/plan`, { body });
    expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);

    for (const profile of [ZVH, HAARLEM, `${REGION}.specialist-re`]) {
      const plan = (await call(profile, 'GET', `/cases/${caseId}/plan`)).body.plan;
      expect(plan.riskFactors, profile).toEqual(body.riskFactors);
      expect(plan.protectiveFactors, profile).toEqual(body.protectiveFactors);
    }
    for (const profile of [POLICE, `${REGION}.om`]) {
      const reply = await call(profile, 'GET', `/cases/${caseId}/plan`);
      expect(reply.status, profile).toBe(200);
      expect(reply.body.plan.riskFactors, profile).toEqual(['social-isolation']);
      expect(reply.body.plan.protectiveFactors, profile).toEqual(['school-attendance']);
      // Nor through the version as drafted, nor through the suggestions and what they are based on.
      const version = await call(profile, 'GET', `/cases/${caseId}/plan?version=1`);
      expect(version.status, profile).toBe(200);
      expect(version.body.plan.riskFactors, profile).toEqual(['social-isolation']);
      for (const reply of [version, await call(profile, 'GET', `/cases/${caseId}/measures/suggestions`)]) {
        expect(reply.status, profile).toBe(200);
        for (const factor of HEALTH) expect(JSON.stringify(reply.body), `${profile} ${factor}`).not.toContain(factor);
      }
    }
    const zvhSuggestions = await call(ZVH, 'GET', `/cases/${caseId}/measures/suggestions`);
    expect(zvhSuggestions.body.basedOn.riskFactors).toEqual(body.riskFactors);
  });
});

// The case consultation (casusoverleg) as a record and a partner's task list across cases: on the
// twin's work process, driven as partners drive it (signed HTTP, the twin's clock), asserting on the
// API and the execution history.
import { describe, expect, it } from 'vitest';
import { useOwnTwin } from '../support/own-twin';
import { WorkflowDriver } from '../support/workflow-driver';

const own = useOwnTwin();
const ken = () => new WorkflowDriver(own, 'kennemerland');
const P = (organisation: string) => `kennemerland.${organisation}`;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** The twin's virtual now (the functions' clock). */
const now = () => own.twin().clock.now().getTime();

describe('case consultation', () => {
  it('a consultation with attendees and outcome', { timeout: 180_000 }, async () => {
    const wf = ken();
    const caseId = await wf.inConsultation();
    await wf.invite(caseId, 'ggz');
    await wf.invite(caseId, 'jeugdzorg');
    const at = new Date(now() + 2 * HOUR_MS).toISOString();
    const consultation = { scheduledAt: at, attendees: ['zvh', 'gemeente-haarlem', 'politie', 'ggz'], agenda: ['Gedeeld beeld', 'Risicotaxatie', 'Plan van aanpak'] };
    const path = `/cases/${caseId}/consultations`;

    // Refusals: a caller that may not schedule (gateway and handler), an attendee that takes no part
    // in the case, bad input; none of them writes anything.
    expect((await own.call(P('politie'), 'POST', path, { body: consultation })).status).toBe(403);
    expect((await own.call(P('ggz'), 'POST', path, { body: consultation })).status).toBe(403);
    expect((await own.call(P('gemeente-velsen'), 'POST', path, { body: consultation })).status).toBe(404);
    const outsider = await own.call(P('zvh'), 'POST', path, { body: { ...consultation, attendees: ['zvh', 'reclassering'] } });
    expect(outsider.status, JSON.stringify(outsider.body)).toBe(422);
    expect(outsider.body.error.details).toEqual([{ path: 'attendees.1', message: expect.stringMatching(/reclassering does not take part in the case/) }]);
    const otherMunicipality = await own.call(P('zvh'), 'POST', path, { body: { ...consultation, attendees: ['gemeente-velsen'] } });
    expect(otherMunicipality.status).toBe(422);
    const unknown = await own.call(P('zvh'), 'POST', path, { body: { ...consultation, attendees: ['nobody-here'] } });
    expect(unknown.status).toBe(422);
    // Entered late is fine (up to 30 days after it), two months late is not.
    const past = await own.call(P('zvh'), 'POST', path, { body: { ...consultation, scheduledAt: new Date(now() - 60 * DAY_MS).toISOString() } });
    expect(past.status).toBe(422);
    expect(past.body.error.details[0].path).toBe('scheduledAt');
    const malformed = await own.call(P('zvh'), 'POST', path, { body: { ...consultation, agenda: [], consultationId: 'mine' } });
    expect(malformed.status).toBe(422);
    expect(malformed.body.error.details.map((d: any) => d.path).sort()).toEqual(['agenda', 'consultationId']);
    expect((await own.call(P('zvh'), 'GET', path)).body.consultations).toEqual([]);

    // The process director schedules it: the server mints the id; the history records it.
    const scheduled = await own.call(P('zvh'), 'POST', path, { body: consultation, headers: { 'idempotency-key': `schedule-${caseId}` } });
    expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(201);
    const consultationId: string = scheduled.body.consultationId;
    expect(consultationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(scheduled.headers.get('location')).toBe(`${path}/${consultationId}`);
    expect(scheduled.body).toMatchObject({ caseId, consultationId, status: 'scheduled', scheduledAt: at, attendees: consultation.attendees, agenda: consultation.agenda, scheduledBy: 'zvh' });
    // The same key again answers the first outcome, and schedules nothing twice.
    const repeated = await own.call(P('zvh'), 'POST', path, { body: consultation, headers: { 'idempotency-key': `schedule-${caseId}` } });
    expect(repeated.status).toBe(201);
    expect(repeated.headers.get('idempotent-replayed')).toBe('true');
    expect(repeated.body.consultationId).toBe(consultationId);
    const history = (await own.call(P('gemeente-haarlem'), 'GET', `/cases/${caseId}/history`)).body.events;
    expect(history.filter((e: any) => e.type === 'consultation.scheduled')).toEqual([expect.objectContaining({ organisationId: 'zvh', toState: 'consultation', fields: [`consultation:${consultationId}`] })]);

    // Who reads it: core partners and the ZVH every consultation; an invited partner the ones it attends.
    for (const reader of ['zvh', 'gemeente-haarlem', 'politie', 'ggz']) {
      const read = await own.call(P(reader), 'GET', path);
      expect(read.status, reader).toBe(200);
      expect(read.body.consultations.map((c: any) => c.consultationId), reader).toEqual([consultationId]);
    }
    const notAttending = await own.call(P('jeugdzorg'), 'GET', path);
    expect(notAttending.status).toBe(200);
    expect(notAttending.body.consultations).toEqual([]);
    expect((await own.call(P('reclassering'), 'GET', path)).status).toBe(404);
    expect((await own.call(P('gemeente-velsen'), 'GET', path)).status).toBe(404);

    // The outcome is recorded afterwards, by the process director: not before the consultation took place.
    const outcome = { summary: 'Gedeeld beeld opgesteld; plan van aanpak besproken', decisions: [{ text: 'GGZ start ambulante behandeling', owner: 'ggz' }, { text: 'Gemeente regelt dagbesteding', owner: 'gemeente-haarlem' }], absent: ['politie'] };
    const outcomePath = `${path}/${consultationId}/outcome`;
    const early = await own.call(P('zvh'), 'POST', outcomePath, { body: outcome });
    expect(early.status).toBe(409);
    await wf.advanceSeconds(3 * 3600);
    expect((await own.call(P('ggz'), 'POST', outcomePath, { body: outcome })).status).toBe(403);
    const badOwner = await own.call(P('zvh'), 'POST', outcomePath, { body: { ...outcome, decisions: [{ text: 'Reclassering houdt toezicht', owner: 'reclassering' }] } });
    expect(badOwner.status).toBe(422);
    expect(badOwner.body.error.details[0].path).toBe('decisions.0.owner');
    expect((await own.call(P('zvh'), 'POST', `${path}/00000000-0000-4000-8000-000000000000/outcome`, { body: outcome })).status).toBe(404);
    const recorded = await own.call(P('zvh'), 'POST', outcomePath, { body: outcome });
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(200);
    expect(recorded.body).toMatchObject({ consultationId, status: 'held', outcome: { summary: outcome.summary, absent: ['politie'], recordedBy: 'zvh' } });
    expect(recorded.body.outcome.decisions).toEqual([
      { decisionId: expect.stringMatching(/^[0-9a-f-]{36}$/), text: outcome.decisions[0]!.text, owner: 'ggz' },
      { decisionId: expect.stringMatching(/^[0-9a-f-]{36}$/), text: outcome.decisions[1]!.text, owner: 'gemeente-haarlem' },
    ]);
    expect((await own.call(P('zvh'), 'POST', outcomePath, { body: outcome })).status).toBe(409);

    const read = await own.call(P('ggz'), 'GET', path);
    expect(read.body.consultations[0]).toMatchObject({ status: 'held', outcome: { summary: outcome.summary } });
    const after = (await own.call(P('gemeente-haarlem'), 'GET', `/cases/${caseId}/history`)).body.events;
    expect(after.filter((e: any) => e.type === 'consultation.held')).toEqual([expect.objectContaining({ organisationId: 'zvh', fields: [`consultation:${consultationId}`] })]);
    // The work process was not disturbed: the intake still waits in the plan adoption.
    expect((await wf.enteredStates(wf.executionArn('intake', caseId))).at(-1)).toBe('PlanAdoption');
  });
});

describe('GET /tasks', () => {
  it('a partner task list across cases, by due date, paged', { timeout: 180_000 }, async () => {
    const wf = ken();
    const first = await wf.signal('haarlem');
    await wf.waitForTask('politie', first, 'weighing-contribution', 'police');
    await wf.advanceDays(1);
    const second = await wf.signal('haarlem');
    await wf.waitForTask('politie', second, 'weighing-contribution', 'police');
    const velsen = await wf.signal('velsen');
    await wf.waitForTask('gemeente-velsen', velsen, 'weighing-contribution', 'municipality');

    const all = async (profile: string, limit = 1) => {
      const items: any[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const reply = await own.call(P(profile), 'GET', `/tasks?${cursor ? `cursor=${encodeURIComponent(cursor)}&` : ''}limit=${limit}`);
        expect(reply.status, JSON.stringify(reply.body)).toBe(200);
        items.push(...reply.body.items);
        cursor = reply.body.nextCursor;
        pages++;
      } while (cursor && pages < 50);
      return { items, pages };
    };
    // The police: its contribution on each case, the earliest due first, one per page.
    const police = await all('politie');
    const mine = police.items.filter((t) => [first, second, velsen].includes(t.caseId));
    expect(mine.map((t) => [t.caseId, t.kind, t.topic])).toEqual([
      [first, 'weighing-contribution', 'police'],
      [second, 'weighing-contribution', 'police'],
      [velsen, 'weighing-contribution', 'police'],
    ]);
    expect(police.pages).toBeGreaterThanOrEqual(3);
    const due = police.items.map((t) => t.dueAt);
    expect(due).toEqual([...due].sort());
    expect(mine[0]).toEqual({ taskId: expect.any(String), caseId: first, caseNumber: expect.stringMatching(/^KEN-/), kind: 'weighing-contribution', title: expect.any(String), topic: 'police', allowedOutcomes: ['contributed', 'nothing-known'], createdAt: expect.any(String), dueAt: expect.any(String) });
    // Nothing of the person, no token, no execution.
    expect(JSON.stringify(police.items)).not.toMatch(/token|arn:aws|subject|bsn/i);

    // A municipality: the tasks of its own cases only.
    const haarlem = (await all('gemeente-haarlem', 10)).items.map((t) => t.caseId);
    expect(haarlem).toEqual(expect.arrayContaining([first, second]));
    expect(haarlem).not.toContain(velsen);
    expect((await all('gemeente-velsen', 10)).items.map((t) => t.caseId)).toEqual([velsen]);
    // The ZVH and an invited partner have no task in a weighing.
    const ours = (items: any[]) => items.filter((t) => [first, second, velsen].includes(t.caseId));
    expect(ours((await all('zvh', 10)).items)).toEqual([]);
    expect(ours((await all('ggz', 10)).items)).toEqual([]);

    // A decided task leaves the list.
    await wf.decide('politie', first, 'weighing-contribution', 'contributed', 'police');
    expect((await all('politie', 10)).items.some((t) => t.caseId === first && t.topic === 'police')).toBe(false);

    // Bad input is a 4xx: a cursor of another query, a limit out of range.
    expect((await own.call(P('politie'), 'GET', '/tasks?cursor=bm90LWEtY3Vyc29y')).status).toBe(422);
    expect((await own.call(P('politie'), 'GET', '/tasks?limit=0')).status).toBe(422);
    expect((await own.call(P('politie'), 'GET', '/tasks?limit=101')).status).toBe(422);
  });
});


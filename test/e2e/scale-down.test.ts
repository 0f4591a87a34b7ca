// Invitations lapse when a case scales down (covenant art. 11(2)), on the twin's work process, driven
// as partners drive it and asserted on the API and the execution history. A file (and twin) of its
// own: the jump of the clock to the first evaluation runs every scheduled job of the regions it
// passes, and other tests' cases would fall due in it too.
import { describe, expect, it } from 'vitest';
import { useOwnTwin } from '../support/own-twin';
import { WorkflowDriver } from '../support/workflow-driver';
import { youngAdultPlan } from '../support/measures';

const own = useOwnTwin();
const P = (organisation: string) => `kennemerland.${organisation}`;

describe('scaling down', () => {
  it('invitations lapse on scale-down', { timeout: 420_000 }, async () => {
    const wf = new WorkflowDriver(own, 'kennemerland');
    const caseId = await wf.inConsultation();
    // A plan for a returnee falls due for evaluation after 4 weeks (the shortest interval).
    const drafted = await own.call(P('zvh'), 'POST', `/cases/${caseId}/plan`, { body: { ...youngAdultPlan(), targetGroups: ['young-adults', 'detainees-and-returnees'] } });
    expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
    await wf.decide('zvh', caseId, 'plan-adoption', 'adopted');
    await wf.waitForState(caseId, 'monitoring');
    await wf.invite(caseId, 'ggz', 150);
    expect((await own.call(P('ggz'), 'GET', `/cases/${caseId}`)).status).toBe(200);
    // Three days at a time, so the daily jobs of the three regions the clock passes settle in between.
    for (let day = 0; day < 30; day += 3) await wf.advanceDays(3);
    await wf.decide('zvh', caseId, 'evaluation', 'scale-down');
    await wf.waitForState(caseId, 'aftercare');
    expect(await wf.enteredStates(wf.executionArn('monitoring', `${caseId}-cycle-1`))).toContain('RecordScaledDown');

    // Covenant art. 11(2): the invitation ended with the scale-down, though it ran for months yet.
    expect((await own.call(P('ggz'), 'GET', `/cases/${caseId}`)).status).toBe(404);
    const view = (await own.call(P('zvh'), 'GET', `/cases/${caseId}`)).body;
    expect(view.participants).toEqual([]);
    const events = (await own.call(P('gemeente-haarlem'), 'GET', `/cases/${caseId}/history`)).body.events;
    expect(events.find((e: any) => e.type === 'case.scaled_down')).toMatchObject({ fromState: 'monitoring', toState: 'aftercare', fields: ['participants.ggz'] });
    const processView = (await own.call(P('zvh'), 'GET', `/cases/${caseId}/history`)).body.events;
    expect(processView.find((e: any) => e.type === 'case.scaled_down')).toMatchObject({ fields: ['participants.ggz'] });
    // A new invitation in aftercare is the consultation's choice again.
    await wf.invite(caseId, 'ggz');
    expect((await own.call(P('ggz'), 'GET', `/cases/${caseId}`)).status).toBe(200);
  });
});

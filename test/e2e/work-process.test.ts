// The work process as the year plan describes it (issue 13): the specialist R&E's interpretation in
// the weighing, escalation of every human step (the ZVH process director, then the municipality of
// the case), and an evaluation that adjusts the plan. Driven as partners drive it, asserted on the
// execution history and the API; deadlines pass on the twin's clock.
import { describe, expect, it, vi } from 'vitest';
import { useOwnTwin } from '../support/own-twin';
import { WorkflowDriver } from '../support/workflow-driver';
import { youngAdultPlan } from '../support/measures';

// Long paths on a shared machine: each test walks weeks of the process through many steps.
vi.setConfig({ testTimeout: 180_000 });

const own = useOwnTwin();
const ken = () => new WorkflowDriver(own, 'kennemerland');

async function admitted(wf: WorkflowDriver, municipality: string): Promise<string> {
  const caseId = await wf.signal(municipality);
  await wf.waitForState(caseId, 'weighing');
  await wf.contributeAll(caseId, municipality);
  await wf.decide(`gemeente-${municipality}`, caseId, 'weighing-decision', 'propose-admission');
  await wf.decide(`gemeente-${municipality}`, caseId, 'triangle-decision', 'admit');
  await wf.decide('zvh', caseId, 'plan-adoption', 'adopted');
  await wf.waitForState(caseId, 'monitoring');
  return caseId;
}

async function historyTypes(caseId: string): Promise<Array<{ type: string; organisationId: string; toState: string }>> {
  const reply = await own.call('kennemerland.politie', 'GET', `/cases/${caseId}/history`);
  expect(reply.status).toBe(200);
  return reply.body.events;
}

describe('the specialist R&E', () => {
  it('specialist duiding in the weighing: its interpretation is a contribution of its own, on its task list only', async () => {
    const wf = ken();
    const caseId = await wf.signal('haarlem');
    await wf.waitForState(caseId, 'weighing');
    const interpretation = await wf.waitForTask('specialist-re', caseId, 'weighing-interpretation');
    expect(interpretation.allowedOutcomes).toEqual(['radicalisation-indicated', 'no-indication', 'unclear']);
    // Its list holds its own task only; the others' lists do not hold its task.
    expect((await wf.tasks('specialist-re', caseId)).map((t) => t.kind)).toEqual(['weighing-interpretation']);
    for (const other of ['politie', 'om', 'gemeente-haarlem', 'zvh']) expect((await wf.tasks(other, caseId)).map((t) => t.kind)).not.toContain('weighing-interpretation');
    const byPolice = await own.call('kennemerland.politie', 'POST', `/cases/${caseId}/decisions`, { body: { task: interpretation.taskId, outcome: 'unclear', reasoning: 'niet de onze' } });
    expect(byPolice.status).toBe(403);

    await wf.decide('gemeente-haarlem', caseId, 'weighing-contribution', 'contributed', 'municipality');
    await wf.decide('politie', caseId, 'weighing-contribution', 'contributed', 'police');
    await wf.decide('om', caseId, 'weighing-contribution', 'nothing-known', 'prosecutor');
    // The weighing waits for the interpretation: no decision before it.
    expect(await wf.tasks('gemeente-haarlem', caseId)).toEqual([]);
    await wf.decide('specialist-re', caseId, 'weighing-interpretation', 'radicalisation-indicated');
    await wf.waitForTask('gemeente-haarlem', caseId, 'weighing-decision');
    // The weighing decision is the core partners', not the specialist's.
    expect(await wf.tasks('specialist-re', caseId)).toEqual([]);

    const entered = await wf.enteredStates(wf.executionArn('intake', caseId));
    expect(entered).toEqual(expect.arrayContaining(['GatherContributions', 'InterpretationSpecialist', 'ContributionMunicipality', 'ContributionPolice', 'ContributionProsecutor']));
    expect(entered.indexOf('WeighingDecision')).toBeGreaterThan(entered.indexOf('InterpretationSpecialist'));
    const history = await wf.history(wf.executionArn('intake', caseId));
    const scheduled = history.filter((e) => e.type === 'TaskScheduled').map((e) => JSON.parse(e.taskScheduledEventDetails!.parameters!).Payload);
    expect(scheduled).toContainEqual(expect.objectContaining({ kind: 'weighing-interpretation', stateName: 'InterpretationSpecialist', timeoutSeconds: 7 * 86_400 }));
    const events = await historyTypes(caseId);
    expect(events).toContainEqual(expect.objectContaining({ type: 'decision.weighing-interpretation', organisationId: 'specialist-re' }));
    // Ends here: no open step of this case is left to escalate while later tests move the clock.
    await wf.decide('gemeente-haarlem', caseId, 'weighing-decision', 'no-action');
  });
});

describe('escalation of every human step', () => {
  it('escalation of an overdue contribution: the process director takes it over', async () => {
    const wf = ken();
    const caseId = await wf.signal('zandvoort');
    await wf.waitForState(caseId, 'weighing');
    await wf.decide('gemeente-zandvoort', caseId, 'weighing-contribution', 'contributed', 'municipality');
    await wf.decide('politie', caseId, 'weighing-contribution', 'contributed', 'police');
    await wf.decide('specialist-re', caseId, 'weighing-interpretation', 'no-indication');
    const overdue = await wf.waitForTask('om', caseId, 'weighing-contribution', 'prosecutor');
    await wf.advanceDaysPatiently(6);
    const escalation = await wf.waitForTask('zvh', caseId, 'escalation', 'weighing-contribution/prosecutor');
    expect(escalation.allowedOutcomes).toEqual(['contributed', 'nothing-known']);
    const late = await own.call('kennemerland.om', 'POST', `/cases/${caseId}/decisions`, { body: { task: overdue.taskId, outcome: 'nothing-known', reasoning: 'te laat' } });
    expect(late.status).toBe(409);
    await wf.decide('zvh', caseId, 'escalation', 'nothing-known', 'weighing-contribution/prosecutor');
    await wf.waitForTask('gemeente-zandvoort', caseId, 'weighing-decision');
    const intake = wf.executionArn('intake', caseId);
    expect(await wf.enteredStates(intake)).toEqual(expect.arrayContaining(['ContributionProsecutor', 'ContributionProsecutorOverdue', 'ContributionProsecutorEscalated', 'WeighingDecision']));
    const history = await wf.history(intake);
    expect(history.filter((e) => e.type === 'TaskTimedOut').map((e) => e.taskTimedOutEventDetails?.error)).toEqual(['States.Timeout']);
    expect((await historyTypes(caseId)).find((e) => e.type === 'decision.escalation')).toMatchObject({ organisationId: 'zvh' });
    await wf.decide('gemeente-zandvoort', caseId, 'weighing-decision', 'no-action');
  });

  it('an overdue escalation goes to the municipality of the case; an overdue ZVH step too', async () => {
    const wf = ken();
    const caseId = await wf.signal('heemstede');
    await wf.waitForState(caseId, 'weighing');
    await wf.decide('gemeente-heemstede', caseId, 'weighing-contribution', 'contributed', 'municipality');
    await wf.decide('om', caseId, 'weighing-contribution', 'nothing-known', 'prosecutor');
    await wf.decide('specialist-re', caseId, 'weighing-interpretation', 'unclear');
    // The police contribution is overdue, and then the process director's escalation of it.
    await wf.advanceDaysPatiently(6);
    const atDirector = await wf.waitForTask('zvh', caseId, 'escalation', 'weighing-contribution/police');
    await wf.advanceDaysPatiently(6);
    const atMunicipality = await wf.waitForTask('gemeente-heemstede', caseId, 'escalation', 'weighing-contribution/police');
    expect(atMunicipality.allowedOutcomes).toEqual(['contributed', 'nothing-known']);
    // The director's expired task is gone, and with it its sight of the case in weighing.
    const late = await own.call('kennemerland.zvh', 'POST', `/cases/${caseId}/decisions`, { body: { task: atDirector.taskId, outcome: 'nothing-known', reasoning: 'te laat' } });
    expect(late.status).toBe(404);
    // Only the municipality of the case takes it.
    expect(await wf.tasks('gemeente-haarlem', caseId)).toEqual([]);
    await wf.decide('gemeente-heemstede', caseId, 'escalation', 'nothing-known', 'weighing-contribution/police');

    // The ZVH's own step (the plan adoption) escalates to the municipality straight away.
    await wf.decide('gemeente-heemstede', caseId, 'weighing-decision', 'propose-admission');
    await wf.decide('gemeente-heemstede', caseId, 'triangle-decision', 'admit');
    await wf.waitForTask('zvh', caseId, 'plan-adoption');
    await wf.advanceDaysPatiently(29);
    await wf.waitForTask('gemeente-heemstede', caseId, 'escalation', 'plan-adoption');
    expect((await wf.tasks('zvh', caseId)).map((t) => t.kind)).not.toContain('escalation');
    await wf.decide('gemeente-heemstede', caseId, 'escalation', 'adopted', 'plan-adoption');
    await wf.waitForState(caseId, 'monitoring');

    const intake = wf.executionArn('intake', caseId);
    const entered = await wf.enteredStates(intake);
    expect(entered).toEqual(
      expect.arrayContaining(['ContributionPolice', 'ContributionPoliceOverdue', 'ContributionPoliceEscalated', 'ContributionPoliceEscalatedOverdue', 'ContributionPoliceToMunicipality', 'PlanAdoption', 'PlanAdoptionOverdue', 'PlanAdoptionToMunicipality', 'RecordMonitoring']),
    );
    expect(entered).not.toContain('PlanAdoptionEscalated');
    // The intake ends by starting the case's monitoring, a task without a Lambda payload: read its
    // history once it has (reading it earlier or later made the filter below pass or crash).
    await expect.poll(() => wf.status(intake), { timeout: 30_000, interval: 250 }).toBe('SUCCEEDED');
    const history = await wf.history(intake);
    const escalations = history.filter((e) => e.type === 'TaskScheduled').map((e) => JSON.parse(e.taskScheduledEventDetails!.parameters!).Payload).filter((p) => p?.kind === 'escalation');
    expect(escalations.map((p) => [p.stateName, p.assignees, p.topic])).toEqual([
      ['ContributionPoliceEscalated', ['zvh'], 'weighing-contribution/police'],
      ['ContributionPoliceToMunicipality', ['municipality'], 'weighing-contribution/police'],
      ['PlanAdoptionToMunicipality', ['municipality'], 'plan-adoption'],
    ]);
  });
});

describe('evaluation outcome adjust', () => {
  it('adjust reopening the plan: the case goes to consultation, a new plan version is drafted and adopted, monitoring resumes', async () => {
    const wf = ken();
    const caseId = await admitted(wf, 'bloemendaal');
    const before = (await own.call('kennemerland.zvh', 'GET', `/cases/${caseId}/plan`)).body.plan;
    expect(before).toMatchObject({ version: 1, status: 'adopted' });

    await wf.advanceDaysPatiently(91);
    await wf.decide('zvh', caseId, 'evaluation', 'adjust');
    await wf.waitForState(caseId, 'consultation');
    const adoption = await wf.waitForTask('zvh', caseId, 'plan-adoption');
    // The plan is reopened: confirming the version in force is refused, a new version is needed.
    const confirm = await own.call('kennemerland.zvh', 'POST', `/cases/${caseId}/decisions`, { body: { task: adoption.taskId, outcome: 'adopted', planVersion: 1, reasoning: 'ongewijzigd' } });
    expect(confirm.status, JSON.stringify(confirm.body)).toBe(409);
    expect((await own.call('kennemerland.zvh', 'GET', `/cases/${caseId}/plan`)).body.plan.reopened).toMatchObject({ by: 'zvh' });

    const base = youngAdultPlan('gemeente-bloemendaal');
    const revised = await own.call('kennemerland.zvh', 'POST', `/cases/${caseId}/plan`, {
      body: { ...base, basedOnVersion: 1, measures: before.measures.map((m: any) => ({ measureId: m.measureId, catalogueId: m.catalogueId, owner: m.owner, goalIds: m.goalIds, start: m.start, plannedEnd: m.plannedEnd })), goals: [...base.goals, { goalId: 'g-home', lifeDomain: 'housing', statement: 'Woont zelfstandig met begeleiding' }] },
    });
    expect(revised.status, JSON.stringify(revised.body)).toBe(200);
    expect(revised.body.version).toBe(2);
    const adopt = await own.call('kennemerland.zvh', 'POST', `/cases/${caseId}/decisions`, { body: { task: adoption.taskId, outcome: 'adopted', planVersion: 2, reasoning: 'bijgesteld plan vastgesteld' } });
    expect(adopt.status, JSON.stringify(adopt.body)).toBe(202);
    await wf.settle();
    await wf.waitForState(caseId, 'monitoring');

    const after = (await own.call('kennemerland.zvh', 'GET', `/cases/${caseId}/plan`)).body.plan;
    expect(after).toMatchObject({ version: 2, status: 'adopted' });
    expect(after.reopened).toBeUndefined();

    const cycle1 = wf.executionArn('monitoring', `${caseId}-cycle-1`);
    await wf.waitForStatus(cycle1, 'SUCCEEDED');
    expect(await wf.enteredStates(cycle1)).toEqual([
      'WaitForEvaluation',
      'Evaluation',
      'EvaluationOutcome',
      'RecordAdjustment',
      'Replan',
      'RecordReplanned',
      'ScheduleAfterReplan',
      'StartCycleAfterReplan',
      'StartCycleAfterReplanDone',
    ]);
    const cycle2 = wf.executionArn('monitoring', `${caseId}-cycle-2`);
    expect(await wf.status(cycle2)).toBe('RUNNING');
    expect((await wf.enteredStates(cycle2)).at(-1)).toBe('WaitForEvaluation');

    const events = (await historyTypes(caseId)).map((e) => `${e.type}>${e.toState}`);
    const from = events.lastIndexOf('decision.evaluation>monitoring');
    expect(events.slice(from)).toEqual(['decision.evaluation>monitoring', 'evaluation.completed>consultation', 'decision.plan-adoption>consultation', 'plan.adopted>monitoring']);
  });
});

describe('the work process, continued (after the clock moved)', () => {
  it('escalation of an overdue release preparation: the process director takes it over', async () => {
    const wf = ken();
    const releaseDate = new Date(own.twin().clock.nowMs() + 200 * 86_400_000).toISOString();
    const caseId = await wf.signal('velsen', { detention: { releaseDate } });
    await wf.waitForState(caseId, 'detention');
    for (const element of ['housing', 'income', 'identity-papers', 'care']) {
      const organisation = element === 'identity-papers' ? 'dji' : 'gemeente-velsen';
      await wf.decide(organisation, caseId, 'release-preparation', 'arranged', element);
    }
    const overdue = await wf.waitForTask('reclassering', caseId, 'release-preparation', 'supervision');
    await wf.advanceDaysPatiently(61);
    const escalation = await wf.waitForTask('zvh', caseId, 'escalation', 'release-preparation/supervision');
    expect(escalation.allowedOutcomes).toEqual(['arranged', 'not-needed']);
    // Probation saw the detention case through its task only: expired, the case is gone for it.
    const late = await own.call('kennemerland.reclassering', 'POST', `/cases/${caseId}/decisions`, { body: { task: overdue.taskId, outcome: 'arranged', reasoning: 'te laat' } });
    expect(late.status).toBe(404);
    await wf.decide('zvh', caseId, 'escalation', 'arranged', 'release-preparation/supervision');
    const detention = wf.executionArn('detention', caseId);
    const deadline = Date.now() + 20_000;
    while ((await wf.enteredStates(detention)).at(-1) !== 'WaitForRelease' && Date.now() < deadline) await wf.settle();
    const entered = await wf.enteredStates(detention);
    expect(entered).toEqual(expect.arrayContaining(['PrepareRelease', 'PrepareSupervision', 'PrepareSupervisionOverdue', 'PrepareSupervisionEscalated', 'UntilRelease']));
    expect(entered.at(-1)).toBe('WaitForRelease');
    expect(await wf.status(detention)).toBe('RUNNING');
    expect((await wf.history(detention)).some((e) => e.type === 'TaskTimedOut')).toBe(true);
  });

  it('the specialist R&E is invited as advisor to a case and sees it as the covenant allows', async () => {
    const wf = ken();
    const caseId = await admitted(wf, 'velsen');
    const read = await wf.caseOf(caseId);
    const until = new Date(own.twin().clock.nowMs() + 60 * 86_400_000).toISOString();
    const invite = (role: string, version: number) =>
      own.call('kennemerland.gemeente-velsen', 'POST', `/cases/${caseId}/participants`, { body: { version, organisationId: 'specialist-re', role, until, reasoning: 'advies over de duiding in het casusoverleg' } });
    const asMentor = await invite('mentor', read.version);
    expect(asMentor.status).toBe(422);
    const asAdvisor = await invite('advisor', read.version);
    expect(asAdvisor.status, JSON.stringify(asAdvisor.body)).toBe(201);
    expect(asAdvisor.body.participants).toContainEqual(expect.objectContaining({ organisationId: 'specialist-re', role: 'advisor', until }));
    // Signal and weighing data are for core partners and the specialist R&E (covenant art. 6, 9(1)): its view is full.
    const seen = await own.call('kennemerland.specialist-re', 'GET', `/cases/${caseId}`);
    expect(seen.status).toBe(200);
    expect(seen.body.signal?.reason).toBeTruthy();
    expect(seen.body.subject?.bsn).toBeTruthy();
    expect((await historyTypes(caseId)).map((e) => e.type)).toContain('participant.invited');
  });
});

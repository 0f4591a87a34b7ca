// The integral work process on the synthesized state machines, driven as partners drive it:
// signals and decisions over signed HTTP, deadlines and due dates by the twin's clock. Each test
// is named after the path it walks and asserts on the execution history, not only the end state.
import { describe, expect, it } from 'vitest';
import { useOwnTwin } from '../support/own-twin';
import { WorkflowDriver } from '../support/workflow-driver';

const own = useOwnTwin();
const ken = () => new WorkflowDriver(own, 'kennemerland');

const throughWeighing = (wf: WorkflowDriver, municipality = 'haarlem') => wf.throughWeighing(municipality);
const admitted = (wf: WorkflowDriver) => wf.admitted();

describe('the integral work process', () => {
  it('happy path: weighing, admission, plan, two evaluation cycles, closure', async () => {
    const wf = ken();
    const caseId = await admitted(wf);
    const intake = wf.executionArn('intake', caseId);
    await wf.waitForStatus(intake, 'SUCCEEDED');
    expect(await wf.enteredStates(intake)).toEqual([
      'StartCounting',
      'RecordWeighing',
      'GatherContributions',
      'ContributionMunicipality',
      'ContributionPolice',
      'ContributionProsecutor',
      'InterpretationSpecialist',
      'MoreInformationLimit',
      'WeighingDecision',
      'WeighingOutcome',
      'RecordAdmissionProposed',
      'TriangleDecision',
      'TriangleOutcome',
      'RecordConsultation',
      'PlanAdoption',
      'RecordMonitoring',
      'FirstCycle',
      'ScheduleFirstEvaluation',
      'StartMonitoring',
      'Admitted',
    ]);

    // Cycle 1: due in 90 days; the evaluation continues the plan.
    await wf.advanceDays(91);
    await wf.decide('zvh', caseId, 'evaluation', 'continue');
    const cycle1 = wf.executionArn('monitoring', `${caseId}-cycle-1`);
    await wf.waitForStatus(cycle1, 'SUCCEEDED');
    expect(await wf.enteredStates(cycle1)).toEqual(['WaitForEvaluation', 'Evaluation', 'EvaluationOutcome', 'RecordEvaluated', 'ScheduleNext', 'StartNextCycle', 'StartNextCycleDone']);

    // Cycle 2: the evaluation proposes closure; the core partners close.
    await wf.advanceDays(91);
    await wf.decide('zvh', caseId, 'evaluation', 'close');
    await wf.decide('politie', caseId, 'closure-decision', 'close');
    const cycle2 = wf.executionArn('monitoring', `${caseId}-cycle-2`);
    await wf.waitForStatus(cycle2, 'SUCCEEDED');
    expect(await wf.enteredStates(cycle2)).toEqual(['WaitForEvaluation', 'Evaluation', 'EvaluationOutcome', 'ClosureDecision', 'ClosureOutcome', 'RecordClosed', 'Closed']);

    // Standard workflows are billed per state transition: the whole path stays within its budget.
    const transitions = [intake, cycle1, cycle2].reduce((sum, arn) => sum + own.twin().stepFunctions.stateTransitionCount(arn), 0);
    console.log(`happy path with two evaluation cycles: ${transitions} state transitions, $${((transitions / 1000) * 0.025).toFixed(5)} per case at $0.025 per 1,000`);
    expect(transitions).toBeLessThanOrEqual(60);

    const closed = await wf.waitForState(caseId, 'closed');
    expect(closed.workflow.executions).toEqual([intake, cycle1, cycle2]);
    const history = (await own.call('kennemerland.politie', 'GET', `/cases/${caseId}/history`)).body.events.map((e: { type: string; toState: string }) => e.type);
    expect(history).toEqual(expect.arrayContaining(['signal.received', 'weighing.started', 'decision.weighing-decision', 'case.admitted', 'decision.plan-adoption', 'plan.adopted', 'decision.evaluation', 'evaluation.completed', 'decision.closure-decision', 'case.closed']));
    const versions = (await own.call('kennemerland.politie', 'GET', `/cases/${caseId}/history`)).body.events.map((e: { version: number }) => e.version);
    expect(versions).toEqual(versions.map((_: number, i: number) => i + 1));
  });

  it('weighing decides no action', async () => {
    const wf = ken();
    const caseId = await throughWeighing(wf, 'velsen');
    await wf.decide('gemeente-velsen', caseId, 'weighing-decision', 'no-action');
    const intake = wf.executionArn('intake', caseId);
    await wf.waitForStatus(intake, 'SUCCEEDED');
    expect((await wf.enteredStates(intake)).slice(-3)).toEqual(['WeighingOutcome', 'RecordNoAction', 'NoAction']);
    await wf.waitForState(caseId, 'no-action');
  });

  it('weighing refers to regular care', async () => {
    const wf = ken();
    const caseId = await throughWeighing(wf, 'heemstede');
    await wf.decide('om', caseId, 'weighing-decision', 'referral-care');
    const intake = wf.executionArn('intake', caseId);
    await wf.waitForStatus(intake, 'SUCCEEDED');
    expect((await wf.enteredStates(intake)).slice(-3)).toEqual(['WeighingOutcome', 'RecordReferred', 'Referred']);
    await wf.waitForState(caseId, 'referred');
  });

  it('more information loops at most twice, then the weighing must decide', async () => {
    const wf = ken();
    const caseId = await throughWeighing(wf, 'bloemendaal');
    for (let loop = 1; loop <= 2; loop++) {
      await wf.decide('politie', caseId, 'weighing-decision', 'more-information');
      await wf.waitForState(caseId, 'weighing');
      await wf.contributeAll(caseId, 'bloemendaal');
    }
    const final = await wf.waitForTask('politie', caseId, 'weighing-decision');
    expect(final.allowedOutcomes).not.toContain('more-information');
    const refused = await own.call('kennemerland.politie', 'POST', `/cases/${caseId}/decisions`, { body: { task: final.taskId, outcome: 'more-information', reasoning: 'nog meer' } });
    expect(refused.status).toBe(422);
    await wf.decide('politie', caseId, 'weighing-decision', 'no-action');
    const entered = await wf.enteredStates(wf.executionArn('intake', caseId));
    expect(entered.filter((s) => s === 'RecordMoreInformation')).toHaveLength(2);
    expect(entered).toContain('WeighingDecisionFinal');
    await wf.waitForState(caseId, 'no-action');
  });

  it('an overdue weighing decision escalates to the process director', async () => {
    const wf = ken();
    const caseId = await throughWeighing(wf, 'zandvoort');
    const overdue = await wf.waitForTask('gemeente-zandvoort', caseId, 'weighing-decision');
    await wf.advanceDays(11);
    const escalation = await wf.waitForTask('zvh', caseId, 'escalation', 'weighing-decision');
    expect(escalation.allowedOutcomes).toContain('no-action');
    const late = await own.call('kennemerland.gemeente-zandvoort', 'POST', `/cases/${caseId}/decisions`, { body: { task: overdue.taskId, outcome: 'no-action', reasoning: 'te laat' } });
    expect(late.status).toBe(409);
    await wf.decide('zvh', caseId, 'escalation', 'no-action', 'weighing-decision');
    const entered = await wf.enteredStates(wf.executionArn('intake', caseId));
    expect(entered).toEqual(expect.arrayContaining(['WeighingDecision', 'WeighingDecisionOverdue', 'WeighingDecisionEscalated', 'WeighingOutcome', 'RecordNoAction']));
    const history = await wf.history(wf.executionArn('intake', caseId));
    expect(history.some((e) => e.type === 'TaskTimedOut')).toBe(true);
    await wf.waitForState(caseId, 'no-action');
  });

  it('scale down to aftercare, then close', async () => {
    const wf = ken();
    const caseId = await admitted(wf);
    await wf.advanceDays(91);
    await wf.decide('zvh', caseId, 'evaluation', 'scale-down');
    await wf.waitForState(caseId, 'aftercare');
    await wf.advanceDays(181);
    await wf.decide('zvh', caseId, 'evaluation', 'close');
    await wf.decide('gemeente-haarlem', caseId, 'closure-decision', 'close');
    await wf.waitForState(caseId, 'closed');
    expect(await wf.enteredStates(wf.executionArn('monitoring', `${caseId}-cycle-1`))).toEqual([
      'WaitForEvaluation',
      'Evaluation',
      'EvaluationOutcome',
      'RecordScaledDown',
      'ScheduleAftercare',
      'StartAftercareCycle',
      'StartAftercareCycleDone',
    ]);
  });

  it('detention: the release is prepared, then the person enters weighing; the history keeps neither the release date nor task tokens', async () => {
    const wf = ken();
    const releaseDate = new Date(own.twin().clock.nowMs() + 30 * 86_400_000).toISOString();
    const caseId = await wf.signal('velsen', { detention: { releaseDate } });
    await wf.waitForState(caseId, 'detention');
    for (const element of ['housing', 'income', 'identity-papers', 'care', 'supervision']) {
      const organisation = element === 'supervision' ? 'reclassering' : element === 'identity-papers' ? 'dji' : 'gemeente-velsen';
      await wf.decide(organisation, caseId, 'release-preparation', 'arranged', element);
    }
    const detention = wf.executionArn('detention', caseId);
    expect((await wf.enteredStates(detention)).at(-1)).toBe('WaitForRelease');
    // Waiting in steps of at most a week, read from the case each time: a day before the release it still waits.
    await wf.advanceDays(29);
    expect(await wf.status(detention)).toBe('RUNNING');
    await wf.advanceDays(2);
    await wf.waitForStatus(detention, 'SUCCEEDED');
    await wf.waitForState(caseId, 'weighing');
    await wf.waitForTask('politie', caseId, 'weighing-contribution', 'police');
    const intake = wf.executionArn('intake', `${caseId}-after-release`);
    expect(await wf.status(intake)).toBe('RUNNING');
    expect(await wf.historyLeaks([detention, intake], [releaseDate, releaseDate.slice(0, 10)])).toEqual([]);
  });
});

describe('transfer between regions', () => {
  const offer = (caseId: string, municipality: string) => ken().offerTransfer(caseId, municipality);

  it('transfer accepted: the receiving region takes over, the sending region closes as transferred', async () => {
    const wf = ken();
    const caseId = await throughWeighing(wf, 'beverwijk');
    const incoming = await offer(caseId, 'beverwijk');
    const zw = new WorkflowDriver(own, 'zaanstreek-waterland');
    await zw.decide('zvh', incoming, 'transfer-acceptance', 'accept');
    await wf.waitForState(caseId, 'transferred');
    await zw.waitForState(incoming, 'weighing');
    const current = await wf.caseOf(caseId);
    const transfer = current.workflow.executions.find((arn: string) => arn.includes(':cter-kennemerland-transfer:'));
    await wf.waitForStatus(transfer, 'SUCCEEDED');
    expect(await wf.enteredStates(transfer)).toEqual(['OfferTransfer', 'TransferAnswer', 'RecordTransferred', 'EndOtherExecutions', 'Transferred']);
    // The offer's token travels between regions in the hand-over, never in a history beyond its own step.
    expect(await wf.historyLeaks([transfer, wf.executionArn('intake', caseId), zw.executionArn('reception', incoming), zw.executionArn('intake', incoming)], [])).toEqual([]);
    await wf.waitForStatus(wf.executionArn('intake', caseId), 'ABORTED');
    expect(await wf.tasks('gemeente-beverwijk', caseId)).toEqual([]);
    expect(await zw.enteredStates(zw.executionArn('intake', incoming))).toContain('RecordWeighing');
  });

  it('transfer refused: the case stays and returns to where it was', async () => {
    const wf = ken();
    const caseId = await throughWeighing(wf, 'heemskerk');
    const incoming = await offer(caseId, 'heemskerk');
    const zw = new WorkflowDriver(own, 'zaanstreek-waterland');
    await zw.decide('zvh', incoming, 'transfer-acceptance', 'refuse');
    await wf.waitForState(caseId, 'weighing');
    await zw.waitForState(incoming, 'rejected');
    const current = await wf.caseOf(caseId);
    const transfer = current.workflow.executions.find((arn: string) => arn.includes(':cter-kennemerland-transfer:'));
    await wf.waitForStatus(transfer, 'SUCCEEDED');
    expect(await wf.enteredStates(transfer)).toEqual(['OfferTransfer', 'TransferAnswer', 'RecordTransferWithdrawn', 'StaysHere']);
    // The weighing goes on where it was.
    await wf.decide('gemeente-heemskerk', caseId, 'weighing-decision', 'no-action');
    await wf.waitForState(caseId, 'no-action');
  });
});

describe('failures', () => {
  it('a failing Lambda is retried as its Retry says, then caught and the case flagged', async () => {
    const wf = new WorkflowDriver(own, 'noord-holland-noord');
    // Every attempt of RecordState in this region fails as the Lambda service would: 1 + 6 retries.
    own.twin().faults.inject({ functionName: 'cter-noord-holland-noord-RecordState', times: 7, errorType: 'Lambda.ServiceException' });
    const caseId = await wf.signal('alkmaar');
    const intake = wf.executionArn('intake', caseId);
    for (let i = 0; i < 8; i++) await wf.advanceSeconds(130);
    await wf.waitForStatus(intake, 'FAILED');
    const history = await wf.history(intake);
    expect(history.filter((e) => e.type === 'LambdaFunctionScheduled' && e.id! < history.find((h) => h.stateEnteredEventDetails?.name === 'FlagNeedsAttention')!.id!)).toHaveLength(7);
    expect(history.filter((e) => e.type === 'LambdaFunctionFailed')).toHaveLength(7);
    expect(await wf.enteredStates(intake)).toEqual(['StartCounting', 'RecordWeighing', 'FlagNeedsAttention', 'Failed']);
    const flagged = await wf.caseOf(caseId);
    expect(flagged.workflow.needsAttention).toMatchObject({ error: 'Lambda.ServiceException' });
    expect(flagged.state).toBe('signal-received');
  });
});

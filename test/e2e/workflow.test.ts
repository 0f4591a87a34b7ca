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
  it('happy path: weighing, admission, plan, two evaluation cycles, closure', { timeout: 300_000 }, async () => {
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

  it('detention: the release is prepared, then the person enters weighing; the history keeps neither the release date nor task tokens', { timeout: 300_000 }, async () => {
    const wf = ken();
    const releaseDate = new Date(own.twin().clock.nowMs() + 30 * 86_400_000).toISOString();
    const caseId = await wf.signal('velsen', { detention: { releaseDate } });
    await wf.waitForState(caseId, 'detention');
    for (const element of ['housing', 'income', 'identity-papers', 'care', 'supervision']) {
      const organisation = element === 'supervision' ? 'reclassering' : element === 'identity-papers' ? 'dji' : 'gemeente-velsen';
      await wf.decide(organisation, caseId, 'release-preparation', 'arranged', element);
    }
    // The release is within the MAR's lead time: the resocialisation consultation is due at once.
    await wf.decide('dji', caseId, 'resocialisation-consultation', 'held');
    const detention = wf.executionArn('detention', caseId);
    expect((await wf.enteredStates(detention)).slice(-5)).toEqual(['ResocialisationConsultation', 'MarHeld', 'UntilRelease', 'ReleaseDue', 'WaitForRelease']);
    // Waiting in steps of at most a day, read from the case each time: a day before the release it still waits.
    await wf.advanceDaysPatiently(29, 8);
    expect(await wf.status(detention)).toBe('RUNNING');
    await wf.advanceDaysPatiently(2, 8);
    await wf.waitForStatus(detention, 'SUCCEEDED');
    await wf.waitForState(caseId, 'weighing');
    await wf.waitForTask('politie', caseId, 'weighing-contribution', 'police');
    const intake = wf.executionArn('intake', `${caseId}-after-release`);
    expect(await wf.status(intake)).toBe('RUNNING');
    expect(await wf.historyLeaks([detention, intake], [releaseDate, releaseDate.slice(0, 10)])).toEqual([]);
  });

  it('detention entered from monitoring: the cycle stops, the release date moves, the MAR is held, the wait chains, then supervision', { timeout: 300_000 }, async () => {
    const wf = ken();
    const DAY = 86_400_000;
    const now = () => own.twin().clock.nowMs();
    const caseId = await admitted(wf);
    const cycle1 = wf.executionArn('monitoring', `${caseId}-cycle-1`);
    await wf.waitForStatus(cycle1, 'RUNNING');
    const put = (profile: string, id: string, body: Record<string, unknown>) => own.call(`kennemerland.${profile}`, 'PUT', `/cases/${id}/detention`, { body });

    // Refused, and nothing written: a release date in the past (422), a caller that may not (403),
    // a case in a state that does not allow it (409), a stale version (409).
    const before = await wf.caseOf(caseId);
    const later = new Date(now() + 300 * DAY).toISOString();
    const past = await put('gemeente-haarlem', caseId, { version: before.version, releaseDate: new Date(now() - DAY).toISOString(), reasoning: 'gedetineerd' });
    expect(past.status, JSON.stringify(past.body)).toBe(422);
    expect(past.body.error.details).toEqual([expect.objectContaining({ path: 'releaseDate' })]);
    expect((await put('politie', caseId, { version: before.version, releaseDate: later, reasoning: 'gedetineerd' })).status).toBe(403);
    expect((await put('gemeente-haarlem', caseId, { version: before.version - 1, releaseDate: later, reasoning: 'gedetineerd' })).status).toBe(409);
    const weighing = await throughWeighing(wf, 'heemstede');
    const inWeighing = await put('gemeente-heemstede', weighing, { version: (await wf.caseOf(weighing)).version, releaseDate: later, reasoning: 'gedetineerd' });
    expect(inWeighing.status, JSON.stringify(inWeighing.body)).toBe(409);
    expect(inWeighing.body.error.code).toBe('InvalidTransition');
    expect((await wf.caseOf(caseId)).version).toBe(before.version);

    // Detained during monitoring: the running cycle stops, the detention track starts.
    const detained = await put('gemeente-haarlem', caseId, { version: before.version, releaseDate: later, reasoning: 'Betrokkene is gedetineerd' });
    expect(detained.status, JSON.stringify(detained.body)).toBe(202);
    expect(detained.body).toMatchObject({ state: 'detention', detention: { releaseDate: later, from: 'monitoring' } });
    const chain = `${caseId}-detention-v${detained.body.version}`;
    const turn0 = wf.executionArn('detention', chain);
    await wf.waitForStatus(cycle1, 'ABORTED');
    for (const element of ['housing', 'income', 'identity-papers', 'care', 'supervision']) {
      const organisation = element === 'supervision' ? 'reclassering' : element === 'identity-papers' ? 'dji' : 'gemeente-haarlem';
      await wf.decide(organisation, caseId, 'release-preparation', 'arranged', element);
    }
    expect(await wf.enteredStates(turn0)).toEqual(expect.arrayContaining(['Turn', 'FirstTurn', 'RecordDetention', 'StopMonitoring', 'KeepCycle', 'PrepareRelease', 'UntilRelease', 'ReleaseDue', 'WaitForRelease']));

    // The release moves earlier (to day 120): the track reads the new date from the case.
    const current = await wf.caseOf(caseId);
    const releaseDate = new Date(now() + 120 * DAY).toISOString();
    const moved = await put('gemeente-haarlem', caseId, { version: current.version, releaseDate, reasoning: 'DJI meldt een eerdere ontslagdatum' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({ state: 'detention', version: current.version + 1, detention: { releaseDate } });

    // Day 91: past the MAR's lead time (60 days before the release), so the MAR with the prison
    // service, probation and the municipality is due; then the turn has waited its bound (90 days)
    // and hands over to the next turn.
    await wf.advanceDaysPatiently(91, 8);
    const mar = await wf.waitForTask('reclassering', caseId, 'resocialisation-consultation', undefined, 120_000);
    expect(mar.allowedOutcomes).toEqual(['held']);
    expect((await wf.waitForTask('gemeente-haarlem', caseId, 'resocialisation-consultation')).taskId).toBe(mar.taskId);
    await wf.decide('dji', caseId, 'resocialisation-consultation', 'held');
    await wf.waitForStatus(turn0, 'SUCCEEDED');
    expect((await wf.enteredStates(turn0)).slice(-7)).toEqual(['ResocialisationConsultation', 'MarHeld', 'UntilRelease', 'ReleaseDue', 'NextTurn', 'StartNextTurn', 'Continued']);
    const turn1 = wf.executionArn('detention', `${chain}-t1`);
    await wf.settle();
    expect(await wf.enteredStates(turn1)).toEqual(['Turn', 'RecordTurn', 'UntilRelease', 'ReleaseDue', 'WaitForRelease']);
    expect(await wf.status(turn1)).toBe('RUNNING');

    // Released on day 120: back to monitoring, under supervision with its own (shorter) evaluation interval.
    await wf.advanceDaysPatiently(30, 8);
    await wf.waitForStatus(turn1, 'SUCCEEDED');
    const entered = await wf.enteredStates(turn1);
    expect(entered.slice(0, 6)).toEqual(['Turn', 'RecordTurn', 'UntilRelease', 'ReleaseDue', 'WaitForRelease', 'UntilRelease']);
    expect(entered).not.toContain('ResocialisationConsultation');
    expect(entered.slice(-5)).toEqual(['RecordReleased', 'SupervisionCycle', 'ScheduleSupervision', 'StartSupervision', 'Supervised']);
    const released = await wf.waitForState(caseId, 'monitoring');
    expect(released.supervision).toEqual({ since: expect.any(String), until: expect.any(String) });
    expect(released.workflow.needsAttention).toBeUndefined();
    expect(released.workflow.executions).toEqual(expect.arrayContaining([turn0, turn1]));
    // The cycles continue the stopped cycle's numbering; the first is due after the supervision interval (30 days).
    const cycle2 = wf.executionArn('monitoring', `${caseId}-cycle-2`);
    await wf.waitForStatus(cycle2, 'RUNNING');
    const started = (await wf.history(cycle2)).find((e) => e.type === 'ExecutionStarted');
    const { dueAt } = JSON.parse(started!.executionStartedEventDetails!.input!) as { dueAt: string };
    expect(Math.round((Date.parse(dueAt) - now()) / DAY)).toBe(30);

    const history = (await own.call('kennemerland.gemeente-haarlem', 'GET', `/cases/${caseId}/history`)).body.events.map((e: { type: string }) => e.type);
    for (const type of ['detention.recorded', 'detention.started', 'detention.release_date_changed', 'detention.continued', 'decision.resocialisation-consultation', 'detention.released']) expect(history).toContain(type);
    expect(await wf.historyLeaks([turn0, turn1, cycle2], [later, later.slice(0, 10), releaseDate, releaseDate.slice(0, 10)])).toEqual([]);
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

  it('transfer disclosure: the covenant decides the hand-over set, recorded as a disclosure with its article; only that set travels', { timeout: 300_000 }, async () => {
    const wf = ken();
    const caseId = await throughWeighing(wf, 'haarlemmermeer');
    const subject = (await wf.caseOf(caseId)).subject;
    const incoming = await offer(caseId, 'haarlemmermeer');
    // The sending region's disclosure record: who, to whom, what, under which covenant version and article.
    const report = await own.call('kennemerland.privacy-officer', 'POST', '/subjects/report', { body: { bsn: subject.bsn } });
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    const disclosures = report.body.cases[0].disclosures;
    expect(disclosures).toEqual([
      expect.objectContaining({
        sender: 'gemeente-haarlemmermeer',
        recipients: ['zaanstreek-waterland/zvh'],
        categories: ['identity'],
        purpose: 'transfer',
        stage: 'transfer',
        covenantVersion: expect.stringMatching(/^cter-/),
        articles: ['13(1)'],
        basis: { kind: 'legal-basis', reference: 'municipal-public-task' },
      }),
    ]);
    expect(disclosures[0].items.map((i: { label: string }) => i.label).sort()).toEqual(['birthDate', 'bsn', 'name']);
    // The privacy officer's audit trail names the write that disclosed, with the same covenant version.
    const trail = await own.call('kennemerland.privacy-officer', 'GET', `/cases/${caseId}/audit?limit=100`);
    expect(trail.body.records).toContainEqual(
      expect.objectContaining({ organisationId: 'gemeente-haarlemmermeer', route: 'POST /cases/{caseId}/transfers', action: 'write', purpose: 'transfer', categories: ['process', 'identity'], covenantVersion: disclosures[0].covenantVersion }),
    );
    // The receiving region got exactly the disclosed identity and nothing else of the file.
    const zw = new WorkflowDriver(own, 'zaanstreek-waterland');
    const received = await zw.caseOf(incoming);
    expect(received.subject).toEqual({ name: subject.name, bsn: subject.bsn, birthDate: subject.birthDate, municipality: 'zaanstad' });
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

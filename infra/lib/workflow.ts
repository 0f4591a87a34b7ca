// The integral work process as Step Functions state machines, per region. Human steps are
// `.waitForTaskToken` tasks with a deadline; an overdue step escalates to the ZVH process director,
// then to the municipality of the case; every failure flags the case as needing attention. A case outlives a
// Standard execution's one-year limit: each evaluation cycle is its own execution, started by the
// previous one. Inputs carry ids only, so execution history holds no personal data.
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeWorkflowFindings } from './nag-acknowledgements';
import { TASK_SETTINGS, WORKFLOW_SETTINGS, type OrganisationType, type RegionConfig, type TaskKind } from '@cter/config';

export interface WorkflowFunctions {
  openTask: lambda.IFunction;
  recordState: lambda.IFunction;
  expireTasks: lambda.IFunction;
  needsAttention: lambda.IFunction;
  scheduleEvaluation: lambda.IFunction;
  offerTransfer: lambda.IFunction;
  answerTransfer: lambda.IFunction;
  endExecutions: lambda.IFunction;
}

export const STATE_MACHINES = ['intake', 'monitoring', 'detention', 'transfer', 'reception'] as const;
export type StateMachineKey = (typeof STATE_MACHINES)[number];

const DAY = 86_400;

/**
 * A cold start whose INIT phase passed Lambda's 10 s limit never ran the handler, so invoking again
 * is safe; without this a slow cold start of, say, the step that escalates would flag the case.
 */
const INIT_TIMEOUT_RETRY: sfn.RetryProps = { errors: ['Sandbox.Timedout'], interval: Duration.seconds(1), maxAttempts: 2, backoffRate: 2 };

/** A human step with its escalations: `next` continues after the step, whoever decided it. */
export interface EscalatingStep {
  step: tasks.LambdaInvoke;
  next(state: sfn.IChainable): void;
}

/** Builds the states of one state machine; ids are unique within it. */
class Builder {
  constructor(
    private readonly scope: Construct,
    private readonly fns: WorkflowFunctions,
    readonly flag: sfn.IChainable,
  ) {}

  /** A Lambda step; inside a Parallel branch (`inBranch`) errors go to the Parallel's own Catch. */
  private step(id: string, fn: lambda.IFunction, payload: Record<string, unknown>, resultPath: string = sfn.JsonPath.DISCARD, inBranch = false): tasks.LambdaInvoke {
    const task = new tasks.LambdaInvoke(this.scope, id, {
      lambdaFunction: fn,
      payload: sfn.TaskInput.fromObject(payload),
      payloadResponseOnly: true,
      resultPath,
      retryOnServiceExceptions: true,
    });
    // The store was briefly unavailable, or a partner wrote the case at the same moment.
    task.addRetry({ errors: ['ServiceUnavailable', 'StaleVersion'], interval: Duration.seconds(2), maxAttempts: 3, backoffRate: 2 });
    task.addRetry(INIT_TIMEOUT_RETRY);
    if (!inBranch) task.addCatch(this.flag, { errors: ['States.ALL'], resultPath: '$.error' });
    return task;
  }

  /** Moves the case to `toState` (a state name, or a JSONPath into the input). */
  record(id: string, toState: string, eventType: string): tasks.LambdaInvoke {
    const target = toState.startsWith('$.') ? { 'toState.$': toState } : { toState };
    return this.step(id, this.fns.recordState, { 'caseId.$': '$.caseId', ...target, eventType, 'executionArn.$': '$$.Execution.Id' });
  }

  /**
   * What the detention track does next, read from the case (the release date never enters the
   * history): `wait` (`waitSeconds`), hold the `mar`, `chain` to a successor, or `released`: into `$.release`.
   */
  releaseWait(id: string): tasks.LambdaInvoke {
    return this.step(id, this.fns.scheduleEvaluation, { 'caseId.$': '$.caseId', mode: 'release', 'marHeld.$': '$.marHeld', 'turn.$': '$.turn' }, '$.release');
  }

  schedule(id: string, mode: string): tasks.LambdaInvoke {
    const modeField = mode.startsWith('$.') ? { 'mode.$': mode } : { mode };
    return this.step(id, this.fns.scheduleEvaluation, { 'caseId.$': '$.caseId', ...modeField, 'cycle.$': '$.cycle' }, '$.next');
  }

  /** A human step: opens a task and waits for the partner's decision (through the API) until the deadline. */
  human(id: string, kind: TaskKind, options: { resultPath: string; assignees?: OrganisationType[]; allowedOutcomes?: readonly string[]; topic?: string; catchErrors?: boolean }): tasks.LambdaInvoke {
    const deadline = TASK_SETTINGS[kind].deadlineDays * DAY;
    const task = new tasks.LambdaInvoke(this.scope, id, {
      lambdaFunction: this.fns.openTask,
      integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: sfn.TaskInput.fromObject({
        'caseId.$': '$.caseId',
        kind,
        taskToken: sfn.JsonPath.taskToken,
        'executionArn.$': '$$.Execution.Id',
        stateName: id,
        timeoutSeconds: deadline,
        ...(options.assignees ? { assignees: options.assignees } : {}),
        ...(options.allowedOutcomes ? { allowedOutcomes: options.allowedOutcomes } : {}),
        ...(options.topic ? { topic: options.topic } : {}),
      }),
      taskTimeout: sfn.Timeout.duration(Duration.seconds(deadline)),
      resultPath: options.resultPath,
      retryOnServiceExceptions: true,
    });
    task.addRetry(INIT_TIMEOUT_RETRY);
    return task;
  }

  /** On a missed deadline: expire the task (so nobody decides it late) and report it overdue. */
  expire(id: string, stateName: string, kind: TaskKind, inBranch = false): tasks.LambdaInvoke {
    return this.step(id, this.fns.expireTasks, { 'caseId.$': '$.caseId', stateName, kind, 'error.$': '$.overdue' }, '$.overdue', inBranch);
  }

  /**
   * A human step that never expires silently: overdue, its task expires and the step escalates to
   * the ZVH process director (unless the director owns it), then to the municipality of the case,
   * whose escalation stays with it (reopened, and counted overdue, at each deadline) until decided.
   * The escalations allow the step's outcomes and write the same result, so what follows the step
   * follows each of them (`next`). Inside a Parallel branch (`inBranch`) failures go to the
   * Parallel's own Catch.
   */
  escalating(id: string, kind: TaskKind, options: { resultPath: string; assignees?: OrganisationType[]; allowedOutcomes?: readonly string[]; topic?: string; inBranch?: boolean }): EscalatingStep {
    const { resultPath, inBranch = false } = options;
    const outcomes = options.allowedOutcomes ?? TASK_SETTINGS[kind].outcomes;
    const owners = options.assignees ?? TASK_SETTINGS[kind].assignees;
    const topic = options.topic ? `${kind}/${options.topic}` : kind;
    const step = this.human(id, kind, options);
    const exits = [step];
    const onFailure = (state: tasks.LambdaInvoke) => (inBranch ? state : state.addCatch(this.flag, { errors: ['States.ALL'], resultPath: '$.error' }));
    /** `overdue` escalates to `to` when its deadline passes: its task expires first. */
    const escalate = (overdue: tasks.LambdaInvoke, overdueId: string, overdueKind: TaskKind, to: tasks.LambdaInvoke) => {
      const expire = this.expire(`${overdueId}Overdue`, overdueId, overdueKind, inBranch);
      overdue.addCatch(expire, { errors: ['States.Timeout'], resultPath: '$.overdue' });
      onFailure(overdue);
      expire.next(to);
    };
    let last = { state: step, id, kind };
    if (!owners.every((o) => o === 'zvh')) {
      const director = this.human(`${id}Escalated`, 'escalation', { resultPath, allowedOutcomes: outcomes, topic, assignees: ['zvh'] });
      escalate(step, id, kind, director);
      exits.push(director);
      last = { state: director, id: `${id}Escalated`, kind: 'escalation' };
    }
    const municipality = this.human(`${id}ToMunicipality`, 'escalation', { resultPath, allowedOutcomes: outcomes, topic, assignees: ['municipality'] });
    escalate(last.state, last.id, last.kind, municipality);
    escalate(municipality, `${id}ToMunicipality`, 'escalation', municipality);
    exits.push(municipality);
    return { step, next: (state) => exits.forEach((exit) => exit.next(state)) };
  }

  /** A decision step (outside a Parallel): escalates when overdue, as every human step. */
  decision(id: string, kind: TaskKind, resultPath: string, allowedOutcomes?: readonly string[]): EscalatingStep {
    return this.escalating(id, kind, { resultPath, ...(allowedOutcomes ? { allowedOutcomes } : {}) });
  }

  /**
   * Stops the case's other executions and expires their open tasks (the case left the region), or
   * with `stop: 'monitoring'` only its running evaluation cycle (the person was detained).
   */
  endExecutions(id: string, stop?: 'monitoring', resultPath?: string): tasks.LambdaInvoke {
    return this.step(id, this.fns.endExecutions, { 'caseId.$': '$.caseId', 'executionArn.$': '$$.Execution.Id', ...(stop ? { stop } : {}) }, resultPath);
  }

  /** Starts the next execution in the chain (the next evaluation cycle, or the intake after release). */
  startNext(id: string, stateMachineArn: string, name: string, inputPath: string): sfn.CustomState {
    const state = new sfn.CustomState(this.scope, id, {
      stateJson: {
        Type: 'Task',
        Resource: 'arn:aws:states:::states:startExecution',
        Parameters: { StateMachineArn: stateMachineArn, 'Name.$': name, 'Input.$': inputPath },
        ResultPath: '$.started',
        Retry: [{ ErrorEquals: ['StepFunctions.ServiceException', 'StepFunctions.SdkClientException'], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2 }],
      },
    });
    state.addCatch(this.flag, { errors: ['States.ALL'], resultPath: '$.error' });
    return state;
  }
}

export class RegionWorkflow extends Construct {
  readonly stateMachines = {} as Record<StateMachineKey, sfn.StateMachine>;

  constructor(scope: Construct, id: string, props: { region: RegionConfig; logKey: kms.IKey; functions: WorkflowFunctions }) {
    super(scope, id);
    const stack = Stack.of(this);
    const arnOf = (key: StateMachineKey) => `arn:${stack.partition}:states:${stack.region}:${stack.account}:stateMachine:${this.nameOf(props.region, key)}`;

    const definitions: Record<StateMachineKey, (b: Builder, scope: Construct) => sfn.IChainable> = {
      intake: (b, scope) => this.intake(b, scope, arnOf('monitoring')),
      monitoring: (b, scope) => this.monitoring(b, scope, arnOf('monitoring')),
      detention: (b, scope) => this.detention(b, scope, props.region, { intake: arnOf('intake'), monitoring: arnOf('monitoring'), detention: arnOf('detention') }),
      transfer: (b, scope) => this.transfer(b, scope, props.functions),
      reception: (b, scope) => this.reception(b, scope, props.functions, arnOf('intake')),
    };
    for (const key of STATE_MACHINES) {
      const scope = new Construct(this, key);
      const flag = new tasks.LambdaInvoke(scope, 'FlagNeedsAttention', {
        lambdaFunction: props.functions.needsAttention,
        payload: sfn.TaskInput.fromObject({ 'caseId.$': '$.caseId', 'error.$': '$.error' }),
        payloadResponseOnly: true,
        resultPath: sfn.JsonPath.DISCARD,
      }).next(new sfn.Fail(scope, 'Failed', { error: 'CaseNeedsAttention', cause: 'a step failed after its retries; the case is flagged' }));
      const builder = new Builder(scope, props.functions, flag);
      const logGroup = new logs.LogGroup(scope, 'Logs', { retention: props.region.logRetentionDays as logs.RetentionDays, encryptionKey: props.logKey, removalPolicy: RemovalPolicy.RETAIN });
      const machine = new sfn.StateMachine(scope, 'StateMachine', {
        stateMachineName: this.nameOf(props.region, key),
        stateMachineType: sfn.StateMachineType.STANDARD,
        definitionBody: sfn.DefinitionBody.fromChainable(definitions[key](builder, scope)),
        tracingEnabled: true,
        logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
        comment: `CTER work process (${key}) of ${props.region.name}`,
      });
      this.stateMachines[key] = machine;
    }
    // Chains: the intake and each cycle start the next cycle; the detention track starts its next
    // turn, and after the release the intake (detained at registration) or a supervision cycle.
    this.stateMachines.intake.addToRolePolicy(new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [arnOf('monitoring')] }));
    this.stateMachines.monitoring.addToRolePolicy(new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [arnOf('monitoring')] }));
    this.stateMachines.detention.addToRolePolicy(new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [arnOf('intake'), arnOf('monitoring'), arnOf('detention')] }));
    this.stateMachines.reception.addToRolePolicy(new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [arnOf('intake')] }));
    acknowledgeWorkflowFindings(this, Object.values(props.functions));
  }

  private nameOf(region: RegionConfig, key: StateMachineKey): string {
    return `cter-${region.id}-${key}`;
  }

  /** Signal -> weighing (contributions, decision, at most N loops for more information) -> triangle -> consultation -> plan -> first cycle. */
  private intake(b: Builder, scope: Construct, monitoringArn: string): sfn.IChainable {
    const start = new sfn.Pass(scope, 'StartCounting', { result: sfn.Result.fromObject({ count: 0 }), resultPath: '$.moreInformation' });
    const weighing = b.record('RecordWeighing', 'weighing', 'weighing.started');
    const contributions = new sfn.Parallel(scope, 'GatherContributions', { resultPath: '$.contributions', comment: 'Each core partner contributes and the specialist R&E interprets, each with its own deadline' });
    for (const partner of ['municipality', 'police', 'prosecutor'] as const) {
      const id = `Contribution${partner[0]!.toUpperCase()}${partner.slice(1)}`;
      contributions.branch(b.escalating(id, 'weighing-contribution', { resultPath: '$.contribution', assignees: [partner], topic: partner, inBranch: true }).step);
    }
    // The specialist R&E's interpretation (duiding) of the signal, with its own deadline.
    contributions.branch(b.escalating('InterpretationSpecialist', 'weighing-interpretation', { resultPath: '$.contribution', inBranch: true }).step);
    contributions.addCatch(b.flag, { errors: ['States.ALL'], resultPath: '$.error' });

    const withoutMoreInformation = TASK_SETTINGS['weighing-decision'].outcomes.filter((o) => o !== 'more-information');
    const decide = b.decision('WeighingDecision', 'weighing-decision', '$.weighing');
    const decideFinally = b.decision('WeighingDecisionFinal', 'weighing-decision', '$.weighing', withoutMoreInformation);

    // Once the weighing asked for more information as often as allowed, it must decide.
    const moreInformation = b
      .record('RecordMoreInformation', 'more-information', 'weighing.more-information')
      .next(new sfn.Pass(scope, 'CountMoreInformation', { parameters: { 'count.$': 'States.MathAdd($.moreInformation.count, 1)' }, resultPath: '$.moreInformation' }))
      .next(weighing);
    const whichDecision = new sfn.Choice(scope, 'MoreInformationLimit')
      .when(sfn.Condition.numberGreaterThanEquals('$.moreInformation.count', WORKFLOW_SETTINGS.maxMoreInformationLoops), decideFinally.step)
      .otherwise(decide.step);

    const triangle = b.decision('TriangleDecision', 'triangle-decision', '$.triangle');
    const planAdoption = b.decision('PlanAdoption', 'plan-adoption', '$.plan');
    const firstCycle = b
      .record('RecordMonitoring', 'monitoring', 'plan.adopted')
      .next(new sfn.Pass(scope, 'FirstCycle', { parameters: { 'caseId.$': '$.caseId', cycle: 0 } }))
      .next(b.schedule('ScheduleFirstEvaluation', 'monitoring'))
      .next(b.startNext('StartMonitoring', monitoringArn, "States.Format('{}-cycle-{}', $.caseId, $.next.cycle)", 'States.JsonToString($.next)'))
      .next(new sfn.Succeed(scope, 'Admitted'));
    const admitted = b.record('RecordConsultation', 'consultation', 'case.admitted').next(planAdoption.step);
    planAdoption.next(firstCycle);

    const triangleChoice = new sfn.Choice(scope, 'TriangleOutcome')
      .when(sfn.Condition.stringEquals('$.triangle.outcome', 'admit'), admitted)
      .otherwise(b.record('RecordRejected', 'rejected', 'case.rejected').next(new sfn.Succeed(scope, 'Rejected')));
    triangle.next(triangleChoice);

    const weighingChoice = new sfn.Choice(scope, 'WeighingOutcome')
      .when(sfn.Condition.stringEquals('$.weighing.outcome', 'no-action'), b.record('RecordNoAction', 'no-action', 'weighing.decided').next(new sfn.Succeed(scope, 'NoAction')))
      .when(sfn.Condition.stringEquals('$.weighing.outcome', 'more-information'), moreInformation)
      .when(
        sfn.Condition.or(sfn.Condition.stringEquals('$.weighing.outcome', 'referral-care'), sfn.Condition.stringEquals('$.weighing.outcome', 'referral-criminal')),
        b.record('RecordReferred', 'referred', 'case.referred').next(new sfn.Succeed(scope, 'Referred')),
      )
      .otherwise(b.record('RecordAdmissionProposed', 'admission-proposed', 'weighing.decided').next(triangle.step));
    for (const d of [decide, decideFinally]) d.next(weighingChoice);
    return start.next(weighing).next(contributions).next(whichDecision);
  }

  /** One evaluation cycle: wait for the due date, evaluate, then continue, adjust (a new plan version), escalate, scale down or close. */
  private monitoring(b: Builder, scope: Construct, monitoringArn: string): sfn.IChainable {
    const startNext = (id: string) => b.startNext(id, monitoringArn, "States.Format('{}-cycle-{}', $.caseId, $.next.cycle)", 'States.JsonToString($.next)').next(new sfn.Succeed(scope, `${id}Done`));
    const wait = new sfn.Wait(scope, 'WaitForEvaluation', { time: sfn.WaitTime.timestampPath('$.dueAt') });
    const evaluation = b.decision('Evaluation', 'evaluation', '$.evaluation');
    const closure = b.decision('ClosureDecision', 'closure-decision', '$.closure');
    const replan = b.decision('Replan', 'plan-adoption', '$.plan');

    const carryOn = b.record('RecordEvaluated', '$.mode', 'evaluation.completed').next(b.schedule('ScheduleNext', '$.mode')).next(startNext('StartNextCycle'));
    const backToMonitoring = b.record('RecordReplanned', 'monitoring', 'plan.adopted').next(b.schedule('ScheduleAfterReplan', 'monitoring')).next(startNext('StartCycleAfterReplan'));
    replan.next(backToMonitoring);
    const closed = b.record('RecordClosed', 'closed', 'case.closed').next(new sfn.Succeed(scope, 'Closed'));
    const closureChoice = new sfn.Choice(scope, 'ClosureOutcome').when(sfn.Condition.stringEquals('$.closure.outcome', 'close'), closed).otherwise(carryOn);
    closure.next(closureChoice);

    const choice = new sfn.Choice(scope, 'EvaluationOutcome')
      .when(sfn.Condition.stringEquals('$.evaluation.outcome', 'escalate'), b.record('RecordReconsultation', 'consultation', 'evaluation.escalated').next(replan.step))
      // Adjust: the decision reopened the plan; the consultation adopts a new version, then a new cycle.
      .when(sfn.Condition.stringEquals('$.evaluation.outcome', 'adjust'), b.record('RecordAdjustment', 'consultation', 'evaluation.completed').next(replan.step))
      .when(
        sfn.Condition.stringEquals('$.evaluation.outcome', 'scale-down'),
        b.record('RecordScaledDown', 'aftercare', 'case.scaled_down').next(b.schedule('ScheduleAftercare', 'aftercare')).next(startNext('StartAftercareCycle')),
      )
      .when(sfn.Condition.stringEquals('$.evaluation.outcome', 'close'), closure.step)
      .otherwise(carryOn);
    evaluation.next(choice);
    return wait.next(evaluation.step);
  }

  /**
   * Detention and safe re-integration: prepare the release element by element, hold the
   * resocialisation consultation (MAR) a set time before the release, then the person enters
   * weighing (detained at registration) or returns to monitoring under supervision (detained during
   * monitoring, whose running cycle the first turn stops). The release date stays in the case: each
   * turn asks the case what to do next, and no turn waits longer than a bounded time before it
   * starts its successor, so no execution comes near the one-year limit.
   */
  private detention(b: Builder, scope: Construct, region: RegionConfig, arns: { intake: string; monitoring: string; detention: string }): sfn.IChainable {
    const prepare = new sfn.Parallel(scope, 'PrepareRelease', { resultPath: '$.preparations', comment: `Werkmodel veilige re-integratie (${region.id})` });
    for (const element of WORKFLOW_SETTINGS.releasePreparations) {
      const id = `Prepare${element.split('-').map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')}`;
      const { step } = b.escalating(id, 'release-preparation', { resultPath: '$.preparation', topic: element, inBranch: true });
      prepare.branch(step);
    }
    prepare.addCatch(b.flag, { errors: ['States.ALL'], resultPath: '$.error' });

    const untilRelease = b.releaseWait('UntilRelease');
    const wait = new sfn.Wait(scope, 'WaitForRelease', { time: sfn.WaitTime.secondsPath('$.release.waitSeconds') }).next(untilRelease);
    const mar = b.decision('ResocialisationConsultation', 'resocialisation-consultation', '$.mar');
    const marHeld = new sfn.Pass(scope, 'MarHeld', { result: sfn.Result.fromBoolean(true), resultPath: '$.marHeld' }).next(untilRelease);
    mar.next(marHeld);
    const nextTurn = new sfn.Pass(scope, 'NextTurn', {
      parameters: { 'caseId.$': '$.caseId', 'chain.$': '$.chain', 'turn.$': 'States.MathAdd($.turn, 1)', 'marHeld.$': '$.marHeld', 'cycle.$': '$.cycle' },
      resultPath: '$.next',
    })
      .next(b.startNext('StartNextTurn', arns.detention, "States.Format('{}-t{}', $.chain, $.next.turn)", 'States.JsonToString($.next)'))
      .next(new sfn.Succeed(scope, 'Continued'));
    const intake = new sfn.Pass(scope, 'IntakeInput', { parameters: { 'caseId.$': '$.caseId' }, resultPath: '$.next' })
      .next(b.startNext('StartIntake', arns.intake, "States.Format('{}-after-release', $.caseId)", 'States.JsonToString($.next)'))
      .next(new sfn.Succeed(scope, 'Released'));
    const supervision = b
      .record('RecordReleased', 'monitoring', 'detention.released')
      .next(new sfn.Pass(scope, 'SupervisionCycle', { parameters: { 'caseId.$': '$.caseId', 'cycle.$': '$.cycle' } }))
      .next(b.schedule('ScheduleSupervision', 'monitoring'))
      .next(b.startNext('StartSupervision', arns.monitoring, "States.Format('{}-cycle-{}', $.caseId, $.next.cycle)", 'States.JsonToString($.next)'))
      .next(new sfn.Succeed(scope, 'Supervised'));
    untilRelease.next(
      new sfn.Choice(scope, 'ReleaseDue')
        .when(sfn.Condition.stringEquals('$.release.next', 'wait'), wait)
        .when(sfn.Condition.stringEquals('$.release.next', 'mar'), mar.step)
        .when(sfn.Condition.stringEquals('$.release.next', 'chain'), nextTurn)
        .when(sfn.Condition.stringEquals('$.release.then', 'monitoring'), supervision)
        .otherwise(intake),
    );

    // The first turn: into detention (from registration) or onto the chain (from monitoring), stop
    // the running evaluation cycle, prepare. A later turn records itself in the chain and waits on.
    const firstTurn = new sfn.Pass(scope, 'FirstTurn', { parameters: { 'caseId.$': '$.caseId', 'chain.$': '$$.Execution.Name', turn: 0, marHeld: false } })
      .next(b.record('RecordDetention', 'detention', 'detention.started'))
      .next(b.endExecutions('StopMonitoring', 'monitoring', '$.stopped'))
      .next(new sfn.Pass(scope, 'KeepCycle', { parameters: { 'caseId.$': '$.caseId', 'chain.$': '$.chain', 'turn.$': '$.turn', 'marHeld.$': '$.marHeld', 'cycle.$': '$.stopped.cycle' } }))
      .next(prepare)
      .next(untilRelease);
    const laterTurn = b.record('RecordTurn', 'detention', 'detention.continued').next(untilRelease);
    return new sfn.Choice(scope, 'Turn').when(sfn.Condition.isPresent('$.turn'), laterTurn).otherwise(firstTurn);
  }

  /**
   * Sending side of a transfer: offer the case to the receiving region and wait for its ZVH's
   * answer; accepted, the case closes here as `transferred`; refused or unanswered, it returns to
   * the state it was in.
   */
  private transfer(b: Builder, scope: Construct, fns: WorkflowFunctions): sfn.IChainable {
    const deadline = TASK_SETTINGS['transfer-acceptance'].deadlineDays * DAY + 2 * DAY;
    const offer = new tasks.LambdaInvoke(scope, 'OfferTransfer', {
      lambdaFunction: fns.offerTransfer,
      integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: sfn.TaskInput.fromObject({ 'caseId.$': '$.caseId', taskToken: sfn.JsonPath.taskToken }),
      taskTimeout: sfn.Timeout.duration(Duration.seconds(deadline)),
      resultPath: '$.answer',
      retryOnServiceExceptions: true,
    });
    const back = b.record('RecordTransferWithdrawn', '$.fromState', 'case.transfer_withdrawn').next(new sfn.Succeed(scope, 'StaysHere'));
    offer.addCatch(back, { errors: ['States.Timeout'], resultPath: '$.overdue' });
    offer.addCatch(b.flag, { errors: ['States.ALL'], resultPath: '$.error' });
    const answered = new sfn.Choice(scope, 'TransferAnswer')
      .when(
        sfn.Condition.stringEquals('$.answer.outcome', 'accept'),
        b
          .record('RecordTransferred', 'transferred', 'case.transferred')
          .next(b.endExecutions('EndOtherExecutions'))
          .next(new sfn.Succeed(scope, 'Transferred')),
      )
      .otherwise(back);
    return offer.next(answered);
  }

  /** Receiving side: the ZVH accepts or refuses the offered case; accepted, it enters weighing here. */
  private reception(b: Builder, scope: Construct, fns: WorkflowFunctions, intakeArn: string): sfn.IChainable {
    const acceptance = b.decision('TransferAcceptance', 'transfer-acceptance', '$.acceptance');
    const answer = (id: string, outcome: string) =>
      new tasks.LambdaInvoke(scope, id, {
        lambdaFunction: fns.answerTransfer,
        payload: sfn.TaskInput.fromObject({ 'caseId.$': '$.caseId', outcome }),
        payloadResponseOnly: true,
        resultPath: sfn.JsonPath.DISCARD,
        retryOnServiceExceptions: true,
      }).addCatch(b.flag, { errors: ['States.ALL'], resultPath: '$.error' });
    const accepted = answer('AnswerAccepted', 'accept')
      .next(new sfn.Pass(scope, 'IntakeAfterTransfer', { parameters: { 'caseId.$': '$.caseId' }, resultPath: '$.next' }))
      .next(b.startNext('StartIntakeHere', intakeArn, "States.Format('{}', $.caseId)", 'States.JsonToString($.next)'))
      .next(new sfn.Succeed(scope, 'Received'));
    const refused = answer('AnswerRefused', 'refuse').next(b.record('RecordRefused', 'rejected', 'transfer.refused')).next(new sfn.Succeed(scope, 'NotReceived'));
    const choice = new sfn.Choice(scope, 'AcceptanceOutcome').when(sfn.Condition.stringEquals('$.acceptance.outcome', 'accept'), accepted).otherwise(refused);
    acceptance.next(choice);
    return acceptance.step;
  }
}

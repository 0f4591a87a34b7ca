// One ZVH region: data, functions, API, partner access. Read top to bottom like the diagram.
import { Stack, type StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ALL_REGIONS, COVENANT_LAW_DATES_CONTEXT, covenantLawDatesFor, ENV, type Organisation, type RegionConfig, stateMachineArnVariable } from '@cter/config';
import { RegionApi } from './api';
import { RegionData } from './data';
import { ServiceLogs } from './constructs/service-logs';
import { FailureQueue } from './constructs/failure-queue';
import { ServiceFunction, type Invocation, type ServiceFunctionProps } from './constructs/service-function';
import { grantAuditAppend, grantIdempotencyKeys, grantTable, type TableAction } from './grants';
import { routeFunction, routesOf } from './route-function';
import { PartnerAccess } from './partner-access';
import { ApiFirewall } from './firewall';
import { RegionWorkflow, STATE_MACHINES, type WorkflowFunctions } from './workflow';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { Duration, Token, Validations } from 'aws-cdk-lib';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { acknowledgeRegionFindings } from './nag-acknowledgements';
import { CovenantService } from './covenant-service';
import { MeasuresService } from './measures-service';
import { RegionOperations } from './operations';
import { SubjectLookupKey } from './subject-lookup-key';
import { AuditProtection } from './audit-protection';

export interface RegionStackProps extends StackProps {
  region: RegionConfig;
  /** The region's partner organisations; defaults to packages/config. */
  organisations?: Organisation[];
  /** Every region (for hand-overs between them); defaults to packages/config. */
  allRegions?: readonly RegionConfig[];
}

/** The steps the state machines call, each with only the table actions it needs. */
const WORKFLOW_STEPS: Array<{ key: keyof WorkflowFunctions; id: string; entry: string; description: string; cases: TableAction[]; audit: boolean }> = [
  { key: 'openTask', id: 'OpenTask', entry: 'open-task.ts', description: 'Opens a human step as a task of the case', cases: ['GetItem', 'PutItem'], audit: false },
  { key: 'recordState', id: 'RecordState', entry: 'record-state.ts', description: 'Moves a case to the state the work process reached', cases: ['GetItem', 'PutItem'], audit: true },
  { key: 'expireTasks', id: 'ExpireTasks', entry: 'expire-tasks.ts', description: 'Expires an overdue human step', cases: ['Query', 'UpdateItem'], audit: false },
  { key: 'needsAttention', id: 'NeedsAttention', entry: 'needs-attention.ts', description: 'Flags a case whose work process failed', cases: ['GetItem', 'PutItem'], audit: true },
  { key: 'offerTransfer', id: 'OfferTransfer', entry: 'offer-transfer.ts', description: 'Offers a case to another region', cases: ['GetItem'], audit: true },
  { key: 'answerTransfer', id: 'AnswerTransfer', entry: 'answer-transfer.ts', description: 'Answers a transfer offer from another region', cases: ['GetItem'], audit: false },
  { key: 'endExecutions', id: 'EndExecutions', entry: 'end-executions.ts', description: 'Stops the executions of a case that moved away', cases: ['GetItem', 'Query', 'UpdateItem'], audit: false },
  { key: 'scheduleEvaluation', id: 'ScheduleEvaluation', entry: 'schedule-evaluation.ts', description: 'Computes the next evaluation date (after the adopted plan)', cases: ['GetItem'], audit: true },
];

export class RegionStack extends Stack {
  readonly data: RegionData;
  /** A log group per service, its functions' lines in it. */
  private readonly logs: ServiceLogs;
  /** The region's HMAC key for subject lookup keys and case pseudonyms. */
  readonly subjectKey: SubjectLookupKey;
  readonly api: RegionApi;
  readonly access: PartnerAccess;
  readonly workflow: RegionWorkflow;
  readonly events: events.EventBus;
  readonly operations: RegionOperations;
  /** Queues holding work that could not be processed, by what failed. */
  private readonly deadLetterQueues: Record<string, sqs.IQueue> = {};

  constructor(scope: Construct, id: string, props: RegionStackProps) {
    super(scope, id, props);
    const { region } = props;

    // Data
    this.data = new RegionData(this, 'Data', region);
    this.logs = new ServiceLogs(this, 'Logs', { key: this.data.key, retentionDays: region.logRetentionDays });
    this.subjectKey = new SubjectLookupKey(this, 'SubjectLookupKey', { regionId: region.id });

    // Events: the region's bus for partner systems (ids, type, region, confidentiality only)
    this.events = new events.EventBus(this, 'Events', { eventBusName: `cter-${region.id}-events`, description: `Domain events of ${region.name}` });

    // Workflow: the steps the state machines call, then the state machines
    const steps = {} as Record<keyof WorkflowFunctions, NodejsFunction>;
    for (const spec of WORKFLOW_STEPS) {
      const fn = this.serviceFunction(region, spec.id, `services/workflow/handlers/${spec.entry}`, spec.description, 'workflow', { by: 'workflow' });
      if (spec.cases.length) grantTable(fn, ENV.casesTable, this.data.casesTable, spec.cases);
      if (spec.audit) grantAuditAppend(fn, this.data.auditTable);
      else if (spec.cases.length) fn.addEnvironment(ENV.auditTable, this.data.auditTable.tableName);
      steps[spec.key] = fn;
    }
    this.workflow = new RegionWorkflow(this, 'Workflow', { region, logKey: this.data.key, functions: steps });
    this.handover(region, props.allRegions ?? ALL_REGIONS, steps);
    // Executions are named after their case, so the grant names the state machines, not the executions.
    const executionArns = STATE_MACHINES.map((key) => `arn:${this.partition}:states:${this.region}:${this.account}:execution:cter-${region.id}-${key}:*`);
    steps.endExecutions.addToRolePolicy(new iam.PolicyStatement({ actions: ['states:StopExecution'], resources: executionArns }));
    // Which state machine version an execution runs, recorded on the case when it first records a state.
    steps.recordState.addToRolePolicy(new iam.PolicyStatement({ actions: ['states:DescribeExecution'], resources: executionArns }));
    const rendered = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value);
    for (const key of STATE_MACHINES) {
      Validations.of(steps.recordState.node.scope!).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:${rendered(this.partition, 'Partition')}:states:${rendered(this.region, 'Region')}:${rendered(this.account, 'AccountId')}:execution:cter-${region.id}-${key}:*]`,
        reason: "DescribeExecution on any execution of this region's own state machines: executions are named after cases, which are not known at deploy time.",
      });
      Validations.of(steps.endExecutions.node.scope!).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:${rendered(this.partition, 'Partition')}:states:${rendered(this.region, 'Region')}:${rendered(this.account, 'AccountId')}:execution:cter-${region.id}-${key}:*]`,
        reason: "StopExecution on any execution of this region's own state machines: executions are named after cases, which are not known at deploy time.",
      });
    }

    // API functions: one per route of the registry (@cter/routes), cases and workflow here
    const routes = routesOf('cases', 'workflow').map((entry) =>
      routeFunction(this, entry, { region, data: this.data, subjectKey: this.subjectKey, logGroup: this.logs.of(entry.service) }),
    );
    const covenant = new CovenantService(this, 'Covenant', { region, data: this.data, subjectKey: this.subjectKey, logGroup: this.logs.of('covenant') });
    routes.push(...covenant.routes);
    // The audit table refuses changes and expiry to all but the break-glass role and retention.
    new AuditProtection(this, 'Audit', { region, casesTable: this.data.casesTable, auditTable: this.data.auditTable, retentionRole: covenant.functions.get('RunRetention')!.role! });
    this.deadLetterQueues['scheduled covenant jobs'] = covenant.failedRuns;
    routes.push(...new MeasuresService(this, 'Measures', { region, data: this.data, logGroup: this.logs.of('measures') }).routes);
    this.caseChanges(region);
    this.subjectIndex(region);

    // API
    this.api = new RegionApi(this, 'Cases', { region, logKey: this.data.key, routes });
    new ApiFirewall(this, 'Firewall', { api: this.api.api, name: `cter-${region.id}-api`, logKey: this.data.key, logRetentionDays: region.logRetentionDays });

    // Access: one role per partner organisation, under the region's boundary
    this.access = new PartnerAccess(this, 'PartnerAccess', { region, api: this.api, ...(props.organisations ? { organisations: props.organisations } : {}) });

    // The data key: crypto use for exactly the functions of this stack, named now that all exist.
    const functions = this.node.findAll().filter((c): c is lambda.Function => c instanceof lambda.Function);
    this.data.allowUse('FunctionsUseTheKey', functions.map((fn) => fn.role!));
    // The covenant version in force depends on the configured dates of the laws it relies on (packages/config).
    const lawDates = JSON.stringify(covenantLawDatesFor(region.id, this.node.tryGetContext(COVENANT_LAW_DATES_CONTEXT)));
    for (const fn of functions) fn.addEnvironment(ENV.covenantLawDates, lawDates);

    // Operations: the dashboard, the alarms and the ops team's topic
    this.operations = new RegionOperations(this, 'Operations', {
      region,
      api: this.api.api,
      stateMachines: this.workflow.stateMachines,
      tables: [this.data.casesTable, this.data.auditTable],
      functions,
      deadLetterQueues: this.deadLetterQueues,
      dataKey: this.data.key,
    });

    acknowledgeRegionFindings(this);
  }

  /**
   * The cases table's stream drives the work process: a new case starts its execution, a decided
   * task completes the waiting step; the catalogue's events go out from it. Filters keep every other
   * change away from the function.
   */
  private caseChanges(region: RegionConfig): void {
    const fn = this.serviceFunction(region, 'OnCaseChange', 'services/workflow/handlers/on-case-change.ts', 'Starts executions and hands decisions to them', 'workflow', { by: 'stream' });
    grantTable(fn, ENV.casesTable, this.data.casesTable, ['GetItem', 'PutItem']);
    grantAuditAppend(fn, this.data.auditTable);
    // On-failure records of a stream carry shard and sequence numbers only, no item images.
    const failed = new FailureQueue(this, 'CaseChangesFailed', { holds: 'a batch of the case-change stream', retentionDays: 14 }).queue;
    this.deadLetterQueues['case changes'] = failed;
    fn.addEventSource(
      this.casesStream(failed, [
          // New cases, and the items that record a fact of the event catalogue (services/workflow/domain/events.ts):
          // history events, tasks, the measures service's outbox, disclosures, informing, covenant versions in force.
          lambda.FilterCriteria.filter({
            eventName: lambda.FilterRule.isEqual('INSERT'),
            dynamodb: { NewImage: { entity: { S: lambda.FilterRule.or('case', 'history', 'task', 'event', 'disclosure', 'informing', 'covenant-version') } } },
          }),
          lambda.FilterCriteria.filter({ eventName: lambda.FilterRule.isEqual('MODIFY'), dynamodb: { NewImage: { entity: { S: lambda.FilterRule.isEqual('case') } } } }),
          lambda.FilterCriteria.filter({
            eventName: lambda.FilterRule.isEqual('MODIFY'),
            dynamodb: { NewImage: { entity: { S: lambda.FilterRule.isEqual('task') }, status: { S: lambda.FilterRule.or('done', 'expired') } }, OldImage: { status: { S: lambda.FilterRule.isEqual('open') } } },
          }),
          // A retention deadline claimed by the daily run (retention.expired) and removed with the destruction record (destruction.done).
          lambda.FilterCriteria.filter({ eventName: lambda.FilterRule.isEqual('MODIFY'), dynamodb: { NewImage: { entity: { S: lambda.FilterRule.isEqual('retention-deadline') } } } }),
          lambda.FilterCriteria.filter({ eventName: lambda.FilterRule.isEqual('REMOVE'), dynamodb: { OldImage: { entity: { S: lambda.FilterRule.isEqual('retention-deadline') } } } }),
      ]),
    );
    // Executions start through each machine's alias `live`, so each runs the version published when it started.
    const starts = (['intake', 'detention', 'transfer', 'reception'] as const).map((key) => {
      fn.addEnvironment(stateMachineArnVariable(key), this.workflow.aliasArns[key]);
      return this.workflow.aliasArns[key];
    });
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: starts }));
    // Domain events for partner systems go to the region's bus.
    this.events.grantPutEventsTo(fn);
    fn.addEnvironment(ENV.eventBusName, this.events.eventBusName);
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['states:SendTaskSuccess'], resources: Object.values(this.workflow.stateMachines).map((m) => m.stateMachineArn) }));
  }

  /**
   * The subject lookup, from the cases table's stream: each new case's pending marker becomes its
   * lookup item (services/cases/handlers/index-subject.ts). The only function with the key that
   * registers no case: the partner-facing functions that open cases never take a MAC.
   */
  private subjectIndex(region: RegionConfig): void {
    const fn = this.serviceFunction(region, 'IndexSubject', 'services/cases/handlers/index-subject.ts', 'Writes the subject lookup of a new case', 'cases', { by: 'stream' });
    grantTable(fn, ENV.casesTable, this.data.casesTable, ['GetItem', 'PutItem', 'DeleteItem']);
    this.subjectKey.grantGenerateMac(fn);
    // On-failure records of a stream carry shard and sequence numbers only, no item images.
    const failed = new FailureQueue(this, 'SubjectIndexFailed', { holds: 'a batch of new cases to index', retentionDays: 14 }).queue;
    this.deadLetterQueues['subject lookups'] = failed;
    fn.addEventSource(this.casesStream(failed, [lambda.FilterCriteria.filter({ eventName: lambda.FilterRule.isEqual('INSERT'), dynamodb: { NewImage: { entity: { S: lambda.FilterRule.isEqual('subject-pending') } } } })]));
  }

  /** A consumer of the cases table's stream: batches of 10 in order, retried 10 times with bisection, then to `failed`. */
  private casesStream(failed: sqs.IQueue, filters: Array<Record<string, unknown>>): sources.DynamoEventSource {
    return new sources.DynamoEventSource(this.data.casesTable, {
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: 10,
      retryAttempts: 10,
      bisectBatchOnError: true,
      reportBatchItemFailures: true,
      onFailure: new sources.SqsDlq(failed),
      filters,
    });
  }

  /**
   * Hand-over between regions: each region has a hand-over bus that only the platform's transfer
   * functions publish to. An offer arriving here registers the case; an answer arriving here lets
   * the waiting transfer execution continue.
   */
  private handover(region: RegionConfig, allRegions: readonly RegionConfig[], steps: Record<keyof WorkflowFunctions, NodejsFunction>): void {
    const bus = new events.EventBus(this, 'Handover', { eventBusName: `cter-${region.id}-handover`, description: `Transfers into and out of ${region.name}` });
    const accountOf = (other: RegionConfig) => other.account ?? this.account;
    const busArn = (id: string) => {
      const other = allRegions.find((r) => r.id === id)!;
      return `arn:${this.partition}:events:${other.awsRegion}:${accountOf(other)}:event-bus/cter-${id}-handover`;
    };
    const buses = JSON.stringify(Object.fromEntries(allRegions.map((r) => [r.id, busArn(r.id)])));
    const others = allRegions.filter((r) => r.id !== region.id);
    // A region in another account may put hand-overs on this bus; within one account IAM suffices.
    for (const other of others.filter((r) => r.account && r.account !== this.account)) {
      bus.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: `HandoverFrom-${other.id}`,
          principals: [new iam.AccountPrincipal(other.account)],
          actions: ['events:PutEvents'],
          resources: [bus.eventBusArn],
          conditions: { StringEquals: { 'events:source': 'urn:cter:transfer' } },
        }),
      );
    }
    for (const fn of [steps.offerTransfer, steps.answerTransfer]) {
      fn.addEnvironment(ENV.handoverBuses, buses);
      fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['events:PutEvents'], resources: others.map((r) => busArn(r.id)) }));
    }
    // Hand-over events carry the minimal hand-over set (identity of the person), so what could not be
    // delivered or processed waits encrypted with the region's data key, and only 4 days.
    const failed = new FailureQueue(this, 'HandoverFailed', { holds: 'a hand-over', retentionDays: 4, key: this.data.key }).queue;
    this.data.key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { ArnEquals: { 'aws:SourceArn': [bus.eventBusArn, `arn:${this.partition}:events:${this.region}:${this.account}:rule/${bus.eventBusName}/*`] } },
      }),
    );
    this.deadLetterQueues['hand-overs'] = failed;
    const target = (fn: NodejsFunction) => new targets.LambdaFunction(fn, { retryAttempts: 3, maxEventAge: Duration.hours(6), deadLetterQueue: failed });
    const receive = this.serviceFunction(region, 'ReceiveTransfer', 'services/workflow/handlers/receive-transfer.ts', 'Registers a case offered by another region', 'workflow', { by: 'events', failures: failed });
    grantTable(receive, ENV.casesTable, this.data.casesTable, ['GetItem', 'PutItem', 'UpdateItem']);
    // Its offers are idempotent per answer token, with the one Idempotency-Key mechanism (@cter/store).
    grantIdempotencyKeys(receive, this.data.casesTable);
    grantAuditAppend(receive, this.data.auditTable);
    new events.Rule(this, 'TransferOffered', {
      eventBus: bus,
      eventPattern: { detailType: ['case.transfer_offered'], detail: { toRegion: [region.id] } },
      targets: [target(receive)],
    });
    const complete = this.serviceFunction(region, 'CompleteTransfer', 'services/workflow/handlers/complete-transfer.ts', 'Hands a transfer answer to the waiting execution', 'workflow', { by: 'events', failures: failed });
    complete.addToRolePolicy(new iam.PolicyStatement({ actions: ['states:SendTaskSuccess'], resources: [this.workflow.stateMachines.transfer.stateMachineArn] }));
    new events.Rule(this, 'TransferAnswered', {
      eventBus: bus,
      eventPattern: { detailType: ['case.transfer_answered'], detail: { originRegion: [region.id] } },
      targets: [target(complete)],
    });
  }

  private serviceFunction(region: RegionConfig, id: string, entry: string, description: string, service: string, invocation: Invocation, extra: Pick<ServiceFunctionProps, 'afterBundling' | 'memorySize'> = {}): NodejsFunction {
    return new ServiceFunction(this, id, {
      ...extra,
      entry,
      description: `${description} (${region.id})`,
      invocation,
      environment: { [ENV.regionId]: region.id, [ENV.serviceName]: service },
      logGroup: this.logs.of(service),
    }).function;
  }
}

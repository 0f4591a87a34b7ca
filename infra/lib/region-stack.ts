// One ZVH region: data, functions, API, partner access. Read top to bottom like the diagram.
import { Stack, type StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { Organisation, RegionConfig } from '@cter/config';
import { RegionApi } from './api';
import { CASE_INDEXES, RegionData } from './data';
import { ServiceFunction } from './constructs/service-function';
import { grantAuditAppend, grantTable, type TableAction } from './grants';
import { PartnerAccess } from './partner-access';
import { ApiFirewall } from './firewall';
import { RegionWorkflow, type WorkflowFunctions } from './workflow';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Duration, Validations } from 'aws-cdk-lib';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { acknowledgeRegionFindings } from './nag-acknowledgements';

export interface RegionStackProps extends StackProps {
  region: RegionConfig;
  /** The region's partner organisations; defaults to infra/config. */
  organisations?: Organisation[];
}

interface ApiFunction {
  id: string;
  route: string;
  /** Entry file relative to the repository root. */
  entry: string;
  description: string;
  cases: TableAction[];
}

/** The API: one function per route, each with only the table actions it needs. */
const API_FUNCTIONS: ApiFunction[] = [
  { id: 'RegisterSignal', route: 'POST /signals', entry: 'services/cases/handlers/register-signal.ts', description: 'Registers a signal and opens a case', cases: ['GetItem', 'PutItem', 'UpdateItem'] },
  { id: 'ListCases', route: 'GET /cases', entry: 'services/cases/handlers/list-cases.ts', description: 'Lists the cases a partner may see', cases: ['Query'] },
  { id: 'GetCase', route: 'GET /cases/{caseId}', entry: 'services/cases/handlers/get-case.ts', description: 'Reads a case shaped to the caller', cases: ['GetItem'] },
  { id: 'UpdateSubject', route: 'PATCH /cases/{caseId}', entry: 'services/cases/handlers/update-subject.ts', description: 'Corrects the recorded data of the person', cases: ['GetItem', 'PutItem'] },
  { id: 'InviteParticipant', route: 'POST /cases/{caseId}/participants', entry: 'services/cases/handlers/invite-participant.ts', description: 'Invites a partner organisation to a case', cases: ['GetItem', 'PutItem'] },
  { id: 'GetCaseHistory', route: 'GET /cases/{caseId}/history', entry: 'services/cases/handlers/get-case-history.ts', description: 'Reads the history of a case', cases: ['GetItem', 'Query'] },
  { id: 'ListTasks', route: 'GET /cases/{caseId}/tasks', entry: 'services/workflow/handlers/list-tasks.ts', description: 'Lists the open decisions a partner may take', cases: ['GetItem', 'Query'] },
  { id: 'PostDecision', route: 'POST /cases/{caseId}/decisions', entry: 'services/workflow/handlers/post-decision.ts', description: 'Decides a pending human step', cases: ['GetItem', 'PutItem', 'UpdateItem'] },
];

/** The steps the state machines call, each with only the table actions it needs. */
const WORKFLOW_STEPS: Array<{ key: keyof WorkflowFunctions; id: string; entry: string; description: string; cases: TableAction[]; audit: boolean }> = [
  { key: 'openTask', id: 'OpenTask', entry: 'open-task.ts', description: 'Opens a human step as a task of the case', cases: ['PutItem'], audit: false },
  { key: 'recordState', id: 'RecordState', entry: 'record-state.ts', description: 'Moves a case to the state the work process reached', cases: ['GetItem', 'PutItem'], audit: true },
  { key: 'expireTasks', id: 'ExpireTasks', entry: 'expire-tasks.ts', description: 'Expires an overdue human step', cases: ['Query', 'UpdateItem'], audit: false },
  { key: 'needsAttention', id: 'NeedsAttention', entry: 'needs-attention.ts', description: 'Flags a case whose work process failed', cases: ['GetItem', 'PutItem'], audit: true },
  { key: 'scheduleEvaluation', id: 'ScheduleEvaluation', entry: 'schedule-evaluation.ts', description: 'Computes the next evaluation date', cases: [], audit: false },
];

export class RegionStack extends Stack {
  readonly data: RegionData;
  readonly api: RegionApi;
  readonly access: PartnerAccess;
  readonly workflow: RegionWorkflow;

  constructor(scope: Construct, id: string, props: RegionStackProps) {
    super(scope, id, props);
    const { region } = props;

    // Data
    this.data = new RegionData(this, 'Data', region);

    // Workflow: the steps the state machines call, then the state machines
    const steps = {} as Record<keyof WorkflowFunctions, NodejsFunction>;
    for (const spec of WORKFLOW_STEPS) {
      const fn = this.serviceFunction(region, spec.id, `services/workflow/handlers/${spec.entry}`, spec.description, 'workflow');
      if (spec.cases.length) grantTable(fn, 'CASES_TABLE', this.data.casesTable, spec.cases);
      if (spec.audit) grantAuditAppend(fn, this.data.auditTable);
      else if (spec.cases.length) fn.addEnvironment('AUDIT_TABLE', this.data.auditTable.tableName);
      steps[spec.key] = fn;
    }
    this.workflow = new RegionWorkflow(this, 'Workflow', { region, logKey: this.data.key, functions: steps });

    // API functions: one per route
    const routes = API_FUNCTIONS.map((spec) => {
      const fn = this.serviceFunction(region, spec.id, spec.entry, spec.description, spec.entry.split('/')[1]!);
      grantTable(fn, 'CASES_TABLE', this.data.casesTable, spec.cases, spec.route === 'GET /cases' ? CASE_INDEXES.map((i) => i.indexName) : []);
      grantAuditAppend(fn, this.data.auditTable);
      return { route: spec.route, handler: fn };
    });
    this.caseChanges(region);

    // API
    this.api = new RegionApi(this, 'Cases', { region, logKey: this.data.key, routes });
    new ApiFirewall(this, 'Firewall', { api: this.api.api, name: `cter-${region.id}-api` });

    // Access: one role per partner organisation, under the region's boundary
    this.access = new PartnerAccess(this, 'PartnerAccess', { region, api: this.api, ...(props.organisations ? { organisations: props.organisations } : {}) });

    acknowledgeRegionFindings(this);
  }

  /**
   * The cases table's stream drives the work process: a new case starts its execution, a decided
   * task completes the waiting step. Filters keep every other change away from the function.
   */
  private caseChanges(region: RegionConfig): void {
    const fn = this.serviceFunction(region, 'OnCaseChange', 'services/workflow/handlers/on-case-change.ts', 'Starts executions and hands decisions to them', 'workflow');
    grantTable(fn, 'CASES_TABLE', this.data.casesTable, ['GetItem', 'PutItem']);
    grantAuditAppend(fn, this.data.auditTable);
    // On-failure records of a stream carry shard and sequence numbers only, no item images.
    const failed = new sqs.Queue(this, 'CaseChangesFailed', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(failed).acknowledge({ id: 'AwsSolutions-SQS3', reason: 'This queue is itself the dead-letter destination of the case-change stream; ops redrive from it (docs/runbook.md).' });
    fn.addEventSource(
      new sources.DynamoEventSource(this.data.casesTable, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 10,
        retryAttempts: 10,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        onFailure: new sources.SqsDlq(failed),
        filters: [
          lambda.FilterCriteria.filter({ eventName: lambda.FilterRule.isEqual('INSERT'), dynamodb: { NewImage: { entity: { S: lambda.FilterRule.isEqual('case') } } } }),
          lambda.FilterCriteria.filter({
            eventName: lambda.FilterRule.isEqual('MODIFY'),
            dynamodb: { NewImage: { entity: { S: lambda.FilterRule.isEqual('task') }, status: { S: lambda.FilterRule.isEqual('done') } }, OldImage: { status: { S: lambda.FilterRule.isEqual('open') } } },
          }),
        ],
      }),
    );
    for (const key of ['intake', 'detention'] as const) {
      const machine = this.workflow.stateMachines[key];
      machine.grantStartExecution(fn);
      fn.addEnvironment(`${key.toUpperCase()}_STATE_MACHINE_ARN`, machine.stateMachineArn);
    }
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['states:SendTaskSuccess'], resources: Object.values(this.workflow.stateMachines).map((m) => m.stateMachineArn) }));
  }

  private serviceFunction(region: RegionConfig, id: string, entry: string, description: string, service: string): NodejsFunction {
    return new ServiceFunction(this, id, {
      entry,
      description: `${description} (${region.id})`,
      environment: { REGION_ID: region.id, POWERTOOLS_SERVICE_NAME: service },
      logKey: this.data.key,
      logRetentionDays: region.logRetentionDays,
    }).function;
  }
}

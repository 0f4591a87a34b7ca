// The covenant service of a region: one function per route (disclosures, consent, informing, the
// audit trail, subject access, covenant decisions; the route registry says what each may do), and
// its jobs, each with only the table actions it needs: two daily on EventBridge Scheduler
// (retention and destruction, informing reviews), one run by an operator.
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ENV, type RegionConfig } from '@cter/config';
import { FailureQueue } from './constructs/failure-queue';
import { ServiceFunction } from './constructs/service-function';
import type { RegionData } from './data';
import { grantTable } from './grants';
import { routeFunction, routesOf, type RouteFunction } from './route-function';
import type { TableAction } from '@cter/routes';
import type { SubjectLookupKey } from './subject-lookup-key';

interface CovenantJob {
  /** Construct id; the entry is services/covenant/handlers/<kebab-case of it>.ts (the bench relies on it). */
  id: string;
  description: string;
  cases: TableAction[];
  /** `pseudonymise`: the retention job, which also moves a destroyed case's audit records under its pseudonym. */
  audit: 'pseudonymise' | 'none';
  /** Computes subject lookup keys or case pseudonyms: kms:GenerateMac on the region's HMAC key. */
  pseudonyms?: boolean;
  /** Daily run on EventBridge Scheduler, at this local time in the Netherlands (SCHEDULE_TIME_ZONE). */
  daily?: { hour: number; minute: number };
  /** Run by an operator (`aws lambda invoke`), asynchronously like the daily jobs; no schedule. */
  onDemand?: boolean;
  /** Indexes of the cases table the function queries. */
  indexes?: string[];
  timeout?: Duration;
}

/** The daily jobs run on the Dutch clock, summer and winter time alike. */
const SCHEDULE_TIME_ZONE = 'Europe/Amsterdam';

const JOBS: CovenantJob[] = [
  // 03:15 Dutch time: after midnight, before the working day, and outside 02:00-03:00, the hour that
  // daylight saving skips in spring (Scheduler then skips the run) and repeats in autumn.
  { id: 'RunRetention', description: 'Destroys personal data past its retention deadline and records the destruction', cases: ['Query', 'UpdateItem', 'DeleteItem'], audit: 'pseudonymise', pseudonyms: true, daily: { hour: 3, minute: 15 }, timeout: Duration.minutes(5) },
  // Once after the keyed subject lookup is deployed: re-keys the lookup items of the unkeyed scheme.
  { id: 'MigrateSubjectKeys', description: 'Re-keys subject lookup items of the old unkeyed scheme', cases: ['GetItem', 'PutItem', 'DeleteItem', 'Query'], indexes: ['cases-by-created'], audit: 'none', pseudonyms: true, onDemand: true, timeout: Duration.minutes(5) },
  { id: 'ReviewInforming', description: 'Turns due reviews of deferred informing into tasks', cases: ['Query', 'PutItem', 'DeleteItem'], audit: 'none', daily: { hour: 3, minute: 45 }, timeout: Duration.minutes(2) },
];

/**
 * The retention job: appends (copies under a pseudonym, destruction records) and queries audit
 * records, and deletes only live cases' records (partition keys `CASE#...`: the originals it has
 * pseudonymised); it never updates, never deletes a pseudonymised or destruction record.
 */
function grantAuditPseudonymise(fn: NodejsFunction, auditTable: RegionData['auditTable']): void {
  grantTable(fn, ENV.auditTable, auditTable, ['PutItem', 'Query']);
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:DeleteItem'], resources: [auditTable.tableArn], conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CASE#*'] } } }));
}

const kebab = (id: string) => id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

export class CovenantService extends Construct {
  /** The API routes of the service, for the region's API. */
  readonly routes: RouteFunction[] = [];
  readonly functions = new Map<string, NodejsFunction>();
  /** Scheduled runs that failed after their retries. */
  readonly failedRuns: sqs.Queue;

  constructor(scope: Construct, id: string, props: { region: RegionConfig; data: RegionData; subjectKey: SubjectLookupKey; logGroup: logs.ILogGroup }) {
    super(scope, id);
    const { region, data } = props;
    // Scheduled runs that fail after their retries land here (the event carries no data, only the job).
    const failedRuns = (this.failedRuns = new FailureQueue(this, 'ScheduledRunsFailed', { holds: 'a scheduled covenant run', retentionDays: 14 }).queue);

    for (const entry of routesOf('covenant')) {
      const route = routeFunction(this, entry, { region, data, logGroup: props.logGroup, subjectKey: props.subjectKey });
      this.routes.push(route);
      this.functions.set(entry.handler.id, route.handler);
    }
    for (const spec of JOBS) {
      const fn = new ServiceFunction(this, spec.id, {
        entry: `services/covenant/handlers/${kebab(spec.id)}.ts`,
        description: `${spec.description} (${region.id})`,
        // Scheduled jobs are invoked asynchronously: a run that fails all retries lands in the queue.
        invocation: { by: 'events', failures: failedRuns },
        environment: { [ENV.regionId]: region.id, [ENV.serviceName]: 'covenant' },
        logGroup: props.logGroup,
        ...(spec.timeout ? { timeout: spec.timeout } : {}),
      }).function;
      if (spec.cases.length) grantTable(fn, ENV.casesTable, data.casesTable, spec.cases, spec.indexes ?? []);
      if (spec.audit === 'pseudonymise') grantAuditPseudonymise(fn, data.auditTable);
      else if (spec.cases.length) fn.addEnvironment(ENV.auditTable, data.auditTable.tableName);
      if (spec.pseudonyms) props.subjectKey.grantGenerateMac(fn);
      if (spec.daily) this.daily(spec.id, fn, spec.daily, failedRuns);
      this.functions.set(spec.id, fn);
    }
  }

  /**
   * A daily schedule invoking exactly this function (the L1 resource: the L2 target would grant every
   * version, `<arn>:*`), with retries and a dead-letter queue. The input names the job; the function
   * takes "now" from its clock, never from the event.
   */
  private daily(id: string, fn: NodejsFunction, at: { hour: number; minute: number }, deadLetterQueue: sqs.IQueue): void {
    const role = new iam.Role(this, `${id}ScheduleRole`, { assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com'), description: `EventBridge Scheduler runs ${id} daily` });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] }));
    role.addToPolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [deadLetterQueue.queueArn] }));
    new scheduler.CfnSchedule(this, `${id}Daily`, {
      description: `${id}, daily at ${String(at.hour).padStart(2, '0')}:${String(at.minute).padStart(2, '0')} ${SCHEDULE_TIME_ZONE}`,
      scheduleExpression: `cron(${at.minute} ${at.hour} * * ? *)`,
      scheduleExpressionTimezone: SCHEDULE_TIME_ZONE,
      flexibleTimeWindow: { mode: 'OFF' },
      state: 'ENABLED',
      target: {
        arn: fn.functionArn,
        roleArn: role.roleArn,
        input: JSON.stringify({ job: kebab(id) }),
        retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 6 * 3600 },
        deadLetterConfig: { arn: deadLetterQueue.queueArn },
      },
    });
  }
}

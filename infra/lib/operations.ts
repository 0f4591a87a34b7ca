// What the ops team of a region watches: one dashboard and the alarms that page them, through an
// SNS topic encrypted with a key of its own. Alarms carry ids and counts only, never case data.
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { FailureQueue } from './constructs/failure-queue';
import { BUSINESS_METRICS, METRICS_NAMESPACE, METRICS_SERVICE, type BusinessMetric, type RegionConfig } from '@cter/config';

export interface RegionOperationsProps {
  region: RegionConfig;
  api: apigateway.RestApi;
  stateMachines: Record<string, sfn.StateMachine>;
  tables: dynamodb.Table[];
  functions: lambda.IFunction[];
  /** Queues that hold what could not be processed; anything in them needs a person. */
  deadLetterQueues: Record<string, sqs.IQueue>;
  /** The region's data key: a change of its policy or a grant on it pages ops. */
  dataKey: kms.IKey;
}

/** Calls that change who may use the data key, or end its use (CloudTrail management events). */
export const KEY_CHANGES = ['PutKeyPolicy', 'CreateGrant', 'RetireGrant', 'RevokeGrant', 'DisableKey', 'ScheduleKeyDeletion', 'CancelKeyDeletion'];

/** Every alarm looks at 5-minute periods and fires on the first event: these are rare here. */
const FIVE_MINUTES = Duration.minutes(5);

export class RegionOperations extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: RegionOperationsProps) {
    super(scope, id);
    const { region } = props;
    const stack = Stack.of(this);

    // A key for ops notifications only, so the services that publish them get nothing that
    // decrypts a case.
    const key = new kms.Key(this, 'NotificationsKey', {
      alias: `alias/cter/${region.id}/ops-notifications`,
      description: `Encrypts the ops notifications of CTER region ${region.id}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });
    // CloudWatch encrypts the alarms it publishes; SNS what it moves to the dead-letter queue below;
    // EventBridge the key-change notices (and what it could not deliver).
    for (const service of ['cloudwatch.amazonaws.com', 'sns.amazonaws.com', 'events.amazonaws.com']) {
      key.addToResourcePolicy(
        new iam.PolicyStatement({
          principals: [new iam.ServicePrincipal(service)],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: ['*'],
          conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
        }),
      );
    }
    this.topic = new sns.Topic(this, 'Topic', {
      topicName: `cter-${region.id}-ops`,
      displayName: `CTER ${region.name}: ops alarms`,
      masterKey: key,
      enforceSSL: true,
    });
    // Notifications that could not be delivered wait here (14 days) instead of being lost.
    const undelivered = new FailureQueue(this, 'UndeliveredNotifications', { holds: 'an ops notification that could not be delivered', retentionDays: 14, key }).queue;
    for (const address of region.opsEmails) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(address, { deadLetterQueue: undelivered }));
    }

    // A change of the data key's policy or a grant on it (the break-glass path, or an attack on it)
    // reaches ops at once, from CloudTrail's management events through the default bus. Needs a
    // trail with management events in the account (the organisation's or the account's own).
    new events.Rule(this, 'DataKeyChanged', {
      description: `Pages ops when the policy or grants of the data key of ${region.id} change`,
      eventPattern: {
        source: ['aws.kms'],
        detailType: ['AWS API Call via CloudTrail'],
        detail: { eventSource: ['kms.amazonaws.com'], eventName: KEY_CHANGES, resources: { ARN: [props.dataKey.keyArn] } },
      },
      targets: [
        new targets.SnsTopic(this.topic, {
          deadLetterQueue: undelivered,
          retryAttempts: 8,
          message: events.RuleTargetInput.fromText(
            `CTER ${region.id}: ${events.EventField.fromPath('$.detail.eventName')} on the data key by ${events.EventField.fromPath('$.detail.userIdentity.arn')} at ${events.EventField.fromPath('$.detail.eventTime')} (CloudTrail event ${events.EventField.fromPath('$.detail.eventID')}). If this is not an announced break-glass, follow docs/runbook.md.`,
          ),
        }),
      ],
    });

    const api = props.api;
    const machines = Object.entries(props.stateMachines);
    const business = (name: BusinessMetric, label: string) =>
      new cloudwatch.Metric({ namespace: METRICS_NAMESPACE, metricName: name, dimensionsMap: { service: METRICS_SERVICE, region: region.id }, statistic: 'Sum', period: FIVE_MINUTES, label });
    const sumOf = (label: string, metrics: Record<string, cloudwatch.IMetric>) =>
      new cloudwatch.MathExpression({ expression: Object.keys(metrics).join(' + '), usingMetrics: metrics, label, period: FIVE_MINUTES });

    // 5xx: the API failed a partner (an internal error or an unavailable store)
    this.alarm('ServerErrors', 'The API answered 5xx: see the access logs and the failing function by request id.', api.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' }));

    // Throttles: functions (account concurrency), workflow executions and the tables
    const throttles: Record<string, cloudwatch.IMetric> = {
      lambda: new cloudwatch.Metric({ namespace: 'AWS/Lambda', metricName: 'Throttles', statistic: 'Sum', period: FIVE_MINUTES }),
    };
    machines.forEach(([, machine], i) => (throttles[`sfn${i}`] = machine.metricThrottled({ period: FIVE_MINUTES, statistic: 'Sum' })));
    props.tables.forEach((table, i) => {
      throttles[`read${i}`] = table.metric('ReadThrottleEvents', { period: FIVE_MINUTES, statistic: 'Sum' });
      throttles[`write${i}`] = table.metric('WriteThrottleEvents', { period: FIVE_MINUTES, statistic: 'Sum' });
    });
    this.alarm('Throttles', 'Requests were throttled (Lambda concurrency, Step Functions or DynamoDB): partners get 429/503.', sumOf('throttled', throttles));

    // Workflow failures: an execution failed, timed out or was aborted
    const failures: Record<string, cloudwatch.IMetric> = {};
    machines.forEach(([, machine], i) => {
      failures[`failed${i}`] = machine.metricFailed({ period: FIVE_MINUTES, statistic: 'Sum' });
      failures[`timedOut${i}`] = machine.metricTimedOut({ period: FIVE_MINUTES, statistic: 'Sum' });
    });
    this.alarm('WorkflowFailures', 'A work-process execution failed or timed out: redrive it (docs/runbook.md).', sumOf('failed executions', failures));

    // Overdue decisions: a human step passed its deadline
    this.alarm('OverdueDecisions', 'A decision in the work process is overdue: the process owner escalates (GET /cases/{id}/tasks).', business(BUSINESS_METRICS.tasksOverdue, 'overdue tasks'));

    // Dead letters: stream changes, scheduled jobs or hand-overs that could not be processed
    const deadLetters = Object.fromEntries(
      Object.values(props.deadLetterQueues).map((queue, i) => [`dlq${i}`, queue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' })]),
    );
    this.alarm('DeadLetters', 'Work could not be processed and waits in a dead-letter queue: redrive it (docs/runbook.md).', sumOf('dead letters', deadLetters));

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `cter-${region.id}`,
      defaultInterval: Duration.hours(24),
      widgets: [
        [new cloudwatch.TextWidget({ markdown: `# CTER ${region.name}\nIds and counts only: case data is never in metrics or logs. Runbook: docs/runbook.md`, width: 24, height: 2 })],
        [new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 3 })],
        [
          new cloudwatch.GraphWidget({ title: 'Work: signals, decisions, overdue, refused disclosures', width: 12, left: [
            business(BUSINESS_METRICS.signalsReceived, 'signals'),
            business(BUSINESS_METRICS.decisionsRecorded, 'decisions'),
            business(BUSINESS_METRICS.tasksOverdue, 'overdue'),
            business(BUSINESS_METRICS.disclosuresRefused, 'refused disclosures'),
          ] }),
          new cloudwatch.GraphWidget({ title: 'API: requests and errors', width: 12, left: [
            api.metricCount({ period: FIVE_MINUTES, statistic: 'Sum', label: 'requests' }),
            api.metricClientError({ period: FIVE_MINUTES, statistic: 'Sum', label: '4xx' }),
            api.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum', label: '5xx' }),
          ], right: [api.metricLatency({ period: FIVE_MINUTES, statistic: 'p99', label: 'latency p99 (ms)' })] }),
        ],
        [
          new cloudwatch.GraphWidget({ title: 'Work process: executions', width: 12, left: machines.flatMap(([name, machine]) => [
            machine.metricStarted({ period: FIVE_MINUTES, statistic: 'Sum', label: `${name} started` }),
            machine.metricFailed({ period: FIVE_MINUTES, statistic: 'Sum', label: `${name} failed` }),
          ]) }),
          // Metric math allows 500 metrics in a graph; a region has about 40 functions.
          new cloudwatch.GraphWidget({ title: 'Functions: errors', width: 12, left: [
            sumOf('errors, all functions', Object.fromEntries(props.functions.map((fn, i) => [`errors${i}`, fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' })]))),
          ], right: [throttles.lambda!] }),
        ],
        [
          new cloudwatch.GraphWidget({ title: 'Tables: consumed capacity', width: 12, left: props.tables.flatMap((table) => [
            table.metricConsumedReadCapacityUnits({ period: FIVE_MINUTES, statistic: 'Sum' }),
            table.metricConsumedWriteCapacityUnits({ period: FIVE_MINUTES, statistic: 'Sum' }),
          ]) }),
          new cloudwatch.GraphWidget({ title: 'Dead-letter queues: messages waiting', width: 12, left: Object.entries(props.deadLetterQueues).map(([name, queue]) =>
            queue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum', label: name }),
          ) }),
        ],
      ],
    });
  }

  private alarm(id: string, description: string, metric: cloudwatch.IMetric): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmDescription: description,
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // No data means nothing happened: every metric here counts events.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    alarm.addOkAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}

// Shapes shared by the twin's EventBridge modules: buses and rules as read from the template, the
// PutEvents wire shapes, and the event envelope EventBridge hands to rules and targets.

export interface EventBusSpec {
  /** Bus name (`default` for the account's default bus). */
  name: string;
  /** `arn:aws:events:<region>:<account>:event-bus/<name>`; buses are keyed by ARN, so two stacks' `default` buses in one region are one bus, as in AWS. */
  arn: string;
  /** The stage (ZVH region) whose stack declared the bus. */
  regionId: string;
}

export interface InputTransformerSpec {
  /** Variable name -> JSONPath into the event, e.g. `{"caseId": "$.detail.caseId"}`. */
  inputPathsMap?: Record<string, string>;
  /** Text with `<variable>` placeholders; JSON when it starts with `{` or `[`. */
  inputTemplate: string;
}

export interface RetryPolicySpec {
  maximumRetryAttempts?: number;
  maximumEventAgeInSeconds?: number;
}

export interface TargetSpec {
  id: string;
  arn: string;
  /** Constant JSON text sent instead of the event. */
  input?: string;
  /** JSONPath selecting the part of the event to send. */
  inputPath?: string;
  inputTransformer?: InputTransformerSpec;
  /** DeadLetterConfig: where the twin's SQS gets what EventBridge gave up on. */
  deadLetterArn?: string;
  retryPolicy?: RetryPolicySpec;
}

export interface RuleSpec {
  name: string;
  arn: string;
  /** Name (resolved in the rule's region) or ARN of the bus the rule belongs to. */
  busName: string;
  eventPattern?: object;
  /** `cron(0 12 * * ? *)`: the one kind of schedule the twin runs. */
  scheduleExpression?: string;
  /** EventBridge Scheduler's ScheduleExpressionTimezone (IANA name); rules and schedules without one run in UTC. */
  scheduleTimezone?: string;
  state: 'ENABLED' | 'DISABLED';
  targets: TargetSpec[];
}

/** One entry of a PutEvents request, as the SDK and the CLI send it over the JSON protocol. */
export interface PutEventsRequestEntry {
  /** Epoch seconds on the wire (the SDK serialises a Date so); a Date or ISO string programmatically. */
  Time?: number | string | Date;
  Source?: string;
  Resources?: string[];
  DetailType?: string;
  Detail?: string;
  EventBusName?: string;
  TraceHeader?: string;
}

export type PutEventsResultEntry = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

/** The event as EventBridge delivers it to rules, targets and subscribers. */
export interface EventEnvelope {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

export type LambdaInvokeResult = { ok: true; result: unknown } | { ok: false; errorType: string; errorMessage: string };

/** Invokes a function by ARN; the twin wires this to its FunctionHosts (with fault injection). */
export type LambdaInvoker = (functionArn: string, event: unknown) => Promise<LambdaInvokeResult>;

// The Step Functions twin's public shapes: what it runs (specs), what it calls (Lambda), and the
// request/response types of its API, named exactly as the AWS JSON protocol names them.

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface StateMachineSpec {
  arn: string;
  name: string;
  /** The twin's region (stage) id, e.g. 'kennemerland'; groups the monitor page. */
  regionId: string;
  /** ASL JSON with CloudFormation intrinsics already resolved. */
  definition: Record<string, unknown>;
  /** The execution role from the template; shown as AWS shows it, not enforced. */
  roleArn?: string;
  /**
   * Names of the aliases the template gives the machine's published version (AWS::StepFunctions::
   * StateMachineVersion and ::StateMachineAlias). The twin then publishes a version per definition
   * it loads (a new one when a deploy changed it) and routes each alias to the newest.
   */
  aliases?: string[];
}

export type LambdaInvokeResult = { ok: true; result: unknown } | { ok: false; errorType: string; errorMessage: string };

export interface LambdaInvoker {
  (functionArn: string, payload: unknown): Promise<LambdaInvokeResult>;
}

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** Every `...EventDetails` object; values are JSON. */
export type EventDetails = Record<string, unknown>;

export interface HistoryEvent {
  id: number;
  previousEventId: number;
  timestamp: Date;
  type: string;
  [detailsKey: `${string}EventDetails`]: EventDetails | undefined;
}

export interface StartExecutionInput {
  stateMachineArn: string;
  name?: string;
  input?: string;
  traceHeader?: string;
}
export interface StartExecutionOutput {
  executionArn: string;
  startDate: Date;
}

export interface DescribeExecutionInput {
  executionArn: string;
}
export interface DescribeExecutionOutput {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
  input: string;
  inputDetails: { included: boolean };
  output?: string;
  outputDetails?: { included: boolean };
  error?: string;
  cause?: string;
  traceHeader?: string;
  redriveCount: number;
  redriveStatus: 'NOT_REDRIVABLE';
  /** Set when the execution was started through a version or alias ARN. */
  stateMachineVersionArn?: string;
  stateMachineAliasArn?: string;
  /** Twin extra: state transitions so far (entered states plus retries), what Standard pricing counts. */
  stateTransitionCount: number;
}

export interface ExecutionListItem {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
  stateMachineVersionArn?: string;
  stateMachineAliasArn?: string;
}
/** The twin answers every list in one page: the whole list, no nextToken (clients that page stop there). */
export interface ListExecutionsInput {
  stateMachineArn: string;
}
export interface ListExecutionsOutput {
  executions: ExecutionListItem[];
}

export interface GetExecutionHistoryInput {
  executionArn: string;
}
export interface GetExecutionHistoryOutput {
  events: HistoryEvent[];
}

export interface StopExecutionInput {
  executionArn: string;
  error?: string;
  cause?: string;
}
export interface StopExecutionOutput {
  stopDate: Date;
}

export interface SendTaskSuccessInput {
  taskToken: string;
  output: string;
}
export interface SendTaskFailureInput {
  taskToken: string;
  error?: string;
  cause?: string;
}

export interface StateMachineListItem {
  stateMachineArn: string;
  name: string;
  type: 'STANDARD';
  creationDate: Date;
}
export interface ListStateMachinesOutput {
  stateMachines: StateMachineListItem[];
}

/** A task waiting for SendTaskSuccess/Failure (twin extra, for tests and tools). */
export interface PendingTask {
  executionArn: string;
  stateName: string;
  taskToken: string;
}

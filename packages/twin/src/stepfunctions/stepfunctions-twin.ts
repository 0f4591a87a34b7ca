// The Step Functions part of the local twin: the state machines of the assembly run on
// aws-local-stepfunctions with the twin's Lambda functions, virtual clock and persistence,
// served over the AWS JSON protocol and a monitor page.
import type { TwinClock } from './clock';
import type { EndpointGuard } from '../endpoint-auth';
import { SfnHttpServer, type TwinControl } from './http';
import { SfnService } from './service';
import type {
  DescribeExecutionInput,
  DescribeExecutionOutput,
  DescribeStateMachineInput,
  DescribeStateMachineOutput,
  GetExecutionHistoryInput,
  GetExecutionHistoryOutput,
  LambdaInvoker,
  ListExecutionsInput,
  ListExecutionsOutput,
  ListStateMachinesInput,
  ListStateMachinesOutput,
  PendingTask,
  SendTaskFailureInput,
  SendTaskHeartbeatInput,
  SendTaskSuccessInput,
  StartExecutionInput,
  StartExecutionOutput,
  StateMachineSpec,
  StopExecutionInput,
  StopExecutionOutput,
} from './types';

export interface StepFunctionsTwinOptions {
  stateMachines: StateMachineSpec[];
  invokeLambda: LambdaInvoker;
  clock: TwinClock;
  /** Persist executions here (and resume RUNNING ones on start); absent = memory only. */
  stateDir?: string;
  log?: (line: string) => void;
  /** More twin controls served beside the clock, at /_twin/<name> (faults, idle, ...). */
  controls?: Record<string, TwinControl>;
  /** SigV4 and IAM for the API, the twin-ops profile for the controls; absent: an open endpoint (component tests). */
  guard?: EndpointGuard;
}

export class StepFunctionsTwin {
  readonly clock: TwinClock;
  private readonly service: SfnService;
  private readonly http: SfnHttpServer;
  private started = false;
  private stopped = false;

  /** Validates (asl-validator) and compiles every definition; throws on the first invalid or unsupported one. */
  constructor(options: StepFunctionsTwinOptions) {
    this.clock = options.clock;
    this.service = new SfnService(options);
    this.http = new SfnHttpServer(this.service, options.controls ?? {}, options.guard);
  }

  /** Serves the API on host:port (0 = a free port) and resumes the executions a previous twin left RUNNING. */
  async start(port: number, host = '127.0.0.1'): Promise<void> {
    if (this.started) throw new Error('the Step Functions twin is already started');
    this.started = true;
    await this.http.listen(port, host);
    this.service.resume();
  }

  /** e.g. http://127.0.0.1:4514 */
  get endpoint(): string {
    return this.http.endpoint;
  }

  get monitorUrl(): string {
    return `${this.http.endpoint}/monitor`;
  }

  /** Closes the endpoint and interrupts executions (RUNNING ones stay RUNNING in stateDir); no timers stay behind. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.http.close();
    await this.service.close();
  }

  // ---- the API, same semantics as over HTTP (errors are SfnServiceError with the service's code) ----

  startExecution(input: StartExecutionInput): Promise<StartExecutionOutput> {
    return this.service.startExecution(input);
  }

  describeExecution(input: DescribeExecutionInput): Promise<DescribeExecutionOutput> {
    return this.service.describeExecution(input);
  }

  listExecutions(input: ListExecutionsInput): Promise<ListExecutionsOutput> {
    return this.service.listExecutions(input);
  }

  getExecutionHistory(input: GetExecutionHistoryInput): Promise<GetExecutionHistoryOutput> {
    return this.service.getExecutionHistory(input);
  }

  stopExecution(input: StopExecutionInput): Promise<StopExecutionOutput> {
    return this.service.stopExecution(input);
  }

  sendTaskSuccess(input: SendTaskSuccessInput): Promise<Record<string, never>> {
    return this.service.sendTaskSuccess(input);
  }

  sendTaskFailure(input: SendTaskFailureInput): Promise<Record<string, never>> {
    return this.service.sendTaskFailure(input);
  }

  sendTaskHeartbeat(input: SendTaskHeartbeatInput): Promise<Record<string, never>> {
    return this.service.sendTaskHeartbeat(input);
  }

  listStateMachines(input: ListStateMachinesInput = {}): Promise<ListStateMachinesOutput> {
    return this.service.listStateMachines(input);
  }

  describeStateMachine(input: DescribeStateMachineInput): Promise<DescribeStateMachineOutput> {
    return this.service.describeStateMachine(input);
  }

  // ---- twin extras ----

  /** Resolves with the execution's description once it is no longer RUNNING. */
  awaitExecution(executionArn: string, options: { timeoutMs?: number } = {}): Promise<DescribeExecutionOutput> {
    return this.service.awaitExecution(executionArn, options.timeoutMs);
  }

  /** Task tokens waiting for SendTaskSuccess/Failure (of one execution, or all). */
  pendingTasks(executionArn?: string): PendingTask[] {
    return this.service.pendingTasks(executionArn);
  }

  /** State transitions of an execution: entered states plus retries, what Standard pricing counts. */
  stateTransitionCount(executionArn: string): number {
    return this.service.stateTransitionCount(executionArn);
  }
}

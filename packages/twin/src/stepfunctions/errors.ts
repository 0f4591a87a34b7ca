// Errors of two worlds: API errors the service returns to clients (ExecutionDoesNotExist, …) and
// errors raised inside an execution, which Retry/Catch match by name.

/** A client error of the Step Functions API; `name` is the short error code (`__type` after '#'). */
export class SfnServiceError extends Error {
  readonly status: number;
  constructor(code: string, message: string, status = 400) {
    super(message);
    this.name = code;
    this.status = status;
  }
}

export const serviceErrors = {
  executionDoesNotExist: (arn: string) => new SfnServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`),
  stateMachineDoesNotExist: (arn: string) => new SfnServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`),
  executionAlreadyExists: (arn: string) => new SfnServiceError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`),
  invalidArn: (arn: string) => new SfnServiceError('InvalidArn', `Invalid Arn: '${arn}'`),
  invalidName: (name: string) => new SfnServiceError('InvalidName', `Invalid Name: '${name}'`),
  invalidExecutionInput: (why: string) => new SfnServiceError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${why}'`),
  invalidOutput: (why: string) => new SfnServiceError('InvalidOutput', `Invalid Output: '${why}'`),
  invalidToken: (why: string) => new SfnServiceError('InvalidToken', `Invalid Token: '${why}'`),
  taskTimedOut: () => new SfnServiceError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'"),
  validation: (message: string) => new SfnServiceError('ValidationException', message),
};

/**
 * Thrown into the engine when an execution is stopped, timed out or the twin shuts down: not
 * retryable and not catchable (the engine reads these flags), so no Retry/Catch reacts to it.
 */
export class ExecutionInterrupted extends Error {
  readonly isRetryable = false;
  readonly isCatchable = false;
  constructor(reason: string) {
    super(reason);
    this.name = 'Twin.ExecutionInterrupted';
  }
}

/** A States.Runtime error raised by the twin (bad path value, …): like the engine's, never caught. */
export class StatesRuntimeError extends Error {
  readonly isRetryable = false;
  readonly isCatchable = false;
  constructor(message: string) {
    super(message);
    this.name = 'States.Runtime';
  }
}

/** An error as a state reports it: the name Retry/Catch match, the cause Catch hands on. */
export interface StateError {
  error: string;
  cause: string;
}

export function stateErrorOf(value: unknown): StateError {
  if (value instanceof Error) return { error: value.name, cause: value.message };
  return { error: 'States.Runtime', cause: String(value) };
}

/** A Task's TimeoutSeconds ran out on the virtual clock. */
export class TaskTimeout extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'States.Timeout';
  }
}

/** Errors the engine must not retry or catch (States.Runtime, interruptions) carry isCatchable = false. */
export function isFatal(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { isCatchable?: unknown }).isCatchable === false;
}

// The only module that touches aws-local-stepfunctions: runs a (rewritten) definition with local
// handlers and a context object, and builds the error objects its Retry/Catch logic expects.
import './polyfills';
import { ExecutionError, StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import type { JsonValue } from './types';

/** The engine's own event log entries, as far as the twin reads them. */
export interface EngineEvent {
  type: string;
  state?: { name: string; type: string; input?: unknown; output?: unknown };
  retry?: { retrier: Record<string, unknown>; attempt: number };
}

/** What `$$.Task.Token` evaluates to inside the engine (set in the context object); the task handler swaps in the real token. */
export const TASK_TOKEN_PLACEHOLDER = '@@cter-twin:task-token@@';

/**
 * The engine calls a handler synchronously right after dispatching StateEntered/StateRetried, but
 * delivers those events through async generators (microtasks). One macrotask later every event
 * dispatched so far has been delivered, so the history keeps the service's order.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export type LocalHandler = (input: JsonValue) => Promise<JsonValue>;

export interface EngineRunOptions {
  handlers: Record<string, LocalHandler>;
  /** States whose Retry pause the twin does itself (on the virtual clock), so the engine must not sleep. */
  noRetryPause: string[];
  context: Record<string, unknown>;
}

export interface EngineRun {
  result: Promise<JsonValue>;
  events: AsyncGenerator<EngineEvent>;
  abort: () => void;
}

export type EngineMachine = StateMachine;

export function createEngineMachine(definition: Record<string, unknown>): EngineMachine {
  // Validation happened on the original definition (asl-validator); the rewritten one has twin resources.
  return new StateMachine(definition as unknown as StateMachineDefinition, { validationOptions: { noValidate: true } });
}

export function runEngine(machine: EngineMachine, input: JsonValue, options: EngineRunOptions): EngineRun {
  const run = machine.run(input, {
    context: options.context,
    overrides: {
      taskResourceLocalHandlers: options.handlers,
      retryIntervalOverrides: Object.fromEntries(options.noRetryPause.map((name) => [name, 0])),
    },
  });
  // Attach a handler at once: a run aborted by the twin rejects, and the twin may only look later.
  run.result.catch(() => undefined);
  return { result: run.result as Promise<JsonValue>, events: run.eventLogs as AsyncGenerator<EngineEvent>, abort: run.abort };
}

/** The error a failed run carries: the engine wraps the state's error in ExecutionError.cause. */
export function unwrapRunError(error: unknown): unknown {
  return error instanceof ExecutionError ? error.cause : error;
}

/**
 * States.TaskFailed must match every error except States.Timeout, and the engine tells them apart
 * by class (its StatesTimeoutError is not exported). One 1 ms run with a task that never answers
 * makes the engine throw one; its constructor is the class to instantiate for virtual timeouts.
 */
let capturing: Promise<void> | undefined;
let resolvedTimeoutClass: (new () => Error) | undefined;

/** Await before running executions: afterwards stateError('States.Timeout', …) has the engine's class. */
export function engineReady(): Promise<void> {
  capturing ??= captureTimeoutErrorClass().then((found) => {
    resolvedTimeoutClass = found;
  });
  return capturing;
}

async function captureTimeoutErrorClass(): Promise<new () => Error> {
  const machine = createEngineMachine({ StartAt: 'T', States: { T: { Type: 'Task', Resource: 'twin:never', TimeoutSeconds: 0.001, End: true } } });
  const run = machine.run(null, { overrides: { taskResourceLocalHandlers: { T: () => new Promise<JsonValue>(() => undefined) } } });
  try {
    await run.result;
  } catch (error) {
    const cause = unwrapRunError(error);
    if (cause instanceof Error && cause.name === 'States.Timeout') return cause.constructor as new () => Error;
  }
  throw new Error('aws-local-stepfunctions did not raise States.Timeout as expected; the twin needs version 3.0.0');
}

/** An error named `error` whose message is `cause`, as Retry/Catch see it (Catch passes {Error, Cause}). */
export function stateError(error: string, cause: string): Error {
  if (error === 'States.Timeout' && resolvedTimeoutClass) {
    const timeout = new resolvedTimeoutClass();
    timeout.message = cause;
    return timeout;
  }
  const failure = new Error(cause);
  failure.name = error;
  return failure;
}

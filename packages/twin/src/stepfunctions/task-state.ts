// Task states: Lambda (lambda:invoke, .waitForTaskToken, plain function ARN) and
// states:startExecution, with TimeoutSeconds on the virtual clock and the Task*/LambdaFunction*
// history events the service writes.
import { randomBytes } from 'node:crypto';
import type { TaskInfo, HandlerInput } from './compile';
import { stateError, TASK_TOKEN_PLACEHOLDER } from './engine';
import { ExecutionInterrupted, isFatal, SfnServiceError, StatesRuntimeError, TaskTimeout, stateErrorOf, type StateError } from './errors';
import type { Attempt, FinalEvent, StateHost } from './state-host';
import { dataDetails, jsonText } from './history';
import type { TokenOutcome } from './records';
import { functionArnOf, resourceLabel, waitsForTaskToken, type Integration } from './resources';
import type { EventDetails, JsonValue } from './types';

export async function runTask(host: StateHost, attempt: Attempt, info: TaskInfo, input: HandlerInput): Promise<JsonValue> {
  const { entry } = attempt;
  entry.startedAt ??= host.now();
  let payload = input.p;
  if (waitsForTaskToken(info.integration)) {
    entry.taskToken ??= newTaskToken();
    host.registerToken(attempt, entry.taskToken);
    payload = withTaskToken(payload, entry.taskToken);
  }
  host.persist();

  const events = taskEvents(info.integration, host.region);
  const { lane } = attempt.scope;
  host.emit(lane, `${attempt.key}|Scheduled`, ...events.scheduled(payload, info.timeoutSeconds));
  host.emit(lane, `${attempt.key}|Started`, ...events.started());

  let value: JsonValue;
  try {
    value = await withDeadline(host, attempt, info.timeoutSeconds, () => perform(host, attempt, info.integration, payload, events));
  } catch (error) {
    if (error instanceof ExecutionInterrupted || isFatal(error)) throw error;
    const failure = stateErrorOf(error);
    const event = error instanceof TaskTimeout ? events.timedOut(failure) : events.failed(failure);
    return host.complete(attempt, { ok: false, ...failure }, event);
  }
  return host.complete(attempt, { ok: true, value }, events.succeeded(value));
}

async function perform(host: StateHost, attempt: Attempt, integration: Integration, payload: JsonValue, events: TaskEvents): Promise<JsonValue> {
  const { entry } = attempt;
  switch (integration.kind) {
    case 'lambda-function':
      return invoke(host, integration.functionArn, payload);
    case 'lambda-invoke': {
      const parameters = objectOf(payload, 'lambda:invoke Parameters');
      const functionArn = functionArnOf(stringOf(parameters.FunctionName, 'FunctionName'), host.region, host.accountId);
      const invoke$ = async (): Promise<JsonValue> => ({ ExecutedVersion: '$LATEST', Payload: await invoke(host, functionArn, parameters.Payload ?? {}), StatusCode: 200 });
      if (!integration.waitForTaskToken) return invoke$();
      if (!entry.submitted) {
        const response = await invoke$();
        submitted(host, attempt, events, response);
      }
      return tokenResult(await host.waitForToken(attempt));
    }
    case 'start-execution': {
      const parameters = objectOf(payload, 'states:startExecution Parameters');
      if (!entry.childExecutionArn) {
        const input = parameters.Input === undefined ? '{}' : typeof parameters.Input === 'string' ? parameters.Input : JSON.stringify(parameters.Input);
        try {
          const started = await host.startChildExecution({
            stateMachineArn: stringOf(parameters.StateMachineArn, 'StateMachineArn'),
            input,
            ...(typeof parameters.Name === 'string' ? { name: parameters.Name } : {}),
          });
          entry.childExecutionArn = started.executionArn;
          entry.childStartDate = started.startDate.getTime();
          host.persist();
        } catch (error) {
          // The SDK integration reports service errors as StepFunctions.<Code>Exception.
          if (error instanceof SfnServiceError) throw stateError(`StepFunctions.${error.name}Exception`, error.message);
          throw error;
        }
      }
      return { ExecutionArn: entry.childExecutionArn, StartDate: entry.childStartDate ?? host.now() };
    }
  }
}

function submitted(host: StateHost, attempt: Attempt, events: TaskEvents, output: JsonValue): void {
  attempt.entry.submitted = true;
  host.persist();
  host.emit(attempt.scope.lane, `${attempt.key}|Submitted`, ...events.submitted(output));
}

async function invoke(host: StateHost, functionArn: string, payload: unknown): Promise<JsonValue> {
  let result;
  try {
    result = await host.invokeLambda(functionArn, payload);
  } catch (error) {
    // The invoke call itself failed (not the function): what Lambda reports as a service error.
    throw stateError('Lambda.ServiceException', (error as Error).message ?? String(error));
  }
  if (!result.ok) {
    throw stateError(result.errorType || 'Lambda.Unknown', JSON.stringify({ errorMessage: result.errorMessage, errorType: result.errorType }));
  }
  return (result.result ?? null) as JsonValue;
}

function tokenResult(outcome: TokenOutcome): JsonValue {
  if (outcome.ok) return outcome.output;
  throw stateError(outcome.error ?? '', outcome.cause ?? '');
}

/** Races the work against TimeoutSeconds and interruption. */
async function withDeadline<T>(host: StateHost, attempt: Attempt, timeoutSeconds: number | undefined, work: () => Promise<T>): Promise<T> {
  const settled = new AbortController();
  const signal = AbortSignal.any([attempt.scope.signal, settled.signal]);
  const startedAt = attempt.entry.startedAt ?? host.now();
  const racers: Array<Promise<T>> = [
    work(),
    new Promise<never>((_, reject) => {
      if (signal.aborted) reject(signal.reason);
      else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    }),
  ];
  if (timeoutSeconds !== undefined) {
    racers.push(
      host.clock.until(startedAt + timeoutSeconds * 1000, signal).then(() => {
        throw new TaskTimeout(`Task timed out after ${timeoutSeconds} seconds`);
      }),
    );
  }
  try {
    return await Promise.race(racers);
  } finally {
    settled.abort(new ExecutionInterrupted('task settled'));
  }
}

// ---- history events ----------------------------------------------------------------------------

type EventArgs = [type: string, details?: EventDetails];

interface TaskEvents {
  scheduled(payload: JsonValue, timeoutSeconds?: number): EventArgs;
  started(): EventArgs;
  submitted(output: JsonValue): EventArgs;
  succeeded(output: JsonValue): FinalEvent;
  failed(failure: StateError): FinalEvent;
  timedOut(failure: StateError): FinalEvent;
}

function errorDetails(failure: StateError): EventDetails {
  return { ...(failure.error ? { error: failure.error } : {}), ...(failure.cause ? { cause: failure.cause } : {}) };
}

/** A plain function ARN is the legacy Lambda integration, with LambdaFunction* events; the rest are Task* events. */
function taskEvents(integration: Integration, region: string): TaskEvents {
  if (integration.kind === 'lambda-function') {
    return {
      scheduled: (payload, timeoutSeconds) => [
        'LambdaFunctionScheduled',
        { resource: integration.functionArn, ...dataDetails('input', payload), ...(timeoutSeconds !== undefined ? { timeoutInSeconds: timeoutSeconds } : {}) },
      ],
      started: () => ['LambdaFunctionStarted'],
      submitted: () => ['LambdaFunctionStarted'],
      succeeded: (output) => ({ type: 'LambdaFunctionSucceeded', details: dataDetails('output', output) }),
      failed: (failure) => ({ type: 'LambdaFunctionFailed', details: errorDetails(failure) }),
      timedOut: (failure) => ({ type: 'LambdaFunctionTimedOut', details: errorDetails(failure) }),
    };
  }
  const label = resourceLabel(integration);
  return {
    scheduled: (payload, timeoutSeconds) => [
      'TaskScheduled',
      { ...label, region, parameters: jsonText(payload), ...(timeoutSeconds !== undefined ? { timeoutInSeconds: timeoutSeconds } : {}) },
    ],
    started: () => ['TaskStarted', { ...label }],
    submitted: (output) => ['TaskSubmitted', { ...label, ...dataDetails('output', output) }],
    succeeded: (output) => ({ type: 'TaskSucceeded', details: { ...label, ...dataDetails('output', output) } }),
    failed: (failure) => ({ type: 'TaskFailed', details: { ...label, ...errorDetails(failure) } }),
    timedOut: (failure) => ({ type: 'TaskTimedOut', details: { ...label, ...errorDetails(failure) } }),
  };
}

// ---- helpers -----------------------------------------------------------------------------------

/** Tokens look like the service's: long, opaque, URL-safe. */
function newTaskToken(): string {
  return `AQC${randomBytes(96).toString('base64url')}`;
}

/** `$$.Task.Token` evaluated to a placeholder (also inside intrinsics); put the attempt's token there. */
function withTaskToken(value: JsonValue, token: string): JsonValue {
  if (typeof value === 'string') return value.split(TASK_TOKEN_PLACEHOLDER).join(token);
  if (Array.isArray(value)) return value.map((item) => withTaskToken(item, token));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withTaskToken(v, token)]));
  return value;
}

function objectOf(value: JsonValue, what: string): Record<string, JsonValue> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new StatesRuntimeError(`${what} must be an object`);
  return value;
}

function stringOf(value: JsonValue | undefined, field: string): string {
  if (typeof value !== 'string' || value === '') throw new StatesRuntimeError(`the field ${field} is required`);
  return value;
}

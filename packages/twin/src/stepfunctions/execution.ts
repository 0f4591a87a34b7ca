// Runs one execution: the engine for each scope (the machine and every Parallel branch), the
// twin's handlers for Task/Wait/Parallel, the journal that makes a restart a
// deterministic replay, and the history. State-specific behaviour lives in the *-state modules.
import type { CancelTimer, TwinClock } from './clock';
import type { CompiledMachine, CompiledScope, HandlerInput, StateInfo } from './compile';
import { engineReady, nextTurn, runEngine, stateError, TASK_TOKEN_PLACEHOLDER, unwrapRunError, type EngineEvent, type LocalHandler } from './engine';
import { ExecutionInterrupted, isFatal, stateErrorOf } from './errors';
import { dataDetails, History, type Lane } from './history';
import { runParallel } from './parallel-state';
import { Scope, type Attempt, type FinalEvent, type ScopeOutcome, type StateHost } from './state-host';
import type { ExecutionRecord, Outcome, TokenOutcome } from './records';
import { runTask } from './task-state';
import type { EventDetails, JsonValue, LambdaInvoker, StartExecutionInput, StartExecutionOutput, StateMachineSpec } from './types';
import { runWait } from './wait-state';

/** What a Standard workflow may carry and hold, as AWS enforces it (Step Functions service quotas). */
export const LIMITS = {
  /** A state's input or output, in UTF-8 bytes: past it, the terminal States.DataLimitExceeded (no Catch takes it). */
  payloadBytes: 262_144,
  /** Events in one execution's history: the execution fails when it would go past. */
  historyEvents: 25_000,
  /** The longest a Standard execution runs, whatever its TimeoutSeconds: then it times out. */
  executionMs: 365 * 86_400_000,
} as const;

/** States the twin's handlers serve (everything but Pass/Choice/Succeed/Fail). */
type HandledState = Exclude<StateInfo, { kind: 'engine' }>;

export interface ExecutionRunDeps {
  clock: TwinClock;
  invokeLambda: LambdaInvoker;
  startChildExecution(input: StartExecutionInput): Promise<StartExecutionOutput>;
  registerToken(token: string, executionArn: string, key: string): void;
  save(record: ExecutionRecord): void;
  finished(record: ExecutionRecord): void;
  log(line: string): void;
}

export class ExecutionRun implements StateHost {
  readonly clock: TwinClock;
  readonly invokeLambda: LambdaInvoker;
  readonly region: string;
  readonly accountId: string;
  private readonly history: History;
  private readonly rootController = new AbortController();
  private readonly rootScope: Scope;
  private readonly tokenWaiters = new Map<string, () => void>();
  /** Current state per scope, for the monitor. */
  private readonly active = new Map<string, string>();
  private ended = false;
  private cancelTimeout: CancelTimer | undefined;

  constructor(
    readonly record: ExecutionRecord,
    private readonly spec: StateMachineSpec,
    private readonly compiled: CompiledMachine,
    private readonly deps: ExecutionRunDeps,
  ) {
    this.clock = deps.clock;
    this.invokeLambda = deps.invokeLambda;
    const [, , , region = 'us-east-1', accountId = '000000000000'] = spec.arn.split(':');
    this.region = region;
    this.accountId = accountId;
    this.history = new History(record, () => this.clock.nowMs());
    this.rootScope = new Scope('', { last: 0 }, this.rootController.signal);
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** Names of the states running now (several inside Parallel). */
  activeStates(): string[] {
    return [...this.active.values()];
  }

  /** Runs (or, after a restart, replays and continues) the execution. Never rejects. */
  async run(): Promise<void> {
    try {
      await engineReady();
      const started = {
        ...dataDetails('input', JSON.parse(this.record.input)),
        roleArn: this.roleArn,
        ...(this.record.stateMachineVersionArn ? { stateMachineVersionArn: this.record.stateMachineVersionArn } : {}),
        ...(this.record.stateMachineAliasArn ? { stateMachineAliasArn: this.record.stateMachineAliasArn } : {}),
      };
      this.history.append(this.rootScope.lane, 'Execution|Started', 'ExecutionStarted', started, 0, this.record.startDate);
      this.persist();
      this.cancelTimeout = this.clock.schedule(this.record.startDate + LIMITS.executionMs, () =>
        this.end('TIMED_OUT', { error: 'States.Timeout', cause: 'The execution ran for the maximum duration of a Standard workflow execution (1 year)' }),
      );
      const outcome = await this.runScope(this.rootScope, this.compiled.root, JSON.parse(this.record.input) as JsonValue);
      if (this.ended) return;
      if (outcome.ok) {
        this.end('SUCCEEDED', { output: JSON.stringify(outcome.output) });
      } else {
        const { error, cause } = failureOf(outcome.error);
        this.end('FAILED', { ...(error ? { error } : {}), ...(cause ? { cause } : {}) });
      }
    } catch (error) {
      this.deps.log(`execution ${this.record.executionArn} broke in the twin: ${(error as Error).stack ?? String(error)}`);
      if (!this.ended) this.end('FAILED', { error: 'States.Runtime', cause: `twin error: ${(error as Error).message}` });
    }
  }

  /** StopExecution. */
  abort(error?: string, cause?: string): void {
    this.end('ABORTED', { ...(error !== undefined ? { error } : {}), ...(cause !== undefined ? { cause } : {}) });
  }

  /** The twin is shutting down: stop everything without recording it; the execution stays RUNNING on disk. */
  interrupt(): void {
    if (this.ended) return;
    this.ended = true;
    this.cancelTimeout?.();
    this.rootController.abort(new ExecutionInterrupted('the twin is stopping'));
  }

  /** SendTaskSuccess/Failure stored a token outcome in the journal entry `key`: wake its waiter, if running. */
  tokenCompleted(key: string): void {
    this.tokenWaiters.get(key)?.();
  }

  // ---- StateHost ------------------------------------------------------------------------------

  now(): number {
    return this.clock.nowMs();
  }

  persist(): void {
    if (!this.ended) this.deps.save(this.record);
  }

  emit(lane: Lane, key: string, type: string, details?: EventDetails, previousEventId?: number): number {
    if (this.ended) return lane.last;
    const { id } = this.append(lane, key, type, details, previousEventId);
    this.persist();
    return id;
  }

  complete(attempt: Attempt, outcome: Outcome, event?: FinalEvent): JsonValue {
    if (this.ended || attempt.scope.signal.aborted) throw interruption(attempt.scope);
    if (event) this.append(attempt.scope.lane, `${attempt.key}|${event.type}`, event.type, event.details, event.previousEventId);
    if (this.ended) throw interruption(attempt.scope);
    attempt.entry.outcome = outcome;
    attempt.entry.endedAt = this.now();
    this.persist();
    return replay(outcome);
  }

  async runScope(scope: Scope, compiled: CompiledScope, input: JsonValue): Promise<ScopeOutcome> {
    const handlers: Record<string, LocalHandler> = {};
    for (const [name, info] of compiled.states) {
      if (info.kind !== 'engine') handlers[name] = (payload) => this.handle(scope, name, info, payload as unknown as HandlerInput);
    }
    const run = runEngine(compiled.machine, input, { handlers, noRetryPause: compiled.retryStates, context: this.context() });
    const abort = (): void => run.abort();
    if (scope.signal.aborted) abort();
    else scope.signal.addEventListener('abort', abort, { once: true });
    const drained = this.consume(scope, compiled, run.events);
    try {
      const output = await run.result;
      await drained;
      return { ok: true, output };
    } catch (error) {
      await drained;
      return { ok: false, error: unwrapRunError(error) };
    } finally {
      scope.signal.removeEventListener('abort', abort);
      this.active.delete(scope.id);
    }
  }

  childScope(parent: Scope, id: string, previousEventId: number, group: AbortSignal): Scope {
    return new Scope(id, { last: previousEventId }, AbortSignal.any([parent.signal, group]));
  }

  context(extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      Execution: {
        Id: this.record.executionArn,
        Name: this.record.name,
        RoleArn: this.roleArn,
        StartTime: new Date(this.record.startDate).toISOString(),
      },
      StateMachine: { Id: this.spec.arn, Name: this.spec.name },
      Task: { Token: TASK_TOKEN_PLACEHOLDER },
      ...extra,
    };
  }

  registerToken(attempt: Attempt, token: string): void {
    this.deps.registerToken(token, this.record.executionArn, attempt.key);
  }

  waitForToken(attempt: Attempt): Promise<TokenOutcome> {
    const arrived = attempt.entry.tokenOutcome;
    if (arrived) return Promise.resolve(arrived);
    return new Promise<TokenOutcome>((resolve, reject) => {
      const { signal } = attempt.scope;
      const onAbort = (): void => {
        this.tokenWaiters.delete(attempt.key);
        reject(signal.reason);
      };
      this.tokenWaiters.set(attempt.key, () => {
        const outcome = attempt.entry.tokenOutcome;
        if (!outcome) return;
        this.tokenWaiters.delete(attempt.key);
        signal.removeEventListener('abort', onAbort);
        resolve(outcome);
      });
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  startChildExecution(input: StartExecutionInput): Promise<StartExecutionOutput> {
    return this.deps.startChildExecution(input);
  }

  // ---- internals ------------------------------------------------------------------------------

  private get roleArn(): string {
    return this.spec.roleArn ?? `arn:aws:iam::${this.accountId}:role/${this.spec.name}-role`;
  }

  /** Turns the engine's event log of one scope into history events (entered/exited) and retry marks. */
  private async consume(scope: Scope, compiled: CompiledScope, events: AsyncGenerator<EngineEvent>): Promise<void> {
    for await (const event of events) {
      // Keep draining after an abort so the generator finishes, but record nothing more.
      if (this.ended || scope.signal.aborted || !event.state) continue;
      const name = event.state.name;
      const info: StateInfo | undefined = compiled.states.get(name);
      if (!info) continue;
      if (event.type === 'StateEntered') {
        const n = (scope.entered.get(name) ?? 0) + 1;
        scope.entered.set(name, n);
        const input = dataDetails('input', event.state.input);
        if (this.overPayloadLimit(name, 'input', input.input as string)) continue;
        const { appended } = this.append(scope.lane, `${scope.id}|${name}@${n}|Entered`, `${info.type}StateEntered`, { name, ...input });
        if (appended) this.record.stateTransitions += 1;
        this.active.set(scope.id, name);
        this.persist();
      } else if (event.type === 'StateExited') {
        const n = scope.entered.get(name) ?? 1;
        const output = dataDetails('output', event.state.output);
        if (this.overPayloadLimit(name, 'output', output.output as string)) continue;
        if (info.type !== 'Fail') this.append(scope.lane, `${scope.id}|${name}@${n}|Exited`, `${info.type}StateExited`, { name, ...output });
        this.active.delete(scope.id);
        this.persist();
      } else if (event.type === 'StateRetried' && event.retry) {
        scope.pendingRetry = { stateName: name, retrier: event.retry.retrier, attempt: event.retry.attempt };
      }
    }
  }

  /** Every rewritten state's handler: journal lookup (replay), retry pause, then the state's own logic. */
  private async handle(scope: Scope, stateName: string, info: HandledState, input: HandlerInput): Promise<JsonValue> {
    // The engine calls handlers synchronously after dispatching StateEntered/StateRetried; let those reach us first.
    await nextTurn();
    if (this.ended || scope.signal.aborted) throw interruption(scope);
    const call = (scope.calls.get(stateName) ?? 0) + 1;
    scope.calls.set(stateName, call);
    const key = `${scope.id}|${stateName}#${call}`;
    const entry = (this.record.journal[key] ??= {});
    const retry = scope.pendingRetry?.stateName === stateName ? scope.pendingRetry : undefined;
    scope.pendingRetry = undefined;
    if (entry.outcome) return replay(entry.outcome);
    if (entry.cancelled) return untilAborted(scope);

    const enteredKey = `${scope.id}|${stateName}@${scope.entered.get(stateName) ?? 1}|Entered`;
    const attempt: Attempt = { scope, stateName, key, entry, enteredAt: this.history.timestampOf(enteredKey) ?? this.now() };
    try {
      if (retry) {
        const failedAt = this.record.journal[`${scope.id}|${stateName}#${call - 1}`]?.endedAt ?? this.now();
        await this.pauseBeforeRetry(attempt, failedAt, retry.retrier, retry.attempt);
      }
      return await this.perform(attempt, info, input);
    } catch (error) {
      if (this.ended) throw interruption(scope);
      if (scope.signal.aborted) {
        entry.cancelled = true;
        this.persist();
        throw interruption(scope);
      }
      if (error instanceof ExecutionInterrupted) throw error;
      if (entry.outcome) throw error;
      const failure = stateErrorOf(error);
      return this.complete(attempt, { ok: false, ...failure, ...(isFatal(error) ? { fatal: true } : {}) });
    }
  }

  private perform(attempt: Attempt, info: HandledState, input: HandlerInput): Promise<JsonValue> | JsonValue {
    switch (info.kind) {
      case 'const':
        return this.complete(attempt, { ok: true, value: info.value });
      case 'wait':
        return runWait(this, attempt, info, input);
      case 'task':
        return runTask(this, attempt, info, input);
      case 'parallel':
        return runParallel(this, attempt, info, input.p);
    }
  }

  /** Retry's IntervalSeconds × BackoffRate^(attempt-1), capped and jittered, on the virtual clock. */
  private async pauseBeforeRetry(attempt: Attempt, failedAt: number, retrier: Record<string, unknown>, retryNumber: number): Promise<void> {
    const { entry } = attempt;
    if (!entry.retried) {
      entry.retried = true;
      // Standard pricing counts a retry as a state transition.
      this.record.stateTransitions += 1;
    }
    entry.notBefore ??= failedAt + retryDelayMs(retrier, retryNumber);
    this.persist();
    await this.clock.until(entry.notBefore, attempt.scope.signal);
  }

  /** Appends a history event; the event that would pass the history limit fails the execution instead. */
  private append(lane: Lane, key: string, type: string, details?: EventDetails, previousEventId?: number): { id: number; appended: boolean } {
    // Keep the last place for the ExecutionFailed event itself.
    if (this.record.history.length >= LIMITS.historyEvents - 1 && !this.ended) {
      this.end('FAILED', { error: 'States.Runtime', cause: `The execution reached the maximum number of history events (${LIMITS.historyEvents}).` });
      return { id: lane.last, appended: false };
    }
    return this.history.append(lane, key, type, details, previousEventId);
  }

  /** A state input or output over the payload quota ends the execution (States.DataLimitExceeded is terminal). */
  private overPayloadLimit(stateName: string, field: 'input' | 'output', json: string): boolean {
    if (Buffer.byteLength(json) <= LIMITS.payloadBytes) return false;
    this.end('FAILED', {
      error: 'States.DataLimitExceeded',
      cause: `The state/task '${stateName}' ${field === 'input' ? 'received an input' : 'returned a result'} with a size exceeding the maximum number of bytes service limit.`,
    });
    return true;
  }

  private end(status: 'SUCCEEDED' | 'FAILED' | 'ABORTED' | 'TIMED_OUT', fields: { output?: string; error?: string; cause?: string }): void {
    if (this.ended) return;
    const type = { SUCCEEDED: 'ExecutionSucceeded', FAILED: 'ExecutionFailed', ABORTED: 'ExecutionAborted', TIMED_OUT: 'ExecutionTimedOut' }[status];
    const details: EventDetails =
      status === 'SUCCEEDED'
        ? { output: fields.output ?? 'null', outputDetails: { truncated: false } }
        : { ...(fields.error !== undefined ? { error: fields.error } : {}), ...(fields.cause !== undefined ? { cause: fields.cause } : {}) };
    this.history.append(this.rootScope.lane, `Execution|${type}`, type, details);
    Object.assign(this.record, fields, { status, stopDate: this.now() });
    this.deps.save(this.record);
    this.ended = true;
    this.cancelTimeout?.();
    // Branches, waits and token tasks still pending end here.
    this.rootController.abort(new ExecutionInterrupted(`execution ${status.toLowerCase()}`));
    this.deps.finished(this.record);
  }
}

/** A cancelled attempt met again in a replay: it ends the way it did, when its scope is cut off again. */
function untilAborted(scope: Scope): Promise<never> {
  return new Promise<never>((_, reject) => {
    if (scope.signal.aborted) reject(interruption(scope));
    else scope.signal.addEventListener('abort', () => reject(interruption(scope)), { once: true });
  });
}

function interruption(scope: Scope): ExecutionInterrupted {
  const reason: unknown = scope.signal.reason;
  return reason instanceof ExecutionInterrupted ? reason : new ExecutionInterrupted('execution ended');
}

/** A journaled outcome as the engine must see it again: the value, or an error Retry/Catch match as before. */
function replay(outcome: Outcome): JsonValue {
  if (outcome.ok) return outcome.value;
  const error = stateError(outcome.error, outcome.cause);
  if (outcome.fatal) Object.assign(error, { isRetryable: false, isCatchable: false });
  throw error;
}

/** Error and cause of a failed run; a Fail state without Error/Cause reports neither, as in AWS. */
function failureOf(error: unknown): { error?: string; cause?: string } {
  const { error: name, cause } = stateErrorOf(error);
  return {
    ...(name && name !== 'FailStateError' ? { error: name } : {}),
    ...(cause && cause !== 'Execution failed because of a Fail state' ? { cause } : {}),
  };
}

export function retryDelayMs(retrier: Record<string, unknown>, retryNumber: number): number {
  const interval = typeof retrier.IntervalSeconds === 'number' ? retrier.IntervalSeconds : 1;
  const backoff = typeof retrier.BackoffRate === 'number' ? retrier.BackoffRate : 2;
  let seconds = interval * backoff ** Math.max(0, retryNumber - 1);
  if (typeof retrier.MaxDelaySeconds === 'number') seconds = Math.min(seconds, retrier.MaxDelaySeconds);
  const ms = Math.round(seconds * 1000);
  return retrier.JitterStrategy === 'FULL' ? Math.floor(Math.random() * (ms + 1)) : ms;
}

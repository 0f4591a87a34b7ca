// What the state implementations (task, wait, parallel) see of the execution running them, apart
// from the run itself (execution.ts), so the state modules and the run do not import each other.
import type { TwinClock } from './clock';
import type { CompiledScope } from './compile';
import type { Lane } from './history';
import type { JournalEntry, Outcome, TokenOutcome } from './records';
import type { EventDetails, JsonValue, LambdaInvoker, StartExecutionInput, StartExecutionOutput } from './types';

/** A branch of control: the machine or a Parallel branch. One state runs at a time in it. */
export class Scope {
  /** Handler calls per state: with the scope id, the journal key of each attempt. */
  readonly calls = new Map<string, number>();
  readonly entered = new Map<string, number>();
  /** Set by the engine's StateRetried event, read by the next attempt of that state. */
  pendingRetry: { stateName: string; retrier: Record<string, unknown>; attempt: number } | undefined;

  constructor(
    readonly id: string,
    readonly lane: Lane,
    readonly signal: AbortSignal,
  ) {}
}

export type ScopeOutcome = { ok: true; output: JsonValue } | { ok: false; error: unknown };

/** One handler call: its journal entry is the memory that survives a restart. */
export interface Attempt {
  scope: Scope;
  stateName: string;
  key: string;
  entry: JournalEntry;
  /** Virtual time the state was entered (a Wait counts from here, as in AWS). */
  enteredAt: number;
}

export interface FinalEvent {
  type: string;
  details?: EventDetails;
  previousEventId?: number;
}

/** What the state implementations (task, wait, parallel) use of the run. */
export interface StateHost {
  readonly clock: TwinClock;
  readonly invokeLambda: LambdaInvoker;
  readonly region: string;
  readonly accountId: string;
  now(): number;
  persist(): void;
  emit(lane: Lane, key: string, type: string, details?: EventDetails, previousEventId?: number): number;
  /** Journals the attempt's outcome together with its final event; returns the value or throws the state error. */
  complete(attempt: Attempt, outcome: Outcome, event?: FinalEvent): JsonValue;
  runScope(scope: Scope, compiled: CompiledScope, input: JsonValue): Promise<ScopeOutcome>;
  childScope(parent: Scope, id: string, previousEventId: number, group: AbortSignal): Scope;
  context(extra?: Record<string, unknown>): Record<string, unknown>;
  registerToken(attempt: Attempt, token: string): void;
  waitForToken(attempt: Attempt): Promise<TokenOutcome>;
  startChildExecution(input: StartExecutionInput): Promise<StartExecutionOutput>;
}


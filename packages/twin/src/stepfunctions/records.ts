// What the twin keeps per execution (in memory and, with a stateDir, on disk): the AWS-visible
// facts plus the journal that lets a restarted twin replay the execution deterministically.
import type { EventDetails, ExecutionStatus, JsonValue } from './types';

export interface StoredEvent {
  id: number;
  previousEventId: number;
  /** Virtual time, epoch milliseconds. */
  timestamp: number;
  type: string;
  details?: EventDetails;
  /** Stable identity of the event within the execution; a replay that reaches it again does not repeat it. */
  key: string;
}

export type Outcome =
  | { ok: true; value: JsonValue }
  /** `fatal`: a States.Runtime error, which Retry/Catch never match. */
  | { ok: false; error: string; cause: string; fatal?: boolean };

/** A completion that arrived through the API for a task waiting on a token. */
export type TokenOutcome = { ok: true; output: JsonValue } | { ok: false; error?: string; cause?: string };

/** One handler call (an attempt of a Task, a Wait, a Parallel or Map run), keyed by scope, state and call number. */
export interface JournalEntry {
  /** Virtual time the attempt started: the base of TimeoutSeconds. */
  startedAt?: number;
  /** A retry attempt: already counted as a state transition; `notBefore` is when its pause ends. */
  retried?: boolean;
  notBefore?: number;
  /** Wait states: when the wait ends. */
  until?: number;
  taskToken?: string;
  /** The Lambda of a waitForTaskToken task has been invoked: don't invoke it again on replay. */
  submitted?: boolean;
  childExecutionArn?: string;
  childStartDate?: number;
  tokenOutcome?: TokenOutcome;
  outcome?: Outcome;
  /** Cut off because a sibling branch or iteration failed: its token is dead; a replay waits for the same cut. */
  cancelled?: boolean;
  /** When the outcome was journaled: a retry's pause counts from the failed attempt's end. */
  endedAt?: number;
}

export interface ExecutionRecord {
  version: 1;
  executionArn: string;
  stateMachineArn: string;
  /** The definition the execution started with: as in AWS, an update does not change running executions. */
  definition: Record<string, unknown>;
  /** The version (and alias) it was started through; its definition is that version's. */
  stateMachineVersionArn?: string;
  stateMachineAliasArn?: string;
  name: string;
  /** The execution input as sent (JSON text). */
  input: string;
  status: ExecutionStatus;
  startDate: number;
  stopDate?: number;
  output?: string;
  error?: string;
  cause?: string;
  traceHeader?: string;
  history: StoredEvent[];
  journal: Record<string, JournalEntry>;
  stateTransitions: number;
}

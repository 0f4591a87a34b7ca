// Parallel runs its branches as scopes of their own (one engine run each), so every nested attempt
// has a stable journal key and the history shows the service's Parallel* events in causal order.
import type { ParallelInfo } from './compile';
import { nextTurn } from './engine';
import { ExecutionInterrupted } from './errors';
import type { Attempt, Scope, ScopeOutcome, StateHost } from './state-host';
import type { JsonValue } from './types';

export async function runParallel(host: StateHost, attempt: Attempt, info: ParallelInfo, input: JsonValue): Promise<JsonValue> {
  const { lane } = attempt.scope;
  const startedId = host.emit(lane, `${attempt.key}|Started`, 'ParallelStateStarted');
  const group = new AbortController();
  const scopes = info.branches.map((_, index) => host.childScope(attempt.scope, `${attempt.key}/${index}`, startedId, group.signal));
  const runs = scopes.map((scope, index) => host.runScope(scope, info.branches[index]!, input));
  try {
    const outputs = await Promise.all(runs.map((run) => run.then(outputOrThrow)));
    return host.complete(attempt, { ok: true, value: outputs }, { type: 'ParallelStateSucceeded', previousEventId: lastOf(startedId, scopes) });
  } catch (error) {
    if (attempt.scope.signal.aborted) throw error;
    // The failed branch is done; let the others' pending events land before cutting them off.
    await nextTurn();
    group.abort(new ExecutionInterrupted('another branch failed'));
    await Promise.allSettled(runs);
    host.emit(lane, `${attempt.key}|Failed`, 'ParallelStateFailed', undefined, lastOf(startedId, scopes));
    throw error;
  }
}

function outputOrThrow(outcome: ScopeOutcome): JsonValue {
  if (!outcome.ok) throw outcome.error;
  return outcome.output;
}

function lastOf(startedId: number, scopes: Scope[]): number {
  return Math.max(startedId, ...scopes.map((scope) => scope.lane.last));
}

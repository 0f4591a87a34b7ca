// Parallel and Map run their branches / iterations as scopes of their own (one engine run each),
// so every nested attempt has a stable journal key and the history shows the service's
// Parallel*/Map* events in causal order.
import type { HandlerInput, MapInfo, ParallelInfo } from './compile';
import { evaluatePayloadTemplate, nextTurn } from './engine';
import { ExecutionInterrupted, StatesRuntimeError } from './errors';
import type { Attempt, Scope, ScopeOutcome, StateHost } from './execution';
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

export async function runMap(host: StateHost, attempt: Attempt, info: MapInfo, input: HandlerInput): Promise<JsonValue> {
  const items = input.items;
  if (!Array.isArray(items)) throw new StatesRuntimeError('the Map input (or its ItemsPath) must be an array');
  const concurrency = mapConcurrency(input.mc ?? info.maxConcurrency, items.length);
  const { lane } = attempt.scope;
  const mapName = attempt.stateName;
  const startedId = host.emit(lane, `${attempt.key}|Started`, 'MapStateStarted', { length: items.length });
  const group = new AbortController();
  const scopes: Scope[] = [];
  const outputs: JsonValue[] = new Array<JsonValue>(items.length).fill(null);
  let failure: { error: unknown } | undefined;
  let next = 0;

  const iterate = async (index: number): Promise<void> => {
    const scope = host.childScope(attempt.scope, `${attempt.key}[${index}]`, startedId, group.signal);
    scopes.push(scope);
    const details = { name: mapName, index };
    const eventKey = `${attempt.key}|Iteration${index}`;
    host.emit(scope.lane, `${eventKey}|Started`, 'MapIterationStarted', details);
    let outcome: ScopeOutcome;
    try {
      const item = items[index] ?? null;
      // ItemSelector sees the Map's input as $ and the item as $$.Map.Item.
      const itemInput =
        info.itemSelector === undefined ? item : await evaluatePayloadTemplate(info.itemSelector, input.p, host.context({ Map: { Item: { Index: index, Value: item } } }));
      outcome = await host.runScope(scope, info.processor, itemInput);
    } catch (error) {
      outcome = { ok: false, error };
    }
    if (outcome.ok) {
      outputs[index] = outcome.output;
      host.emit(scope.lane, `${eventKey}|Succeeded`, 'MapIterationSucceeded', details);
    } else if (scope.signal.aborted) {
      host.emit(scope.lane, `${eventKey}|Aborted`, 'MapIterationAborted', details);
    } else {
      failure ??= { error: outcome.error };
      host.emit(scope.lane, `${eventKey}|Failed`, 'MapIterationFailed', details);
      await nextTurn();
      group.abort(new ExecutionInterrupted('another iteration failed'));
    }
  };
  const worker = async (): Promise<void> => {
    while (next < items.length && !failure && !group.signal.aborted) await iterate(next++);
  };
  await Promise.all(Array.from({ length: concurrency }, () => worker()));

  if (attempt.scope.signal.aborted) throw attempt.scope.signal.reason;
  if (failure) {
    host.emit(lane, `${attempt.key}|Failed`, 'MapStateFailed', undefined, lastOf(startedId, scopes));
    throw failure.error;
  }
  return host.complete(attempt, { ok: true, value: outputs }, { type: 'MapStateSucceeded', previousEventId: lastOf(startedId, scopes) });
}

function outputOrThrow(outcome: ScopeOutcome): JsonValue {
  if (!outcome.ok) throw outcome.error;
  return outcome.output;
}

function lastOf(startedId: number, scopes: Scope[]): number {
  return Math.max(startedId, ...scopes.map((scope) => scope.lane.last));
}

/** MaxConcurrency 0 (or absent) means no limit; workers never outnumber items. */
function mapConcurrency(value: JsonValue | undefined, itemCount: number): number {
  if (value === undefined || value === null || value === 0) return Math.max(1, itemCount);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new StatesRuntimeError(`MaxConcurrency must be a non-negative integer, got ${JSON.stringify(value)}`);
  return Math.max(1, Math.min(value, itemCount));
}

// Rewrites an ASL definition into what the engine runs: Task, Wait and Parallel become Task
// states served by twin handlers (so time, tokens, journaling and history are the twin's), the rest
// stays with the engine. Unsupported features fail here, at start-up, not mid-execution.
import { createEngineMachine, type EngineMachine } from './engine';
import { normalizeResultPath } from '../json-path';
import { parseResource, type Integration } from './resources';
import type { JsonValue } from './types';

/** What the engine sees as the rewritten state's TimeoutSeconds: its real-time guard must never fire first. */
const ENGINE_GUARD_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

export interface TaskInfo {
  kind: 'task';
  type: 'Task';
  resource: string;
  integration: Integration;
  timeoutSeconds?: number;
}
export interface WaitInfo {
  kind: 'wait';
  type: 'Wait';
  seconds?: number;
  timestamp?: string;
}
export interface ParallelInfo {
  kind: 'parallel';
  type: 'Parallel';
  branches: CompiledScope[];
}
/** A Pass with a falsy Result (0, false, "", null), which the engine would ignore. */
export interface ConstInfo {
  kind: 'const';
  type: 'Pass';
  value: JsonValue;
}
export interface EngineInfo {
  kind: 'engine';
  type: 'Pass' | 'Choice' | 'Succeed' | 'Fail';
}
export type StateInfo = TaskInfo | WaitInfo | ParallelInfo | ConstInfo | EngineInfo;

/** One States/StartAt block (the machine itself or a Parallel branch). */
export interface CompiledScope {
  machine: EngineMachine;
  states: Map<string, StateInfo>;
  /** Rewritten states with Retry: the twin pauses between their attempts on the virtual clock. */
  retryStates: string[];
}

export interface CompiledMachine {
  root: CompiledScope;
}

/**
 * The object a rewritten state's handler receives (the engine builds it from Parameters, so paths
 * are evaluated by the engine against the state's effective input).
 */
export interface HandlerInput {
  /** Effective input/payload: after InputPath and the original Parameters. */
  p: JsonValue;
  /** SecondsPath / TimestampPath values of a Wait. */
  s?: JsonValue;
  ts?: JsonValue;
}

const UNSUPPORTED_EVERYWHERE = ['Assign', 'Arguments', 'Output', 'Credentials'] as const;
/** Task fields no definition of this project uses, so the twin does not run them (it did until issue #17). */
const UNSUPPORTED_IN_TASKS = ['HeartbeatSeconds', 'HeartbeatSecondsPath', 'TimeoutSecondsPath'] as const;

type AslState = Record<string, unknown>;

export function compileDefinition(stateMachine: string, definition: Record<string, unknown>): CompiledMachine {
  const problems: string[] = [];
  if (definition.QueryLanguage === 'JSONata') problems.push('QueryLanguage JSONata is not supported by the local engine; use JSONPath');
  // Executions time out after a year, as in AWS; no definition of this project sets a shorter TimeoutSeconds.
  if ('TimeoutSeconds' in definition) problems.push('a state machine TimeoutSeconds is not supported by the twin');
  const root = compileScope(definition, problems);
  if (problems.length > 0) throw new Error(`state machine ${stateMachine} cannot run in the twin:\n  ${problems.join('\n  ')}`);
  return { root };
}

function compileScope(block: Record<string, unknown>, problems: string[]): CompiledScope {
  const states = new Map<string, StateInfo>();
  const rewritten: Record<string, AslState> = {};
  const retryStates: string[] = [];
  for (const [name, raw] of Object.entries((block.States ?? {}) as Record<string, AslState>)) {
    const where = `state '${name}'`;
    for (const field of UNSUPPORTED_EVERYWHERE) if (field in raw) problems.push(`${where}: ${field} is not supported by the local engine`);
    if (raw.QueryLanguage === 'JSONata') problems.push(`${where}: JSONata is not supported by the local engine`);
    try {
      const { info, state } = compileState(raw, problems);
      states.set(name, info);
      rewritten[name] = state;
      if (info.kind !== 'engine' && Array.isArray(raw.Retry) && raw.Retry.length > 0) retryStates.push(name);
    } catch (error) {
      problems.push(`${where}: ${(error as Error).message}`);
    }
  }
  const engineDefinition: Record<string, unknown> = { StartAt: block.StartAt, States: rewritten };
  return { machine: createEngineMachine(engineDefinition), states, retryStates };
}

function compileState(raw: AslState, problems: string[]): { info: StateInfo; state: AslState } {
  switch (raw.Type) {
    case 'Task':
      return compileTask(raw);
    case 'Wait':
      return compileWait(raw);
    case 'Parallel': {
      const branches = ((raw.Branches ?? []) as Record<string, unknown>[]).map((branch) => compileScope(branch, problems));
      return { info: { kind: 'parallel', type: 'Parallel', branches }, state: handlerState(raw, 'twin:parallel', payloadWrapper(raw)) };
    }
    case 'Map':
      // No definition of this project uses Map, so the twin does not run it (it did until issue #17).
      throw new Error('Map is not supported by the twin');
    case 'Pass':
      if ('Result' in raw && !raw.Result) {
        return { info: { kind: 'const', type: 'Pass', value: raw.Result as JsonValue }, state: handlerState(raw, 'twin:const', payloadWrapper(raw)) };
      }
      return { info: { kind: 'engine', type: 'Pass' }, state: withNormalizedPaths(raw) };
    case 'Choice':
    case 'Succeed':
    case 'Fail':
      return { info: { kind: 'engine', type: raw.Type }, state: withNormalizedPaths(raw) };
    default:
      throw new Error(`unknown state type ${String(raw.Type)}`);
  }
}

function compileTask(raw: AslState): { info: TaskInfo; state: AslState } {
  const resource = String(raw.Resource);
  const integration = parseResource(resource);
  if (!integration) throw new Error(`resource ${resource} is not supported by the twin (lambda:invoke, lambda:invoke.waitForTaskToken, a Lambda function ARN, states:startExecution)`);
  for (const field of UNSUPPORTED_IN_TASKS) if (field in raw) throw new Error(`${field} is not supported by the twin`);
  const info: TaskInfo = { kind: 'task', type: 'Task', resource, integration };
  if (typeof raw.TimeoutSeconds === 'number') info.timeoutSeconds = raw.TimeoutSeconds;
  return { info, state: handlerState(raw, resource, payloadWrapper(raw)) };
}

function compileWait(raw: AslState): { info: WaitInfo; state: AslState } {
  const parameters: Record<string, JsonValue> = { 'p.$': '$' };
  if (typeof raw.SecondsPath === 'string') parameters['s.$'] = raw.SecondsPath;
  if (typeof raw.TimestampPath === 'string') parameters['ts.$'] = raw.TimestampPath;
  const info: WaitInfo = { kind: 'wait', type: 'Wait' };
  if (typeof raw.Seconds === 'number') info.seconds = raw.Seconds;
  if (typeof raw.Timestamp === 'string') info.timestamp = raw.Timestamp;
  return { info, state: handlerState(raw, 'twin:wait', parameters) };
}

/** The original Parameters (or the whole effective input) under "p", so extra paths can sit beside it. */
function payloadWrapper(raw: AslState): Record<string, JsonValue> {
  return 'Parameters' in raw ? { p: raw.Parameters as JsonValue } : { 'p.$': '$' };
}

/** A Task state the twin's handler serves, keeping the original's data flow, Retry/Catch and transition. */
function handlerState(raw: AslState, resource: string, parameters: Record<string, JsonValue>): AslState {
  const state: AslState = { Type: 'Task', Resource: resource, Parameters: parameters, TimeoutSeconds: ENGINE_GUARD_SECONDS };
  for (const field of ['Comment', 'InputPath', 'ResultSelector', 'ResultPath', 'OutputPath', 'Retry', 'Catch', 'Next', 'End'] as const) {
    if (field in raw) state[field] = raw[field];
  }
  return withNormalizedPaths(state);
}

function withNormalizedPaths(state: AslState): AslState {
  const result: AslState = { ...state };
  if ('ResultPath' in result) {
    const normalized = normalizeResultPath(result.ResultPath as string | null);
    if (normalized === undefined) delete result.ResultPath;
    else result.ResultPath = normalized;
  }
  if (Array.isArray(result.Catch)) {
    result.Catch = (result.Catch as Record<string, unknown>[]).map((catcher) => {
      if (!('ResultPath' in catcher)) return catcher;
      const normalized = normalizeResultPath(catcher.ResultPath as string | null);
      const copy = { ...catcher };
      if (normalized === undefined) delete copy.ResultPath;
      else copy.ResultPath = normalized;
      return copy;
    });
  }
  return result;
}

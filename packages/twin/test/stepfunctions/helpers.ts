// Shared set-up for the Step Functions twin tests: ARNs, fixture functions behind a LambdaInvoker,
// twins that are stopped after each test, and polling helpers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FunctionHost } from '../../src/function-host.js';
import { StepFunctionsTwin, TwinClock, type HistoryEvent, type LambdaInvoker, type StateMachineSpec } from '../../src/stepfunctions/index.js';

export const REGION = 'eu-west-1';
export const ACCOUNT = '123456789012';
export const machineArn = (name: string): string => `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${name}`;
export const functionArn = (name: string): string => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;

export function spec(name: string, definition: Record<string, unknown>): StateMachineSpec {
  return { arn: machineArn(name), name, regionId: 'kennemerland', definition };
}

const SFN_FIXTURE = fileURLToPath(new URL('../fixtures/functions/sfn/', import.meta.url));

/** The fixture's handlers as Lambda functions (worker threads) on the given clock. */
export function fixtureFunctions(clock: TwinClock, names: string[]): { invoker: LambdaInvoker; hosts: FunctionHost[] } {
  const hosts = new Map<string, FunctionHost>();
  for (const name of names) {
    hosts.set(
      functionArn(name),
      new FunctionHost(
        { name: `test/${name}`, codeDir: SFN_FIXTURE, handler: `index.${name}`, environment: { AWS_REGION: REGION, AWS_LAMBDA_FUNCTION_NAME: name }, timeoutSeconds: 10 },
        // One environment each, so module state (the flaky counter) is shared across invocations.
        { quiet: true, clock, maxEnvironments: 1, accountId: ACCOUNT },
      ),
    );
  }
  const invoker: LambdaInvoker = async (arn, payload) => {
    const host = hosts.get(arn);
    if (!host) return { ok: false, errorType: 'Lambda.ResourceNotFoundException', errorMessage: `Function not found: ${arn}` };
    const result = await host.invoke(payload);
    return result.ok ? { ok: true, result: result.result } : { ok: false, errorType: result.errorType, errorMessage: result.errorMessage };
  };
  return { invoker, hosts: [...hosts.values()] };
}

/** An in-process invoker that records calls; `handlers` by function name. */
export function inProcessFunctions(handlers: Record<string, (payload: unknown) => unknown>): { invoker: LambdaInvoker; calls: Array<{ name: string; payload: unknown }> } {
  const calls: Array<{ name: string; payload: unknown }> = [];
  const invoker: LambdaInvoker = async (arn, payload) => {
    const name = arn.slice(arn.lastIndexOf(':') + 1);
    calls.push({ name, payload });
    const handler = handlers[name];
    if (!handler) return { ok: false, errorType: 'Lambda.ResourceNotFoundException', errorMessage: `Function not found: ${arn}` };
    try {
      return { ok: true, result: await handler(payload) };
    } catch (error) {
      return { ok: false, errorType: (error as Error).name, errorMessage: (error as Error).message };
    }
  };
  return { invoker, calls };
}

/** Everything a test started, stopped afterwards. */
export class Fixture {
  readonly twins: StepFunctionsTwin[] = [];
  readonly hosts: FunctionHost[] = [];
  readonly dirs: string[] = [];

  twin(options: { stateMachines: StateMachineSpec[]; invokeLambda: LambdaInvoker; clock: TwinClock; stateDir?: string }): StepFunctionsTwin {
    const twin = new StepFunctionsTwin({ ...options, log: () => undefined });
    this.twins.push(twin);
    return twin;
  }

  tempDir(): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'sfn-twin-'));
    this.dirs.push(dir);
    return dir;
  }

  async cleanup(): Promise<void> {
    for (const twin of this.twins.splice(0)) await twin.stop();
    await Promise.all(this.hosts.splice(0).map((h) => h.stop()));
    for (const dir of this.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}

/** Polls until `probe` returns a value other than undefined/false. */
export async function waitFor<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function detailsOf(event: HistoryEvent): Record<string, unknown> {
  const entry = Object.entries(event).find(([key]) => key.endsWith('EventDetails'));
  return (entry?.[1] as Record<string, unknown> | undefined) ?? {};
}

/** Names of the states entered, in history order. */
export function enteredStates(events: HistoryEvent[]): string[] {
  return events.filter((e) => e.type.endsWith('StateEntered')).map((e) => String(detailsOf(e).name));
}

/** The whole history (the twin answers it in one page). */
export async function history(twin: StepFunctionsTwin, executionArn: string): Promise<HistoryEvent[]> {
  return (await twin.getExecutionHistory({ executionArn })).events;
}

/** Waits until the execution has a pending token task in `stateName`; returns its token. */
export function tokenFor(twin: StepFunctionsTwin, executionArn: string, stateName: string): Promise<string> {
  return waitFor(() => twin.pendingTasks(executionArn).find((t) => t.stateName === stateName)?.taskToken, `a task token in ${stateName}`);
}

/** Waits until the history shows `stateName` entered (e.g. a Wait the test then skips with the clock). */
export function entered(twin: StepFunctionsTwin, executionArn: string, stateName: string): Promise<true> {
  return waitFor(async () => enteredStates(await history(twin, executionArn)).includes(stateName), `${stateName} to be entered`);
}

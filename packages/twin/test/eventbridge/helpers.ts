// Shared set-up for the EventBridge twin tests: ARNs, fixture functions behind an invoker that records
// every invocation, a SigV4-signed JSON-protocol client (the SDK's client-eventbridge is not installed),
// and twins that are stopped after each test.
import { fileURLToPath } from 'node:url';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { FunctionHost } from '../../src/function-host.js';
import { EventBridgeTwin, type EventBridgeTwinOptions, type LambdaInvoker } from '../../src/eventbridge/index.js';
import { TwinClock } from '../../src/stepfunctions/index.js';

export const REGION = 'eu-west-1';
export const ACCOUNT = '000000000000';
export const CREDENTIALS = { accessKeyId: 'AKIDLOCALTWIN', secretAccessKey: 'local-twin-secret' };
export const busArn = (name: string, region = REGION): string => `arn:aws:events:${region}:${ACCOUNT}:event-bus/${name}`;
export const ruleArn = (bus: string, name: string, region = REGION): string => `arn:aws:events:${region}:${ACCOUNT}:rule/${bus === 'default' ? '' : `${bus}/`}${name}`;
export const functionArn = (name: string, region = REGION): string => `arn:aws:lambda:${region}:${ACCOUNT}:function:${name}`;

const FIXTURE = fileURLToPath(new URL('../fixtures/functions/eventbridge/', import.meta.url));

export interface Invocation {
  name: string;
  payload: unknown;
  ok: boolean;
  errorType?: string;
}

/** The fixture's handlers as Lambda functions (worker threads), one environment each so module state persists. */
export function fixtureFunctions(clock: TwinClock, names: string[]): { invoker: LambdaInvoker; calls: Invocation[]; hosts: FunctionHost[] } {
  const hosts = new Map<string, FunctionHost>();
  for (const name of names) {
    hosts.set(
      functionArn(name),
      new FunctionHost({ name: `test/${name}`, codeDir: FIXTURE, handler: `index.${name}`, environment: { AWS_REGION: REGION }, timeoutSeconds: 10 }, { quiet: true, clock, maxEnvironments: 1, accountId: ACCOUNT }),
    );
  }
  const calls: Invocation[] = [];
  const invoker: LambdaInvoker = async (arn, payload) => {
    const name = arn.slice(arn.lastIndexOf(':') + 1);
    const host = hosts.get(arn);
    if (!host) {
      calls.push({ name, payload, ok: false, errorType: 'ResourceNotFoundException' });
      return { ok: false, errorType: 'ResourceNotFoundException', errorMessage: `Function not found: ${arn}` };
    }
    const result = await host.invoke(payload);
    calls.push({ name, payload, ok: result.ok, ...(result.ok ? {} : { errorType: result.errorType }) });
    return result.ok ? { ok: true, result: result.result } : { ok: false, errorType: result.errorType, errorMessage: result.errorMessage };
  };
  return { invoker, calls, hosts: [...hosts.values()] };
}

/** An in-process invoker: records payloads, `failing` names throw. */
export function recordingInvoker(failing: string[] = []): { invoker: LambdaInvoker; calls: Invocation[] } {
  const calls: Invocation[] = [];
  const invoker: LambdaInvoker = async (arn, payload) => {
    const name = arn.slice(arn.lastIndexOf(':') + 1);
    const ok = !failing.includes(name);
    calls.push({ name, payload, ok, ...(ok ? {} : { errorType: 'TargetFailure' }) });
    return ok ? { ok: true, result: null } : { ok: false, errorType: 'TargetFailure', errorMessage: 'failed on purpose' };
  };
  return { invoker, calls };
}

/** One AWS JSON 1.1 call, signed as the SDK signs it (service `events`). */
export async function callEvents(endpoint: string, operation: string, input: unknown, region = REGION): Promise<{ status: number; body: Record<string, unknown> }> {
  const url = new URL(endpoint);
  const body = JSON.stringify(input);
  const signer = new SignatureV4({ service: 'events', region, credentials: CREDENTIALS, sha256: Sha256 });
  const signed = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    query: {},
    headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSEvents.${operation}` },
    body,
  });
  const response = await fetch(`${endpoint}/`, { method: 'POST', headers: signed.headers, body });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Twins and hosts started by a test, stopped after it. */
export class Fixture {
  readonly twins: EventBridgeTwin[] = [];
  readonly hosts: FunctionHost[] = [];
  readonly logs: string[] = [];

  twin(options: Omit<EventBridgeTwinOptions, 'clock' | 'log'> & { clock?: TwinClock }): EventBridgeTwin {
    const twin = new EventBridgeTwin({ clock: options.clock ?? new TwinClock(), log: (line) => this.logs.push(line), retry: { backoffMs: 20 }, ...options });
    this.twins.push(twin);
    return twin;
  }

  async started(options: Omit<EventBridgeTwinOptions, 'clock' | 'log'> & { clock?: TwinClock }): Promise<EventBridgeTwin> {
    const twin = this.twin(options);
    await twin.start(0);
    return twin;
  }

  async cleanup(): Promise<void> {
    for (const twin of this.twins.splice(0)) await twin.stop();
    await Promise.all(this.hosts.splice(0).map((h) => h.stop()));
    this.logs.length = 0;
  }
}

export async function waitFor(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function entry(detailType: string, detail: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { Source: 'cter.cases', DetailType: detailType, Detail: JSON.stringify(detail), ...extra };
}

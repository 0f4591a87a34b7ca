// The twin as the benchmarks use it: one instance in memory on free loopback ports, a record of
// every gateway request (route, status, authorization µs), and a SigV4-signing client.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { ensureSynthesized, startTwin, type IssuedCredential, type Twin, type TwinOptions } from '@cter/twin';

export interface GatewayRequestLine {
  regionId: string;
  method: string;
  resourcePath: string;
  status: number;
  durationMs: number;
  caller?: string;
  authorizationMicros?: number;
}

export interface Reply<T = unknown> {
  status: number;
  body: T;
  /** Time from sending the (already signed) request until the whole body was read. */
  ms: number;
}

export interface BenchTwin {
  twin: Twin;
  /** Every request the gateways served, in order. */
  requests: GatewayRequestLine[];
  credential(profile: string): IssuedCredential;
  /** `METHOD /path` on the profile's region API, signed as `profile` (`<region>.<organisation>`). */
  call<T = unknown>(profile: string, method: string, pathAndQuery: string, body?: unknown): Promise<Reply<T>>;
  stop(): Promise<void>;
}

/** `extra`: what a suite with a twin of its own adds (e.g. the cost suite's counting proxies and log counter). */
export async function startBenchTwin(root: string, assemblyDir: string, log: (line: string) => void, extra: Pick<TwinOptions, 'functionEnvironment' | 'onLog'> = {}): Promise<BenchTwin> {
  const synth = await ensureSynthesized(root, assemblyDir, log);
  log(synth.synthesized ? `cloud assembly synthesized in ${synth.ms} ms` : 'cloud assembly is up to date');
  const stateDir = mkdtempSync(path.join(tmpdir(), 'cter-bench-twin-'));
  const requests: GatewayRequestLine[] = [];
  const started = performance.now();
  let twin: Twin;
  try {
    twin = await startTwin({ assemblyDir, stateDir, persist: false, portBase: 0, quiet: true, onRequest: (line) => requests.push(line), ...extra });
  } catch (error) {
    rmSync(stateDir, { recursive: true, force: true });
    throw error;
  }
  log(`twin started in ${Math.round(performance.now() - started)} ms (DynamoDB Local at ${twin.endpoints.dynamodb})`);

  const signers = new Map<string, SignatureV4>();
  const credential = (profile: string): IssuedCredential => {
    const found = twin.credentials.find((c) => c.profile === profile);
    if (!found) throw new Error(`the twin issued no profile ${profile}`);
    return found;
  };

  async function call<T>(profile: string, method: string, pathAndQuery: string, body?: unknown): Promise<Reply<T>> {
    const regionId = profile.split('.')[0]!;
    const endpoint = twin.endpoints.regions[regionId];
    if (!endpoint) throw new Error(`the twin has no region ${regionId}`);
    const url = new URL(endpoint.api + pathAndQuery);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    let signer = signers.get(profile);
    if (!signer) {
      const { accessKeyId, secretAccessKey } = credential(profile);
      signer = new SignatureV4({ service: 'execute-api', region: endpoint.awsRegion, sha256: Sha256, credentials: { accessKeyId, secretAccessKey } });
      signers.set(profile, signer);
    }
    const query: Record<string, string> = Object.fromEntries(url.searchParams);
    const headers: Record<string, string> = { host: url.host, ...(payload !== undefined ? { 'content-type': 'application/json' } : {}) };
    const signed = await signer.sign(
      new HttpRequest({ method, protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: url.pathname, query, headers, ...(payload !== undefined ? { body: payload } : {}) }),
    );
    const { host: _host, ...sendHeaders } = signed.headers;
    const startedAt = performance.now();
    const response = await fetch(url, { method, headers: sendHeaders, ...(payload !== undefined ? { body: payload } : {}) });
    const text = await response.text();
    const ms = performance.now() - startedAt;
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: response.status, body: parsed as T, ms };
  }

  return {
    twin,
    requests,
    credential,
    call,
    stop: async () => {
      await twin.stop();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

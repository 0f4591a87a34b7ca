// DEV ONLY (not committed): the shared twin without synth, from a copied assembly.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startTwin, type Twin } from '@cter/twin';
import { Gateway } from '../packages/twin/src/gateway';
// DEV ONLY: work around the twin gateway's prototype-key query bug (reported to the lead).
if (process.env.DEV_PATCH_GATEWAY) {
  const original = (Gateway.prototype as any).proxyEvent;
  (Gateway.prototype as any).proxyEvent = function (req: any, url: URL, ...rest: any[]) {
    const hostile = [...url.searchParams].filter(([k]) => k in Object.prototype);
    const stripped = new URL(url.href);
    for (const [k] of hostile) stripped.searchParams.delete(k);
    const event = original.call(this, req, stripped, ...rest);
    if (hostile.length) {
      const q: any = Object.assign(Object.create(null), event.queryStringParameters ?? {});
      const mq: any = Object.assign(Object.create(null), event.multiValueQueryStringParameters ?? {});
      for (const [k, v] of hostile) { q[k] = v; (mq[k] ??= []).push(v); }
      event.queryStringParameters = q;
      event.multiValueQueryStringParameters = mq;
    }
    return event;
  };
}
let twin: Twin | undefined;
let stateDir: string | undefined;
export async function setup(project: TestProject): Promise<void> {
  stateDir = mkdtempSync(path.join(tmpdir(), 'cter-twin-test-'));
  twin = await startTwin({ assemblyDir: process.env.DEV_ASSEMBLY ?? '/tmp/cdk-good', stateDir, persist: false, portBase: 0, quiet: true });
  project.provide('twin', { endpoints: twin.endpoints, credentials: twin.credentials, stateDir, tables: Object.fromEntries([...twin.regions.values()].map((r) => [r.regionId, r.tables])) });
}
export async function teardown(): Promise<void> {
  await twin?.stop();
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
}

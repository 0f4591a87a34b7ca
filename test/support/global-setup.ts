// Starts one twin for the whole test run: synthesized when the sources changed, DynamoDB Local in
// memory, every port free. Tests receive its endpoints and credentials through `inject`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureSynthesized, startTwin, twinAssemblyDir, type IssuedCredential, type Twin, type TwinEndpoints } from '@cter/twin';

declare module 'vitest' {
  export interface ProvidedContext {
    twin: { endpoints: TwinEndpoints; credentials: IssuedCredential[]; stateDir: string; tables: Record<string, Record<string, string>> };
  }
}

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const root = path.resolve(import.meta.dirname, '../..');
let twin: Twin | undefined;
let stateDir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  await ensureSynthesized(root, twinAssemblyDir(root), (line) => console.log(`[global-setup] ${line}`));
  stateDir = mkdtempSync(path.join(tmpdir(), 'cter-twin-test-'));
  twin = await startTwin({ assemblyDir: twinAssemblyDir(root), stateDir, persist: false, portBase: 0, quiet: true });
  project.provide('twin', {
    endpoints: twin.endpoints,
    credentials: twin.credentials,
    stateDir,
    tables: Object.fromEntries([...twin.regions.values()].map((r) => [r.regionId, r.tables])),
  });
}

export async function teardown(): Promise<void> {
  await twin?.stop();
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
}

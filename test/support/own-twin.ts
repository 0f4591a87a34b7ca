// A twin of the test file's own, for tests that move the virtual clock or inject faults: those
// would disturb the shared twin other test files use at the same time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startTwin, type Twin } from '@cter/twin';
import { callOn, type CallOptions, type Reply } from './signed-client';
import { ASSEMBLY_DIR } from './assembly';

export interface OwnTwin {
  twin(): Twin;
  /** The twin's state folder: endpoints.json and credentials, as `.twin` of `npm start`. */
  stateDir?: string;
  call<T = any>(profile: string, method: string, pathAndQuery: string, options?: CallOptions): Promise<Reply<T>>;
}

/**
 * `assemblyDir`: another assembly than the test run's (read when the twin starts, e.g. one synthesized
 * with other configuration); `functionEnvironment`: merged over every function's environment (read
 * when the twin starts, e.g. AWS_ENDPOINT_URL_DYNAMODB of a recording proxy started before).
 */
export function useOwnTwin(options: { assemblyDir?: () => string; functionEnvironment?: () => Record<string, string> } = {}): OwnTwin {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'cter-own-twin-'));
  let twin: Twin | undefined;
  beforeAll(async () => {
    const functionEnvironment = options.functionEnvironment?.();
    twin = await startTwin({ assemblyDir: options.assemblyDir?.() ?? ASSEMBLY_DIR, stateDir, persist: false, portBase: 0, quiet: true, ...(functionEnvironment ? { functionEnvironment } : {}) });
  });
  afterAll(async () => {
    await twin?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });
  const current = () => {
    if (!twin) throw new Error('the twin has not started');
    return twin;
  };
  return {
    twin: current,
    stateDir,
    call: (profile, method, pathAndQuery, options = {}) => callOn(current(), profile, method, pathAndQuery, options),
  };
}

/**
 * Waits until the twin delivered everything a clock jump set off (a quarter or a year: hundreds of
 * scheduled runs over three regions), retrying the twin's 30 s idle wait on a busy machine.
 */
export async function settled(twin: Twin, timeoutMs = 180_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      await twin.idle();
      return;
    } catch (error) {
      if (Date.now() > until) throw error;
    }
  }
}

// A test file's own twin that keeps its data on disk (DynamoDB Local's database, the state
// machines' executions, stream checkpoints, credentials), for fault tests: stop DynamoDB Local under
// the running twin and start it again on the same port and data, or restart the whole twin on the
// same state folder. Works as an OwnTwin, so the WorkflowDriver drives it too.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../packages/twin/src/dynamodb-local';
import { startTwin, type Twin } from '@cter/twin';
import type { OwnTwin } from './own-twin';
import { callOn } from './signed-client';
import { ASSEMBLY_DIR } from './assembly';

export interface PersistentTwin extends OwnTwin {
  readonly stateDir: string;
  /** Stops DynamoDB Local under the running twin (the functions keep running). */
  stopDynamoDb(): Promise<void>;
  /** Starts DynamoDB Local again on the port the twin's functions use, on the same data. */
  startDynamoDb(): Promise<void>;
  /**
   * Stops the whole twin and starts a new one on the same state folder (new ports, same keys and
   * data); with `assembly`, on that cloud assembly instead: a deploy of changed templates.
   */
  restart(assembly?: string): Promise<void>;
}

export function usePersistentTwin(): PersistentTwin {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'cter-persistent-twin-'));
  const assemblyDir = ASSEMBLY_DIR;
  let twin: Twin | undefined;
  // DynamoDB Local started by the test after stopping the twin's own; the twin does not know it.
  let replacement: DynamoDbLocal | undefined;
  const start = (assembly = assemblyDir) => startTwin({ assemblyDir: assembly, stateDir, persist: true, portBase: 0, quiet: true });
  const current = () => {
    if (!twin) throw new Error('the twin has not started');
    return twin;
  };

  beforeAll(async () => {
    twin = await start();
  });
  afterAll(async () => {
    await twin?.stop();
    await replacement?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  return {
    stateDir,
    twin: current,
    call: (profile, method, pathAndQuery, options = {}) => callOn(current(), profile, method, pathAndQuery, options),
    stopDynamoDb: async () => {
      await (replacement ?? current().dynamodb).stop();
    },
    startDynamoDb: async () => {
      replacement = await startDynamoDbLocal({ port: current().dynamodb.port, dataDir: path.join(stateDir, 'data') });
    },
    restart: async (assembly?: string) => {
      await current().stop();
      await replacement?.stop();
      replacement = undefined;
      twin = undefined;
      twin = await start(assembly);
    },
  };
}

// A twin restart keeps cases: DynamoDB Local data persists under the state folder, and the
// credentials keep their keys, so a partner system's configuration survives too.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTwin, type Twin } from '@cter/twin';
import { signalFor, signedCall } from '../support/signed-client';
import { ASSEMBLY_DIR } from '../support/assembly';

const assemblyDir = ASSEMBLY_DIR;
const stateDir = mkdtempSync(path.join(tmpdir(), 'cter-twin-restart-'));
let twin: Twin | undefined;

afterAll(async () => {
  await twin?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

describe('twin restart', () => {
  it('keeps cases and credentials', async () => {
    twin = await startTwin({ assemblyDir, stateDir, persist: true, portBase: 0, quiet: true });
    const politie = twin.credentials.find((c) => c.profile === 'kennemerland.politie')!;
    const created = await signedCall(twin.endpoints.regions.kennemerland!, politie, 'POST', '/signals', { body: signalFor('heemstede') });
    expect(created.status).toBe(201);
    await twin.stop();

    twin = await startTwin({ assemblyDir, stateDir, persist: true, portBase: 0, quiet: true });
    const politieAgain = twin.credentials.find((c) => c.profile === 'kennemerland.politie')!;
    expect(politieAgain.accessKeyId).toBe(politie.accessKeyId);
    const read = await signedCall(twin.endpoints.regions.kennemerland!, politieAgain, 'GET', `/cases/${created.body.caseId}`);
    expect(read.status).toBe(200);
    expect(read.body.caseNumber).toBe(created.body.caseNumber);
    // Two twin starts (DynamoDB Local, tables, functions) in one test: alone about 25 s, more beside other test files.
  }, 120_000);
});

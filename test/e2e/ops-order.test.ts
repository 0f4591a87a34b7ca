// An ops team runs `npx cdk ls` (or `cdk diff`, `cdk synth`) before `npm start`. The CDK CLI writes
// `cdk.out` without bundling the functions, so the twin must not read that folder: it keeps its own
// bundled assembly and serves signed requests whatever the CLI left behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assertPortFree, type TwinEndpoints } from '@cter/twin';
import { signedCall, type SigningCredential } from '../support/signed-client';

const root = path.resolve(import.meta.dirname, '../..');
/** Offsets 0..(4 + regions) from the base: DynamoDB Local, one API per region, SFN, EventBridge, KMS, STS, monitor. */
const PORTS_NEEDED = 12;

function run(command: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  // Its own process group, so Ctrl-C (SIGINT) reaches npm, its shell and the twin, as in a terminal.
  return spawn(command, args, { cwd: root, env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
}

function finished(child: ChildProcess): Promise<{ code: number; output: string }> {
  const output: string[] = [];
  child.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? 1, output: output.join('') })));
}

/** A base port with PORTS_NEEDED free ports above it. */
async function freeBase(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 400) * 100;
    try {
      for (let offset = 0; offset < PORTS_NEEDED; offset++) await assertPortFree(base + offset, '127.0.0.1', 'ops-order test');
      return base;
    } catch {
      // taken: try another range
    }
  }
  throw new Error('no free port range found');
}

describe('ops order: npx cdk ls, then npm start', () => {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'cter-ops-order-'));
  let twin: ChildProcess | undefined;
  afterAll(async () => {
    if (twin && twin.exitCode === null) {
      const closed = new Promise((resolve) => twin!.on('close', resolve));
      process.kill(-twin.pid!, 'SIGINT');
      await closed;
    }
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('the twin started after `cdk ls` serves signed requests', { timeout: 300_000 }, async () => {
    const ls = await finished(run('npx', ['cdk', 'ls']));
    expect(ls.code, ls.output).toBe(0);
    expect(ls.output).toContain('kennemerland/Platform');

    twin = run('npm', ['start'], { CTER_TWIN_PORT_BASE: String(await freeBase()), CTER_TWIN_STATE_DIR: stateDir });
    const output: string[] = [];
    const ready = new Promise<void>((resolve, reject) => {
      twin!.stdout!.on('data', (d: Buffer) => {
        output.push(d.toString());
        if (output.join('').includes('local twin running')) resolve();
      });
      twin!.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
      twin!.on('close', (code) => reject(new Error(`npm start exited with ${code}:\n${output.join('')}`)));
    });
    await ready;

    const endpoints = JSON.parse(readFileSync(path.join(stateDir, 'endpoints.json'), 'utf8')) as TwinEndpoints;
    const credential = credentialFrom(readFileSync(path.join(stateDir, 'credentials'), 'utf8'), 'kennemerland.politie');
    const listed = await signedCall(endpoints.regions.kennemerland!, credential, 'GET', '/cases');
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    expect(listed.body).toHaveProperty('items');
  });
});

/** A profile's keys from the twin's credentials file (the INI format the AWS CLI reads). */
function credentialFrom(file: string, profile: string): SigningCredential {
  const section = file.split(/^\[/m).find((s) => s.startsWith(`${profile}]`));
  if (!section) throw new Error(`no profile ${profile} in the credentials file`);
  const value = (key: string) => new RegExp(`^${key}\\s*=\\s*(\\S+)`, 'm').exec(section)?.[1] ?? '';
  return { accessKeyId: value('aws_access_key_id'), secretAccessKey: value('aws_secret_access_key') };
}

// Synthesizes the cloud assembly when its sources changed since the last synth, so `npm start`
// and the tests always run what `cdk deploy` would deploy, without paying for a synth each time.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const SOURCES = ['infra', 'services', 'packages', 'package-lock.json', 'cdk.json', 'tsconfig.json'];
const SKIPPED = new Set(['node_modules', 'test', 'twin', 'client', 'cdk.out', '.twin']);
const STAMP = '.source-hash';

function collect(entry: string, files: string[]): void {
  const stat = statSync(entry);
  if (stat.isDirectory()) {
    for (const name of readdirSync(entry).sort()) if (!SKIPPED.has(name)) collect(path.join(entry, name), files);
  } else if (stat.isFile()) {
    files.push(entry);
  }
}

export function sourceHash(root: string): string {
  const files: string[] = [];
  for (const source of SOURCES) if (existsSync(path.join(root, source))) collect(path.join(root, source), files);
  const hash = createHash('sha256');
  for (const file of files) hash.update(path.relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

/**
 * The twin's own cloud assembly. Not `cdk.out`: `cdk ls` and `cdk diff` write that folder without
 * bundling the functions, and an ops team runs them in any order before `npm start`.
 */
export function twinAssemblyDir(root: string): string {
  return path.join(root, '.twin', 'cdk.out');
}

/**
 * Runs `cdk synth` unless the assembly in `outdir` was made from the current sources (and `context`:
 * extra `-c key=value` settings, e.g. a covenant law date a test twin runs with).
 */
export async function ensureSynthesized(root: string, outdir = twinAssemblyDir(root), log: (line: string) => void = () => undefined, context: Readonly<Record<string, string>> = {}): Promise<{ synthesized: boolean; ms: number }> {
  const started = Date.now();
  const hash = Object.keys(context).length ? createHash('sha256').update(sourceHash(root)).update(JSON.stringify(context)).digest('hex') : sourceHash(root);
  const stamp = path.join(outdir, STAMP);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash && existsSync(path.join(outdir, 'manifest.json'))) return { synthesized: false, ms: Date.now() - started };
  log('synthesizing the cloud assembly (cdk synth) ...');
  for (let attempt = 1; ; attempt++) {
    const { code, output } = await runSynth(root, outdir, context);
    if (code === 0) break;
    // Another process (a second test run, npm start) is synthesizing into the same folder: wait for it.
    if (/currently synthing/.test(output) && attempt < 60) {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return { synthesized: false, ms: Date.now() - started };
      continue;
    }
    throw new Error(`cdk synth failed:\n${output}`);
  }
  writeFileSync(stamp, hash);
  return { synthesized: true, ms: Date.now() - started };
}

async function runSynth(root: string, outdir: string, context: Readonly<Record<string, string>>): Promise<{ code: number; output: string }> {
  const extra = Object.entries(context).flatMap(([key, value]) => ['-c', `${key}=${value}`]);
  const output: Buffer[] = [];
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn('npx', ['cdk', 'synth', '--quiet', '-c', 'cter:target=twin', ...extra, '--output', outdir], { cwd: root, env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d: Buffer) => output.push(d));
    child.stderr.on('data', (d: Buffer) => output.push(d));
    child.on('error', reject);
    child.on('close', (c) => resolve(c ?? 1));
  });
  return { code, output: Buffer.concat(output).toString('utf8') };
}

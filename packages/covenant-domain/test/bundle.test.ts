// The covenant domain bundled the way infra bundles Lambda functions (esbuild, ESM, node22,
// minified, createRequire banner), run in a fresh node process far from node_modules: it needs
// only cedar_wasm_bg.wasm copied beside index.mjs. Logs sizes and cold-start timings.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ENTRY = fileURLToPath(new URL('./bundle-entry.ts', import.meta.url));
const WASM = join(dirname(createRequire(import.meta.url).resolve('@cedar-policy/cedar-wasm/nodejs')), 'cedar_wasm_bg.wasm');
// Same options as infra/lib/constructs/service-function.ts passes to NodejsFunction.
const LAMBDA_OPTIONS: BuildOptions = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  minify: true,
  sourcemap: false,
  mainFields: ['module', 'main'],
  banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
};

interface ColdRun {
  covenantVersion: string;
  decision: string;
  articles: string[];
  moduleReadyMs: number;
  versionsReadyMs: number;
  firstDecisionMs: number;
  engineInitMs: number;
  wasmSource: string;
}

let dir: string;
let bundle: string;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function run(args: string[]): ColdRun {
  // A clean environment: no NODE_OPTIONS or NODE_PATH that could reach the repository's node_modules.
  const stdout = execFileSync(process.execPath, args, { cwd: dir, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8' });
  return JSON.parse(stdout) as ColdRun;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'covenant-bundle-'));
  bundle = join(dir, 'index.mjs');
  await build({ ...LAMBDA_OPTIONS, entryPoints: [ENTRY], outfile: bundle, logLevel: 'silent' });
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the covenant domain in a Lambda bundle', () => {
  it('fails with a clear message when the wasm is not beside the bundle', () => {
    const result = spawnSync(process.execPath, [bundle], { cwd: dir, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('the Cedar engine cedar_wasm_bg.wasm was not found');
  });

  it('decides in a fresh node process with cedar_wasm_bg.wasm copied beside index.mjs', () => {
    copyFileSync(WASM, join(dir, 'cedar_wasm_bg.wasm'));
    const runs = [run([bundle]), run([bundle]), run([bundle])];
    const first = runs[0];
    expect(first).toMatchObject({ covenantVersion: 'cter-2023', decision: 'allow', articles: ['9(4)'], wasmSource: join(dir, 'cedar_wasm_bg.wasm') });

    const bare = median([0, 1, 2].map(() => Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(performance.now()))'], { encoding: 'utf8' }))));
    const liftoff = [run(['--liftoff-only', bundle]), run(['--liftoff-only', bundle]), run(['--liftoff-only', bundle])];
    const report = {
      bundleKB: Math.round(statSync(bundle).size / 1024),
      wasmKB: Math.round(statSync(WASM).size / 1024),
      bareNodeReadyMs: Math.round(bare),
      bundleReadyMs: Math.round(median(runs.map((r) => r.moduleReadyMs))),
      versionsReadyMs: Math.round(median(runs.map((r) => r.versionsReadyMs))),
      engineInitMs: Math.round(median(runs.map((r) => r.engineInitMs))),
      firstDecisionMs: Math.round(median(runs.map((r) => r.firstDecisionMs))),
      firstDecisionLiftoffOnlyMs: Math.round(median(liftoff.map((r) => r.firstDecisionMs))),
    };
    console.log(`covenant bundle: ${JSON.stringify(report)}`);
    expect(report.bundleKB).toBeLessThan(1024);
    // Loading the engine (read + compile the wasm) stays well under a second.
    expect(report.engineInitMs).toBeLessThan(1000);
  });
});

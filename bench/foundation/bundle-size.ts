// Figure 1: bundle size of every function's synthesized asset against the bare handler (one
// GetItem with the bare DynamoDB client), built with the same esbuild settings.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { BenchContext } from '../support/context';
import { buildLikeServiceFunction, type BuiltBundle } from '../support/bundle';
import { kb, round } from '../support/stats';
import type { FunctionBundle } from './functions';
import { layerModulesOf } from '@cter/twin';

export const BUNDLE_BUDGET = 1.3;
export const BARE_HANDLER_ENTRY = 'bench/bare-handler/handler.ts';

export interface BundleSizeFigures {
  bare: { kb: number; bytes: number };
  /** The bare handler as CommonJS with default main fields (reference only). */
  bareCommonJs: { kb: number; bytes: number };
  functions: Array<{ name: string; routes: string[]; kb: number; bytes: number; ratio: number; pass: boolean; identicalAcrossRegions: boolean; rebuildMatchesAsset: boolean | null }>;
  /** KB per package: bare handler and each function (metafile of a rebuild with the same settings). */
  breakdown: Array<{ package: string; bareKb: number; functionsKb: Record<string, number>; maxExtraKb: number }>;
}

export async function bundleSize(context: BenchContext, functions: FunctionBundle[]): Promise<{ figures: BundleSizeFigures; bare: BuiltBundle }> {
  context.log('building the bare handler with the ServiceFunction esbuild settings');
  const bare = await buildLikeServiceFunction(context.root, BARE_HANDLER_ENTRY, path.join(context.workDir, 'bare-handler'));

  // For reference only: the same handler as CommonJS with esbuild's default main fields (the SDK's
  // CJS builds), which is what a build without `format: esm` + `mainFields: module,main` yields.
  const bareCommonJs = await buildLikeServiceFunction(context.root, BARE_HANDLER_ENTRY, path.join(context.workDir, 'bare-handler-cjs'), { format: 'cjs', mainFields: ['main', 'module'], banner: {} });

  // Rebuild each function from its entry: the metafile says what is in it, and comparing the
  // output with cdk.out proves the settings (and the assembly) match the sources.
  const rebuilt = new Map<string, BuiltBundle>();
  for (const fn of functions) {
    if (!fn.entry) continue;
    rebuilt.set(fn.name, await buildLikeServiceFunction(context.root, fn.entry, path.join(context.workDir, 'rebuilt', fn.name)));
  }
  const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
  // esbuild's --analyze per function, for reading what a route carries that it does not use.
  const analysisDir = path.join(context.root, 'bench', 'results', 'bundles');
  mkdirSync(analysisDir, { recursive: true });
  for (const [name, built] of [['(bare handler)', bare] as const, ...rebuilt]) writeFileSync(path.join(analysisDir, `${name === '(bare handler)' ? 'bare-handler' : name}.txt`), built.analysis);

  const layerBytes = layerSize(functions[0]?.file);
  const rows = functions.map((fn) => {
    const ratio = round(fn.bytes / bare.bytes, 2);
    const again = rebuilt.get(fn.name);
    return {
      name: fn.name,
      routes: fn.routes,
      kb: kb(fn.bytes),
      bytes: fn.bytes,
      ratio,
      // On the bytes, not the rounded ratio: 1.302x must not pass as 1.3x.
      pass: fn.bytes <= bare.bytes * BUNDLE_BUDGET,
      identicalAcrossRegions: fn.identicalAcrossRegions,
      rebuildMatchesAsset: again ? sha(again.file) === fn.sha256 : null,
    };
  });
  context.table(
    `Bundle size (cdk.out assets; bare handler ${kb(bare.bytes)} KB; budget <= ${BUNDLE_BUDGET}x bare)`,
    ['function', 'route', 'KB', 'x bare', 'budget', 'same in all regions', 'rebuild = asset'],
    [
      ['(bare handler)', 'GetItem, bare client', kb(bare.bytes), 1, '', '', ''],
      ...rows.map((r) => [r.name, r.routes.join(', ') || '-', r.kb, r.ratio, r.pass ? 'PASS' : 'FAIL', r.identicalAcrossRegions ? 'yes' : 'NO', r.rebuildMatchesAsset === null ? 'no entry found' : r.rebuildMatchesAsset ? 'yes' : 'NO (stale cdk.out?)']),
    ],
    `esbuild --analyze of each function: bench/results/bundles/<function>.txt.\nReference, not used for the budget: the bare handler built as CommonJS with default main fields is ${kb(bareCommonJs.bytes)} KB.` +
      (layerBytes > 0 ? `\nNot in the bundles: the region's Powertools layer (logger, metrics, and the tracer with the X-Ray SDK), ${kb(layerBytes)} KB, deployed once and shared by every function; cold init below loads the logger and metrics from it, and the tracer only with cter:sdkTracing=true.` : ''),
  );
  for (const r of rows) context.budget({ name: `bundle ${r.name}`, figure: round(r.bytes / bare.bytes, 3), limit: BUNDLE_BUDGET, unit: 'x', detail: `${r.kb} KB vs bare ${kb(bare.bytes)} KB` });

  // What the functions carry beyond the bare client, per package.
  const packages = new Set<string>([...bare.byPackage.keys()]);
  for (const built of rebuilt.values()) for (const key of built.byPackage.keys()) packages.add(key);
  const breakdown = [...packages]
    .map((pkg) => {
      const bareBytes = bare.byPackage.get(pkg) ?? 0;
      const functionsKb = Object.fromEntries([...rebuilt].map(([name, built]) => [name, kb(built.byPackage.get(pkg) ?? 0)]));
      const maxExtra = Math.max(0, ...[...rebuilt.values()].map((built) => (built.byPackage.get(pkg) ?? 0) - bareBytes));
      return { package: pkg, bareKb: kb(bareBytes), functionsKb, maxExtraKb: kb(maxExtra) };
    })
    .sort((a, b) => b.maxExtraKb - a.maxExtraKb);
  if (rebuilt.size > 0) {
    const names = [...rebuilt.keys()];
    const shown = breakdown.filter((b) => b.maxExtraKb >= 1);
    const totalExtra = Math.max(...[...rebuilt.values()].map((b) => b.bytes)) - bare.bytes;
    context.table(
      'What the functions add to the bare handler (KB in output per package, esbuild metafile; packages adding >= 1 KB)',
      ['package', 'bare', ...names, '+max'],
      shown.map((b) => [b.package, b.bareKb, ...names.map((n) => b.functionsKb[n]), b.maxExtraKb]),
      `Largest function is ${kb(totalExtra)} KB above the bare handler; the budget allows ${kb(bare.bytes * (BUNDLE_BUDGET - 1))} KB.`,
    );
  }
  return { figures: { bare: { kb: kb(bare.bytes), bytes: bare.bytes }, bareCommonJs: { kb: kb(bareCommonJs.bytes), bytes: bareCommonJs.bytes }, functions: rows, breakdown }, bare };
}

/** Bytes of a function's layer modules (Lambda's /opt/nodejs/node_modules, as the twin lays it out); 0 without layers. */
function layerSize(functionFile: string | undefined): number {
  if (!functionFile) return 0;
  const modules = layerModulesOf(path.dirname(functionFile));
  if (!existsSync(modules)) return 0;
  const sizeOf = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((sum, entry) => {
      const full = path.join(dir, entry.name);
      const stat = statSync(full);
      return sum + (stat.isDirectory() ? sizeOf(full) : stat.size);
    }, 0);
  return sizeOf(modules);
}

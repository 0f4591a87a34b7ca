// Bundles an entry exactly as infra/lib/constructs/service-function.ts has CDK do it (NodejsFunction
// with format esm, target node22, minify, no source map, the SDK bundled, mainFields module,main,
// the createRequire banner and Node's builtins through process.getBuiltinModule; CDK runs the esbuild
// CLI from the project root; only Powertools is external, the region's Powertools layer provides it),
// and attributes the output bytes to packages with esbuild's metafile.
import { statSync } from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { LAYER_ALIASES, LAYER_MODULES } from '../../infra/lib/constructs/powertools-layer';
import { BUILTIN_ALIASES, REQUIRE_BANNER } from '../../infra/lib/constructs/node-builtins';

/** Keep in step with the `bundling` block of ServiceFunction (the bench checks parity against cdk.out). */
export const SERVICE_FUNCTION_BUILD: esbuild.BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  minify: true,
  sourcemap: false,
  mainFields: ['module', 'main'],
  external: LAYER_MODULES,
  alias: { ...LAYER_ALIASES, ...BUILTIN_ALIASES },
  banner: { js: REQUIRE_BANNER },
  logLevel: 'warning',
};

export interface BuiltBundle {
  /** The bundle file (index.mjs, as CDK names ESM output). */
  file: string;
  bytes: number;
  /** Output bytes per package (`zod`, `@smithy/core`) or, for repository code, per workspace folder. */
  byPackage: Map<string, number>;
  /** esbuild's `--analyze` text: every input file by its bytes in the output, largest first. */
  analysis: string;
}

/** Where an input file of the metafile belongs: its npm package, else its workspace (e.g. `services/cases`). */
export function owner(input: string): string {
  const normalized = input.replace(/\\/g, '/');
  const at = normalized.lastIndexOf('node_modules/');
  if (at >= 0) {
    const [scope, name] = normalized.slice(at + 'node_modules/'.length).split('/');
    return scope?.startsWith('@') ? `${scope}/${name}` : scope!;
  }
  const parts = normalized.split('/');
  if (parts[0] === 'packages' || parts[0] === 'services') return `${parts[0]}/${parts[1]} (own code)`;
  if (parts[0] === 'infra') return `infra/${parts[1]} (own code)`;
  return `${parts.slice(0, 2).join('/')} (own code)`;
}

export async function buildLikeServiceFunction(root: string, entry: string, outDir: string, overrides: esbuild.BuildOptions = {}): Promise<BuiltBundle> {
  const file = path.join(outDir, 'index.mjs');
  const result = await esbuild.build({ ...SERVICE_FUNCTION_BUILD, ...overrides, absWorkingDir: root, entryPoints: [entry], outfile: file, metafile: true });
  const output = Object.entries(result.metafile.outputs).find(([name]) => name.endsWith('index.mjs'));
  if (!output) throw new Error(`esbuild produced no index.mjs for ${entry}`);
  const byPackage = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output[1].inputs)) {
    const key = owner(input);
    byPackage.set(key, (byPackage.get(key) ?? 0) + bytesInOutput);
  }
  const analysis = await esbuild.analyzeMetafile(result.metafile, { verbose: false });
  return { file, bytes: statSync(file).size, byPackage, analysis };
}

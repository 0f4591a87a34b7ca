// Loads the Cedar engine (@cedar-policy/cedar-wasm) once per process, the same way under tsx,
// vitest and in the esbuild bundle of a Lambda function.
//
// Why the `web` build with initSync: the package's default ESM entry imports the .wasm as an ES
// module (a bundler feature esbuild lacks) and its `nodejs` entry is CommonJS reading
// `${__dirname}/cedar_wasm_bg.wasm`, and `__dirname` does not exist in an ESM bundle. The web
// build lets us hand it the bytes ourselves, so we decide where they come from.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import * as cedar from '@cedar-policy/cedar-wasm/web';

export type Cedar = typeof cedar;

/** File name of the Cedar engine; infra copies it beside the bundle (see covenants/README.md). */
export const CEDAR_WASM_FILE = 'cedar_wasm_bg.wasm';

let loaded: { module: Cedar; initMs: number; source: string } | undefined;

/** Where the engine's bytes may be, in order: explicit override, beside the bundle, node_modules. */
function wasmCandidates(): string[] {
  const candidates: string[] = [];
  const override = process.env.CEDAR_WASM_PATH;
  if (override) candidates.push(override);
  // In a bundle import.meta.url is the bundle file itself, so this is "beside index.mjs".
  candidates.push(join(dirname(fileURLToPath(import.meta.url)), CEDAR_WASM_FILE));
  try {
    // Development and tests: the installed package (its exports only expose the JS entry points).
    const entry = createRequire(import.meta.url).resolve('@cedar-policy/cedar-wasm/nodejs');
    candidates.push(join(dirname(entry), CEDAR_WASM_FILE));
  } catch {
    // Not installed (a bundle without node_modules): the earlier candidates must do.
  }
  return candidates;
}

function readWasm(): { bytes: Buffer; source: string } {
  const tried: string[] = [];
  for (const path of wasmCandidates()) {
    try {
      return { bytes: readFileSync(path), source: path };
    } catch {
      tried.push(path);
    }
  }
  throw new Error(`the Cedar engine ${CEDAR_WASM_FILE} was not found; tried ${tried.join(', ')}`);
}

/** The initialised Cedar engine; the first call compiles the wasm (about 20-60 ms). */
export function cedarEngine(): Cedar {
  if (!loaded) {
    const started = performance.now();
    // Cold starts: V8 compiles wasm functions lazily with Liftoff and then recompiles the hot ones
    // with TurboFan in the background. For Cedar's 4 MB that second compile costs more CPU than a
    // cold start's few decisions gain from it (bench/covenant.ts: first decision ~2-3x faster and
    // half the CPU with Liftoff only), and decisions are memoised anyway. Applies to wasm compiled
    // after this call, i.e. to Cedar only. CEDAR_WASM_TIER_UP=1 keeps V8's default.
    if (process.env.CEDAR_WASM_TIER_UP !== '1') setFlagsFromString('--liftoff-only');
    const { bytes, source } = readWasm();
    cedar.initSync({ module: bytes });
    loaded = { module: cedar, initMs: performance.now() - started, source };
  }
  return loaded.module;
}

/** How long the engine took to load and where from; for cold-start logs and the bundle test. */
export function cedarEngineStats(): { initMs: number; source: string } | undefined {
  return loaded && { initMs: loaded.initMs, source: loaded.source };
}

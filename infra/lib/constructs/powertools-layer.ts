// Powertools for AWS Lambda (logger, metrics, and the tracer with the X-Ray SDK it loads) as one
// layer per region, shared by every function, as Powertools itself is distributed:
// deployed once instead of a copy inside each of the ~50 bundles (about 170 KB minified, of which
// the tracer 135 KB). The layer is an esbuild bundle of the package versions the functions are
// type-checked and tested against (package-lock.json); the twin mounts it as Lambda does.
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { AssetHashType, DockerImage, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { buildSync, type BuildOptions } from 'esbuild';
import { LAMBDA_LAYOUT } from '@cter/config';
import { BUILTIN_ALIASES, REQUIRE_BANNER } from './node-builtins';

const SCOPE = '@aws-lambda-powertools';
/**
 * The layer's package of Powertools for the functions: each of its files one module, as Node.js loads
 * one module from a layer in about 5 ms where the packages' entry points and their shared chunks took
 * about 14 (resolution and linking of each module; docs/performance.md). `index.mjs` has the logger
 * and its middleware, which every function loads; `metrics.mjs` the metrics, which only the functions that
 * count a business metric load, when they first publish one (a third of the code). Each file carries its own copy
 * of the Powertools commons they share (about 3 KB); the invocation store they share keeps its state
 * on `globalThis.awslambda`, so the two copies see one store.
 */
const POWERTOOLS_MODULE = '@cter/powertools';
const MODULE_FILES: Record<string, string[]> = {
  'index.mjs': ['logger', 'logger/middleware'],
  'metrics.mjs': ['metrics'],
};

/**
 * Where a function's code (/var/task/index.mjs in Lambda) finds its layers' modules
 * (/opt/nodejs/node_modules): the functions import the layer by this path, not by package name, so a
 * cold start resolves no package. Resolving one (walking node_modules, reading its package.json,
 * matching its exports, the first run of that code in the process) was about 4% of a function's
 * module load (docs/performance.md). The twin lays functions out the same way (packages/twin/src/layers.ts).
 */
export const LAYER_MODULES_FROM_CODE = path.posix.relative(LAMBDA_LAYOUT.taskRoot, LAMBDA_LAYOUT.layerModules);

/** What the functions import but do not bundle: the layer's files, by their path. */
export const LAYER_MODULES = [`${LAYER_MODULES_FROM_CODE}/*`];

/**
 * What the functions' bundling rewrites: the Powertools imports the code is type-checked with, to the
 * layer's files.
 */
export const LAYER_ALIASES: Record<string, string> = {
  ...Object.fromEntries(Object.entries(MODULE_FILES).flatMap(([file, entries]) => entries.map((entry) => [`${SCOPE}/${entry}`, `${LAYER_MODULES_FROM_CODE}/${POWERTOOLS_MODULE}/${file}`]))),
  [`${SCOPE}/tracer`]: `${LAYER_MODULES_FROM_CODE}/${SCOPE}/tracer/index.mjs`,
  [`${SCOPE}/tracer/middleware`]: `${LAYER_MODULES_FROM_CODE}/${SCOPE}/tracer/middleware.mjs`,
};

const LAYER_BUILD: BuildOptions = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  minify: true,
  mainFields: ['module', 'main'],
  // The X-Ray SDK is CommonJS and calls require(); give the ESM output one.
  banner: { js: REQUIRE_BANNER },
  // Node's builtins without an ES module facade, as in the functions (node-builtins.ts).
  alias: BUILTIN_ALIASES,
  logLevel: 'warning',
};

function versionOf(repositoryRoot: string, name: string): string {
  return (JSON.parse(readFileSync(path.join(repositoryRoot, 'node_modules', SCOPE, name, 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * Writes the layer's content under nodejs/node_modules: `@cter/powertools` (the logger with its
 * middleware, and the metrics, one ESM file each) and `@aws-lambda-powertools/tracer` (an
 * ESM bundle per entry point).
 */
export function buildPowertoolsLayer(outputDir: string, repositoryRoot: string): void {
  const modulesDir = path.join(outputDir, 'nodejs', 'node_modules');
  const moduleDir = path.join(modulesDir, POWERTOOLS_MODULE);
  for (const [file, entries] of Object.entries(MODULE_FILES)) {
    buildSync({
      ...LAYER_BUILD,
      absWorkingDir: repositoryRoot,
      stdin: { contents: entries.map((entry) => `export * from '${SCOPE}/${entry}';`).join('\n'), resolveDir: repositoryRoot, sourcefile: `powertools-layer-${file}.js` },
      outfile: path.join(moduleDir, file),
    });
  }
  const versions = { logger: versionOf(repositoryRoot, 'logger'), metrics: versionOf(repositoryRoot, 'metrics') };
  writeFileSync(
    path.join(moduleDir, 'package.json'),
    JSON.stringify({ name: POWERTOOLS_MODULE, version: versions.logger, description: `${SCOPE}/logger ${versions.logger} and ${SCOPE}/metrics ${versions.metrics}`, type: 'module', exports: { '.': './index.mjs', './metrics': './metrics.mjs' } }, null, 2),
  );
  const tracerDir = path.join(modulesDir, SCOPE, 'tracer');
  buildSync({
    ...LAYER_BUILD,
    absWorkingDir: repositoryRoot,
    // Its own package: the functions import it only when SDK tracing is on (packages/store/src/tracer.ts).
    entryPoints: { index: `${SCOPE}/tracer`, middleware: `${SCOPE}/tracer/middleware` },
    outdir: tracerDir,
    outExtension: { '.js': '.mjs' },
    // A chunk shared by the two entries, so the middleware and the tracer are the same classes.
    splitting: true,
    chunkNames: '_chunks/[name]-[hash]',
  });
  writeFileSync(
    path.join(tracerDir, 'package.json'),
    JSON.stringify({ name: `${SCOPE}/tracer`, version: versionOf(repositoryRoot, 'tracer'), type: 'module', exports: { '.': './index.mjs', './middleware': './middleware.mjs' } }, null, 2),
  );
}

export class PowertoolsLayer extends Construct {
  /** The stack's one Powertools layer, created on first use. */
  static of(scope: Construct, repositoryRoot: string): lambda.LayerVersion {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild('PowertoolsLayer') as PowertoolsLayer | undefined;
    return (existing ?? new PowertoolsLayer(stack, 'PowertoolsLayer', repositoryRoot)).layer;
  }

  readonly layer: lambda.LayerVersion;

  private constructor(scope: Construct, id: string, repositoryRoot: string) {
    super(scope, id);
    this.layer = new lambda.LayerVersion(this, 'Layer', {
      description: "Powertools for AWS Lambda (logger, metrics; the tracer for cter:sdkTracing), shared by the region's functions",
      compatibleRuntimes: [lambda.Runtime.NODEJS_22_X],
      compatibleArchitectures: [lambda.Architecture.ARM_64],
      code: lambda.Code.fromAsset(path.join(repositoryRoot, 'node_modules', SCOPE), {
        // Hash what is built, so a new X-Ray SDK or commons under the same versions still changes the layer.
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          // esbuild runs here, never in Docker: synth stays offline.
          image: DockerImage.fromRegistry('local-bundling-only'),
          local: {
            tryBundle(outputDir: string) {
              buildPowertoolsLayer(outputDir, repositoryRoot);
              return true;
            },
          },
        },
      }),
    });
  }
}

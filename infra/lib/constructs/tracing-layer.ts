// The Powertools tracer and the X-Ray SDK it loads (about 135 KB minified) as one layer per region,
// shared by every function, instead of a copy inside each function's bundle: bundles stay within
// their size budget and the tracer is deployed once. The layer is an esbuild bundle of the same
// package version the functions are type-checked and tested against (package-lock.json).
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { AssetHashType, DockerImage, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { buildSync } from 'esbuild';

/** Modules the functions import but do not bundle: the layer provides them at /opt/nodejs/node_modules. */
export const LAYER_MODULES = ['@aws-lambda-powertools/tracer'];

const PACKAGE = '@aws-lambda-powertools/tracer';

/** Writes the layer's content: nodejs/node_modules/<PACKAGE> with an ESM bundle per entry point. */
export function buildTracingLayer(outputDir: string, repositoryRoot: string): void {
  const packageDir = path.join(outputDir, 'nodejs', 'node_modules', PACKAGE);
  const installed = JSON.parse(readFileSync(path.join(repositoryRoot, 'node_modules', PACKAGE, 'package.json'), 'utf8')) as { version: string };
  buildSync({
    absWorkingDir: repositoryRoot,
    entryPoints: { index: PACKAGE, middleware: `${PACKAGE}/middleware` },
    outdir: packageDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    // One chunk shared by both entries, so the middleware and the tracer are the same classes.
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    minify: true,
    mainFields: ['module', 'main'],
    // The X-Ray SDK is CommonJS and calls require(); give the ESM output one.
    banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
    logLevel: 'warning',
  });
  writeFileSync(
    path.join(packageDir, 'package.json'),
    JSON.stringify({ name: PACKAGE, version: installed.version, type: 'module', exports: { '.': './index.mjs', './middleware': './middleware.mjs' } }, null, 2),
  );
}

export class TracingLayer extends Construct {
  /** The stack's one tracing layer, created on first use. */
  static of(scope: Construct, repositoryRoot: string): lambda.LayerVersion {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild('TracingLayer') as TracingLayer | undefined;
    return (existing ?? new TracingLayer(stack, 'TracingLayer', repositoryRoot)).layer;
  }

  readonly layer: lambda.LayerVersion;

  private constructor(scope: Construct, id: string, repositoryRoot: string) {
    super(scope, id);
    this.layer = new lambda.LayerVersion(this, 'Layer', {
      description: `Powertools tracer with the X-Ray SDK (${PACKAGE}), shared by the region's functions`,
      compatibleRuntimes: [lambda.Runtime.NODEJS_22_X],
      compatibleArchitectures: [lambda.Architecture.ARM_64],
      code: lambda.Code.fromAsset(path.join(repositoryRoot, 'node_modules', PACKAGE), {
        // Hash what is built, so a new X-Ray SDK under the same tracer version still changes the layer.
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          // esbuild runs here, never in Docker: synth stays offline.
          image: DockerImage.fromRegistry('local-bundling-only'),
          local: {
            tryBundle(outputDir: string) {
              buildTracingLayer(outputDir, repositoryRoot);
              return true;
            },
          },
        },
      }),
    });
  }
}

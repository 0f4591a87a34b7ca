// Powertools for AWS Lambda (tracer with the X-Ray SDK it loads, logger, metrics, and their shared
// commons) as one layer per region, shared by every function, as Powertools itself is distributed:
// deployed once instead of a copy inside each of the ~50 bundles (about 170 KB minified, of which
// the tracer 135 KB). The layer is an esbuild bundle of the package versions the functions are
// type-checked and tested against (package-lock.json); the twin mounts it as Lambda does.
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { AssetHashType, DockerImage, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { buildSync } from 'esbuild';

const SCOPE = '@aws-lambda-powertools';
/** The Powertools packages the functions use, each with its middleware entry point. */
const PACKAGES = ['tracer', 'logger', 'metrics'] as const;

/** Modules the functions import but do not bundle: the layer provides them at /opt/nodejs/node_modules. */
export const LAYER_MODULES = PACKAGES.map((name) => `${SCOPE}/${name}`);

/** Writes the layer's content: nodejs/node_modules/@aws-lambda-powertools/<package> with an ESM bundle per entry point. */
export function buildPowertoolsLayer(outputDir: string, repositoryRoot: string): void {
  const scopeDir = path.join(outputDir, 'nodejs', 'node_modules', SCOPE);
  buildSync({
    absWorkingDir: repositoryRoot,
    entryPoints: Object.fromEntries(PACKAGES.flatMap((name) => [[`${name}/index`, `${SCOPE}/${name}`], [`${name}/middleware`, `${SCOPE}/${name}/middleware`]])),
    outdir: scopeDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    // Chunks shared by the entries (commons, the tracer's classes), so a middleware and its utility are the same classes.
    splitting: true,
    chunkNames: '_chunks/[name]-[hash]',
    format: 'esm',
    platform: 'node',
    target: 'node22',
    minify: true,
    mainFields: ['module', 'main'],
    // The X-Ray SDK is CommonJS and calls require(); give the ESM output one.
    banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
    logLevel: 'warning',
  });
  for (const name of PACKAGES) {
    const installed = JSON.parse(readFileSync(path.join(repositoryRoot, 'node_modules', SCOPE, name, 'package.json'), 'utf8')) as { version: string };
    writeFileSync(
      path.join(scopeDir, name, 'package.json'),
      JSON.stringify({ name: `${SCOPE}/${name}`, version: installed.version, type: 'module', exports: { '.': './index.mjs', './middleware': './middleware.mjs' } }, null, 2),
    );
  }
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
      description: `Powertools for AWS Lambda (${PACKAGES.join(', ')}), shared by the region's functions`,
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

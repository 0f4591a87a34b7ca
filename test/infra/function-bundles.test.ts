// Every function's bundle of the synthesized assembly loads: imported in a fresh process, as Lambda
// loads it (its layer beside it, its template's environment), its module code runs to the end. A
// bundle that fails here fails every cold start. The generated validators load a route's schemas
// with a dynamic import, which makes esbuild wrap the modules they reach; a wrapped module that an
// unwrapped one re-exports with `export *` is never initialized (evanw/esbuild#1490), and two
// functions failed at import that way before @cter/domain re-exported those modules by name.
// Also which functions start zod while they load: zod's core marks its first evaluation on
// `globalThis.__zod_globalConfig`. A request schema is compiled (`npm run validators`) and zod is
// loaded only for a refused request; the functions named in STARTS_ZOD still build schemas at load.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeDirWithLayers, readAssembly, resourcesOfType } from '@cter/twin';
import { ASSEMBLY_DIR } from '../support/assembly';

const stack = readAssembly(ASSEMBLY_DIR)[0]!;
const functions = resourcesOfType(stack, 'AWS::Lambda::Function')
  .filter(([, fn]) => String(fn.Metadata?.['aws:cdk:path']).endsWith('/Function/Resource'))
  .map(([id, fn]) => [String(fn.Metadata?.['aws:cdk:path']).split('/').slice(-3, -2)[0]!, id, fn] as const);

/** The template's value, or a stand-in for one CloudFormation resolves at deploy time (a JSON document where it builds one). */
function envValue(value: unknown): string {
  if (typeof value === 'string') return value;
  const text = JSON.stringify(value);
  return text.includes('"{') || text.includes('["[') ? '{}' : 'resolved-at-deploy';
}

/**
 * The functions that still build zod schemas at load, and why. A function leaving this list is
 * progress (take it out); one joining it is a regression of its cold start (docs/performance.md).
 */
const STARTS_ZOD: Record<string, string> = {
  RecordDisclosure: 'its body has a superRefine; the covenant checks the sharing request with zod (covenant-domain sharing-request.ts)',
  Decide: 'the covenant checks the sharing request with zod (covenant-domain sharing-request.ts)',
  RequestTransfer: 'the hand-over disclosure is decided as a sharing request, checked with zod (covenant-domain sharing-request.ts)',
};

describe('function bundles', () => {
  it('are the functions of the stack', () => expect(functions.length).toBeGreaterThan(40));

  it('name each function that starts zod', () => {
    const names = functions.map(([name]) => name);
    for (const name of Object.keys(STARTS_ZOD)) expect(names, name).toContain(name);
  });

  it.each(functions)('%s loads', (name, id, fn) => {
    const bundle = path.join(codeDirWithLayers(stack, id), 'index.mjs');
    const variables = (fn.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
    const env = {
      PATH: process.env.PATH ?? '',
      ...Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, envValue(v)])),
      AWS_REGION: 'eu-west-1',
      AWS_LAMBDA_FUNCTION_NAME: 'probe',
      AWS_ACCESS_KEY_ID: 'AKIDPROBE',
      AWS_SECRET_ACCESS_KEY: 'probe',
      POWERTOOLS_TRACE_ENABLED: 'false',
    };
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(bundle)}); console.log(typeof m.handler, globalThis.__zod_globalConfig !== undefined);`], { env, encoding: 'utf8', timeout: 30_000 });
    expect(run.stderr.trim(), bundle).toBe('');
    expect(run.stdout.trim()).toBe(`function ${name in STARTS_ZOD}`);
  });
});

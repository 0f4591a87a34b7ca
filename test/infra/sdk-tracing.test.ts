// X-Ray tracing inside the functions is a switch (`cter:sdkTracing`, packages/store/src/tracer.ts):
// off by default, so a cold start does not load the X-Ray SDK; on, the deployed bundle traces as
// before. Both shown on a function of the synthesized assembly, run as Lambda runs it (its layer
// beside it) with an X-Ray daemon socket.
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { afterAll, describe, expect, it } from 'vitest';
import { codeDirWithLayers, readAssembly, resourcesOfType } from '@cter/twin';
import { ASSEMBLY_DIR } from '../support/assembly';
import { SDK_TRACING_CONTEXT, ServiceFunction } from '../../infra/lib/constructs/service-function';

const stack = readAssembly(ASSEMBLY_DIR)[0]!;
const scratch = mkdtempSync(path.join(tmpdir(), 'cter-sdk-tracing-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs the function's bundle once in a fresh process with `POWERTOOLS_TRACE_ENABLED` set; what reached the daemon, and whether the X-Ray SDK was loaded. */
async function invokeOnce(functionId: string, traceEnabled: 'true' | 'false'): Promise<{ segments: string[]; xraySdkLoaded: boolean; statusCode: number }> {
  const fn = resourcesOfType(stack, 'AWS::Lambda::Function').find(([id]) => id === functionId)![1];
  const variables = (fn.Properties?.Environment as { Variables: Record<string, unknown> }).Variables;
  const daemon = createSocket('udp4');
  const segments: string[] = [];
  daemon.on('message', (message) => segments.push(message.toString('utf8')));
  await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
  const probe = path.join(scratch, `probe-${functionId}-${traceEnabled}.mjs`);
  const bundle = path.join(codeDirWithLayers(stack, functionId), 'index.mjs');
  writeFileSync(
    probe,
    [
      `const { handler } = await import(${JSON.stringify(bundle)});`,
      // As the runtime does per invocation of an actively traced function: a sampled trace header.
      `process.env._X_AMZN_TRACE_ID = 'Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')};Parent=${randomBytes(8).toString('hex')};Sampled=1';`,
      "const result = await handler({ httpMethod: 'GET', resource: '/', path: '/', headers: {}, requestContext: { requestId: 'probe' } }, { functionName: 'probe', awsRequestId: 'probe', invokedFunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:probe', getRemainingTimeInMillis: () => 5000 });",
      // cls-hooked, which the X-Ray SDK loads, registers its namespaces on the process.
      'await new Promise((resolve) => setTimeout(resolve, 200));',
      'console.log(JSON.stringify({ statusCode: result.statusCode, xraySdkLoaded: process.namespaces !== undefined }));',
      'process.exit(0);',
    ].join('\n'),
  );
  const env = {
    PATH: process.env.PATH ?? '',
    ...Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, typeof v === 'string' ? v : 'unresolved'])),
    POWERTOOLS_TRACE_ENABLED: traceEnabled,
    AWS_REGION: 'eu-west-1',
    AWS_LAMBDA_FUNCTION_NAME: 'probe',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    _HANDLER: 'index.handler',
    LAMBDA_TASK_ROOT: path.dirname(bundle),
    AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${daemon.address().port}`,
    AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
    AWS_ACCESS_KEY_ID: 'AKIDPROBE',
    AWS_SECRET_ACCESS_KEY: 'probe',
  };
  try {
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [probe], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.on('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`probe exited ${code}: ${stderr.slice(-2000)}`))));
    });
    const last = output.trim().split('\n').at(-1)!;
    return { segments, ...(JSON.parse(last) as { statusCode: number; xraySdkLoaded: boolean }) };
  } finally {
    daemon.close();
  }
}

const catalogue = resourcesOfType(stack, 'AWS::Lambda::Function').find(([, fn]) => String(fn.Metadata?.['aws:cdk:path']).endsWith('/GetCatalogue/Function/Resource'))![0];

describe('X-Ray tracing inside the functions (cter:sdkTracing)', () => {
  it('is off in every function of the synthesized assembly, as cdk.json has it', () => {
    const functions = resourcesOfType(stack, 'AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThan(40);
    for (const [id, fn] of functions) {
      const variables = (fn.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
      // Functions not built by ServiceFunction (CDK's own custom-resource providers) carry no Powertools.
      if (!String(fn.Metadata?.['aws:cdk:path']).endsWith('/Function/Resource')) continue;
      expect(variables.POWERTOOLS_TRACE_ENABLED, id).toBe('false');
      expect(fn.Properties?.TracingConfig, id).toEqual({ Mode: 'Active' });
    }
  });

  it('is turned on by the context, and refuses a value that is not true or false', () => {
    const build = (value: unknown) => {
      const app = new App({ context: { [SDK_TRACING_CONTEXT]: value } });
      const scope = new Stack(app, 'Probe');
      new ServiceFunction(scope, 'GetCatalogue', {
        entry: 'services/measures/handlers/get-catalogue.ts',
        description: 'probe',
        invocation: { by: 'api' },
        environment: { REGION_ID: 'kennemerland' },
        logGroup: new logs.LogGroup(scope, 'Logs'),
      });
      return Template.fromStack(scope);
    };
    build('true').hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: { REGION_ID: 'kennemerland', POWERTOOLS_TRACE_ENABLED: 'true' } } });
    build(false).hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: { POWERTOOLS_TRACE_ENABLED: 'false' } } });
    expect(() => build('yes')).toThrow(/cter:sdkTracing must be true or false/);
  });

  it('off: the deployed bundle never loads the X-Ray SDK and sends no segment', async () => {
    const run = await invokeOnce(catalogue, 'false');
    expect(run.statusCode).toBeGreaterThanOrEqual(400);
    expect(run.xraySdkLoaded).toBe(false);
    expect(run.segments).toEqual([]);
  });

  it('on: the same bundle loads the tracer from its layer and sends the handler segment to the daemon', async () => {
    const run = await invokeOnce(catalogue, 'true');
    expect(run.statusCode).toBeGreaterThanOrEqual(400);
    expect(run.xraySdkLoaded).toBe(true);
    const documents = run.segments.map((s) => JSON.parse(s.split('\n')[1]!) as { name?: string; type?: string });
    expect(documents.some((d) => d.name === '## index.handler')).toBe(true);
  });
});

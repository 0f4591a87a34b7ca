// Checks that FunctionHost runs bundled Lambda assets as Lambda would: isolated environment, INIT once,
// one invocation per environment, timeouts, error mapping, crash recovery and real esbuild bundles.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { FunctionHost, lambdaFunctionName, type FunctionDefinition, type InvokeResult } from '../src/function-host.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/functions/', import.meta.url));

/** What the echo fixture returns. */
interface EchoResult {
  myVar: string | null;
  secret: string | null;
  envKeys: string[];
  lambdaEnv: Record<string, string | undefined>;
  context: {
    awsRequestId: string;
    functionName: string;
    functionVersion: string;
    invokedFunctionArn: string;
    memoryLimitInMB: string;
    logGroupName: string;
    logStreamName: string;
    remainingMs: number;
    callbackWaitsForEmptyEventLoop: boolean;
  };
  coldMarker: string;
  threadId: number;
  invocations: number;
  event: unknown;
  when: unknown;
  nothing?: unknown;
}

const hosts: FunctionHost[] = [];
function host(definition: Partial<FunctionDefinition> & { codeDir: string }, options: ConstructorParameters<typeof FunctionHost>[1] = {}): FunctionHost {
  const h = new FunctionHost(
    {
      name: 'test/Echo',
      handler: 'index.handler',
      environment: { AWS_REGION: 'eu-west-1' },
      timeoutSeconds: 3,
      ...definition,
    },
    { quiet: true, ...options },
  );
  hosts.push(h);
  return h;
}

function echo(result: InvokeResult): EchoResult {
  if (!result.ok) throw new Error(`expected success, got ${result.errorType}: ${result.errorMessage}`);
  return result.result as EchoResult;
}

function failure(result: InvokeResult): { errorType: string; errorMessage: string } {
  if (result.ok) throw new Error(`expected failure, got ${JSON.stringify(result.result)}`);
  return result;
}

afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.stop()));
});

describe('environment isolation', () => {
  beforeAll(() => {
    process.env.CTER_SECRET_TEST = 'must-not-leak';
  });
  afterAll(() => {
    delete process.env.CTER_SECRET_TEST;
  });

  it('gives each function only its own environment plus what Lambda sets', async () => {
    const a = host({ name: 'kennemerland/RegisterSignal', codeDir: path.join(FIXTURES, 'echo'), environment: { MY_VAR: 'a', AWS_REGION: 'eu-west-1' }, memoryMb: 512 });
    const b = host({ codeDir: path.join(FIXTURES, 'echo'), environment: { MY_VAR: 'b', AWS_REGION: 'eu-west-1' } });
    const [ra, rb] = await Promise.all([a.invoke({}, { requestId: 'req-a' }), b.invoke({})]);
    const ea = echo(ra);
    expect(ea.myVar).toBe('a');
    expect(echo(rb).myVar).toBe('b');
    expect(ea.secret).toBeNull();
    // Nothing from the parent beyond the basics (no NODE_OPTIONS, VITEST, HOME, …).
    const allowed = /^(AWS_|LAMBDA_TASK_ROOT$|_HANDLER$|_X_AMZN_TRACE_ID$|TZ$|LANG$|PATH$|TMPDIR$|TMP$|TEMP$|SYSTEMROOT$|MY_VAR$)/;
    expect(ea.envKeys.filter((key) => !allowed.test(key))).toEqual([]);
    expect(ea.envKeys).not.toContain('NODE_OPTIONS');
    expect(ea.envKeys).not.toContain('HOME');

    expect(ea.lambdaEnv).toMatchObject({
      AWS_LAMBDA_FUNCTION_NAME: 'kennemerland-RegisterSignal',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      LAMBDA_TASK_ROOT: path.join(FIXTURES, 'echo'),
      _HANDLER: 'index.handler',
      TZ: 'UTC',
    });
    expect(ea.lambdaEnv._X_AMZN_TRACE_ID).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/);
  });

  it('builds a Lambda-like context', async () => {
    const h = host({ name: 'kennemerland/RegisterSignal', codeDir: path.join(FIXTURES, 'echo'), memoryMb: 512, timeoutSeconds: 3 });
    const { context } = echo(await h.invoke({}, { requestId: 'req-123' }));
    expect(context).toMatchObject({
      awsRequestId: 'req-123',
      functionName: 'kennemerland-RegisterSignal',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:kennemerland-RegisterSignal',
      memoryLimitInMB: '512',
      logGroupName: '/aws/lambda/kennemerland-RegisterSignal',
      callbackWaitsForEmptyEventLoop: true,
    });
    expect(context.logStreamName).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(context.remainingMs).toBeGreaterThan(2000);
    expect(context.remainingMs).toBeLessThanOrEqual(3000);
    expect(lambdaFunctionName('zaanstreek-waterland/Cases.Create')).toBe('zaanstreek-waterland-Cases-Create');
  });

  it('passes events and results as JSON, like the Lambda API', async () => {
    const h = host({ codeDir: path.join(FIXTURES, 'echo') });
    const result = echo(await h.invoke({ at: new Date(0), skip: undefined }));
    expect(result.event).toEqual({ at: '1970-01-01T00:00:00.000Z' });
    expect(result.when).toBe('1970-01-01T00:00:00.000Z');
    expect('nothing' in result).toBe(false);
  });
});

describe('cold and warm starts', () => {
  it('imports the bundle once and reuses the environment', async () => {
    const h = host({ codeDir: path.join(FIXTURES, 'echo') });
    const first = await h.invoke({});
    const second = await h.invoke({});
    const third = await h.invoke({});
    expect([first.coldStart, second.coldStart, third.coldStart]).toEqual([true, false, false]);
    expect(first.initDurationMs).toBeGreaterThan(0);
    expect(second.initDurationMs).toBeUndefined();
    expect(new Set([first, second, third].map((r) => echo(r).coldMarker)).size).toBe(1);
    expect([first, second, third].map((r) => echo(r).invocations)).toEqual([1, 2, 3]);
    expect(h.environmentCount).toBe(1);
  });

  it('resolves nested handler paths', async () => {
    const h = host({ codeDir: path.join(FIXTURES, 'echo'), handler: 'index.nested.handler' });
    expect(await h.invoke({})).toMatchObject({ ok: true, result: 'nested handler' });
  });

  it('loads a CommonJS index.js as CommonJS although the repository is "type": "module"', async () => {
    const h = host({ codeDir: path.join(FIXTURES, 'cjs') });
    expect(await h.invoke({})).toMatchObject({ ok: true, result: { format: 'commonjs', helper: 42 } });
  });
});

describe('concurrency', () => {
  it('runs concurrent invocations in separate environments, then reuses them warm', async () => {
    const h = host({ codeDir: path.join(FIXTURES, 'echo') });
    const round = () => Promise.all(Array.from({ length: 5 }, () => h.invoke({ sleepMs: 200 })));

    const cold = await round();
    const coldMarkers = new Set(cold.map((r) => echo(r).coldMarker));
    expect(coldMarkers.size).toBe(5);
    expect(new Set(cold.map((r) => echo(r).threadId)).size).toBe(5);
    expect(cold.every((r) => r.coldStart)).toBe(true);

    const started = performance.now();
    const warm = await round();
    const elapsed = performance.now() - started;
    expect(warm.every((r) => !r.coldStart)).toBe(true);
    expect(new Set(warm.map((r) => echo(r).coldMarker))).toEqual(coldMarkers);
    // Serially this would take 1000 ms.
    expect(elapsed).toBeLessThan(800);
    expect(h.environmentCount).toBe(5);
  });

  it('queues invocations beyond maxEnvironments', async () => {
    const h = host({ codeDir: path.join(FIXTURES, 'echo') }, { maxEnvironments: 2 });
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: 4 }, () => h.invoke({ sleepMs: 200 })));
    expect(performance.now() - started).toBeGreaterThanOrEqual(390);
    expect(new Set(results.map((r) => echo(r).coldMarker)).size).toBe(2);
    expect(h.environmentCount).toBe(2);
  });
});

describe('failures', () => {
  it('times out, discards the environment and cold-starts the next invoke', async () => {
    const h = host({ codeDir: path.join(FIXTURES, 'echo'), timeoutSeconds: 1 });
    const before = echo(await h.invoke({}));
    const started = performance.now();
    const timedOut = await h.invoke({ sleepMs: 3000 }, { requestId: 'slow-1' });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(failure(timedOut)).toMatchObject({
      errorType: 'Sandbox.Timedout',
      errorMessage: 'RequestId: slow-1 Error: Task timed out after 1.00 seconds',
    });
    const after = await h.invoke({});
    expect(after.coldStart).toBe(true);
    expect(echo(after).coldMarker).not.toBe(before.coldMarker);
    expect(echo(after).invocations).toBe(1);
  });

  it('maps a thrown error to errorType/errorMessage and keeps the environment', async () => {
    const h = host({ codeDir: path.join(FIXTURES, 'echo') });
    const before = echo(await h.invoke({}));
    const thrown = await h.invoke({ throw: 'BSN is invalid' });
    expect(failure(thrown)).toMatchObject({ errorType: 'ValidationError', errorMessage: 'BSN is invalid' });
    expect(thrown.ok === false && thrown.trace?.[0]).toBe('ValidationError: BSN is invalid');
    const after = await h.invoke({});
    expect(after.coldStart).toBe(false);
    expect(echo(after).coldMarker).toBe(before.coldMarker);
  });

  it('reports process.exit as Runtime.ExitError and replaces the environment', async () => {
    const h = host({ codeDir: path.join(FIXTURES, 'echo') });
    const before = echo(await h.invoke({}));
    const crashed = await h.invoke({ exit: true }, { requestId: 'exit-1' });
    expect(failure(crashed)).toMatchObject({
      errorType: 'Runtime.ExitError',
      errorMessage: 'RequestId: exit-1 Error: Runtime exited with error: exit status 1',
    });
    const after = await h.invoke({});
    expect(after.coldStart).toBe(true);
    expect(echo(after).coldMarker).not.toBe(before.coldMarker);
  });

  it('reports uncaught exceptions and unhandled rejections as the runtime does, then recovers', async () => {
    const h = host({ codeDir: path.join(FIXTURES, 'echo') });
    expect(failure(await h.invoke({ uncaught: true }))).toMatchObject({ errorType: 'TypeError', errorMessage: 'late failure' });
    expect(failure(await h.invoke({ reject: true }))).toMatchObject({
      errorType: 'Runtime.UnhandledPromiseRejection',
      errorMessage: 'Error: nobody caught me',
    });
    const after = await h.invoke({});
    expect(after).toMatchObject({ ok: true, coldStart: true });
  });

  it('fails an async handler whose promise never settles once the event loop is empty', async () => {
    const h = host({ codeDir: path.join(FIXTURES, 'echo') });
    expect(failure(await h.invoke({ hang: true })).errorType).toBe('Runtime.NodeJsExit');
  });

  it('rejects responses over 6 MB', async () => {
    const h = host({ codeDir: path.join(FIXTURES, 'echo') });
    expect(failure(await h.invoke({ bigMb: 7 })).errorType).toBe('Function.ResponseSizeTooLarge');
    expect((await h.invoke({})).ok).toBe(true);
  });

  it('refuses requests over 6 MB without running the function, as the Invoke API does', async () => {
    const h = host({ codeDir: path.join(FIXTURES, 'echo') });
    const refused = failure(await h.invoke({ padding: 'x'.repeat(6 * 1024 * 1024) }));
    expect(refused.errorType).toBe('RequestEntityTooLargeException');
    expect(h.environmentCount).toBe(0);
    // Just under the limit the function runs (the echo fixture then answers too much: the response limit).
    expect(failure(await h.invoke({ padding: 'x'.repeat(6 * 1024 * 1024 - 100) })).errorType).toBe('Function.ResponseSizeTooLarge');
  });

  it('reports INIT errors and retries INIT on the next invoke', async () => {
    const noExport = host({ codeDir: path.join(FIXTURES, 'no-export') });
    expect(failure(await noExport.invoke({}))).toEqual(
      expect.objectContaining({ errorType: 'Runtime.HandlerNotFound', errorMessage: 'index.handler is undefined or not exported' }),
    );
    expect(failure(await noExport.invoke({})).errorType).toBe('Runtime.HandlerNotFound');
    expect(noExport.environmentCount).toBe(0);

    const missing = host({ codeDir: path.join(FIXTURES, 'echo'), handler: 'missing.handler' });
    expect(failure(await missing.invoke({})).errorType).toBe('Runtime.ImportModuleError');

    const dir = await mkdtemp(path.join(tmpdir(), 'cter-twin-syntax-'));
    try {
      await writeFile(path.join(dir, 'index.mjs'), 'export const handler = async () => {;\n');
      const broken = host({ codeDir: dir });
      expect(failure(await broken.invoke({})).errorType).toBe('Runtime.UserCodeSyntaxError');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects invokes after stop()', async () => {
    const h = host({ codeDir: path.join(FIXTURES, 'empty') });
    await h.invoke({});
    await h.stop();
    expect(h.environmentCount).toBe(0);
    await expect(h.invoke({})).rejects.toThrow(/stopped/);
  });

  it('ends an invocation in flight when the host stops', async () => {
    const h = host({ codeDir: path.join(FIXTURES, 'echo') });
    const pending = h.invoke({ sleepMs: 2000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await h.stop();
    expect(failure(await pending).errorType).toBe('Runtime.ExitError');
  });
});

describe('callback-style handlers', () => {
  const callbackHost = () => host({ codeDir: path.join(FIXTURES, 'callback') });

  it('returns what is passed to the callback', async () => {
    expect(await callbackHost().invoke({ a: 2, b: 3 })).toMatchObject({ ok: true, result: { mode: 'later', sum: 5 } });
  });

  it('maps callback(error) to an error result', async () => {
    expect(failure(await callbackHost().invoke({ mode: 'error' }))).toMatchObject({ errorType: 'Error', errorMessage: 'callback failure' });
  });

  it('honours callbackWaitsForEmptyEventLoop', async () => {
    const h = callbackHost();
    const waited = await h.invoke({ mode: 'wait' });
    expect(waited).toMatchObject({ ok: true, result: { mode: 'wait' } });
    expect(waited.durationMs).toBeGreaterThanOrEqual(280);

    const h2 = callbackHost();
    const immediate = await h2.invoke({ mode: 'dontWait' });
    expect(immediate).toMatchObject({ ok: true, result: { mode: 'dontWait' } });
    expect(immediate.durationMs).toBeLessThan(200);
  });

  it('answers null for a sync handler that never calls back, and supports context.succeed', async () => {
    const h = callbackHost();
    expect(await h.invoke({ mode: 'never' })).toMatchObject({ ok: true, result: null });
    expect(await h.invoke({ mode: 'succeed' })).toMatchObject({ ok: true, result: { mode: 'succeed' } });
  });
});

describe('logging', () => {
  it('delivers console output line by line with request id and level', async () => {
    const lines: string[] = [];
    const h = host({ codeDir: path.join(FIXTURES, 'echo') }, { onLog: (line) => lines.push(line) });
    await h.invoke({ log: 'the twin' }, { requestId: 'log-1' });
    await new Promise((resolve) => setTimeout(resolve, 50)); // output travels separately from the result
    expect(lines).toContainEqual(expect.stringMatching(/^\S+Z\tlog-1\tINFO\thello from the twin$/));
  });

  it('writes JSON log lines when AWS_LAMBDA_LOG_FORMAT is JSON', async () => {
    const lines: string[] = [];
    const h = host(
      { codeDir: path.join(FIXTURES, 'echo'), environment: { AWS_REGION: 'eu-west-1', AWS_LAMBDA_LOG_FORMAT: 'JSON' } },
      { onLog: (line) => lines.push(line) },
    );
    await h.invoke({ log: 'json' }, { requestId: 'log-2' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records).toContainEqual(expect.objectContaining({ level: 'INFO', requestId: 'log-2', message: 'hello from json' }));
  });
});

describe('real bundles', () => {
  let assetRoot: string;
  beforeAll(async () => {
    // Bundled like infra/lib/constructs/service-function.ts does, into a folder shaped like cdk.out/asset.<hash>.
    assetRoot = await mkdtemp(path.join(tmpdir(), 'cter-twin-assets-'));
    await mkdir(path.join(assetRoot, 'asset.dynamo'));
    await build({
      entryPoints: [path.join(FIXTURES, 'dynamo-src', 'handler.mjs')],
      outfile: path.join(assetRoot, 'asset.dynamo', 'index.mjs'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      minify: true,
      mainFields: ['module', 'main'],
      banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
      logLevel: 'silent',
    });
  });
  afterAll(async () => {
    await rm(assetRoot, { recursive: true, force: true });
  });

  it('runs an esbuild ESM bundle that includes the DynamoDB client', async () => {
    const h = host({
      name: 'kennemerland/Dynamo',
      codeDir: path.join(assetRoot, 'asset.dynamo'),
      environment: { AWS_REGION: 'eu-central-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' },
      memoryMb: 512,
    });
    const first = await h.invoke({ hello: 'world' });
    expect(first).toMatchObject({ ok: true, coldStart: true, result: { region: 'eu-central-1' } });
    expect(first.ok && (first.result as { digest: string }).digest).toMatch(/^[0-9a-f]{16}$/);
    expect((await h.invoke({})).coldStart).toBe(false);

    const empty = await host({ codeDir: path.join(FIXTURES, 'empty') }).invoke({});
    // Reported in the test output so the cost of INIT stays visible.
    console.info(`cold start: empty handler ${empty.initDurationMs} ms, DynamoDB client bundle ${first.initDurationMs} ms`);
  }, 30_000);
});

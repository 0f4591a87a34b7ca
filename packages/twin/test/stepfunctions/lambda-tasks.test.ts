// Lambda tasks on the twin: lambda:invoke and plain function ARNs run the fixture bundle in worker
// threads; Retry/Catch see function errors by their errorType; functions share the virtual clock.
import { afterEach, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { FunctionHost } from '../../src/function-host.js';
import { TwinClock } from '../../src/stepfunctions/index.js';
import { detailsOf, enteredStates, entered, Fixture, fixtureFunctions, functionArn, history, machineArn, spec } from './helpers.js';

const fixture = new Fixture();
afterEach(() => fixture.cleanup());

function functionsOn(clock: TwinClock, names: string[]) {
  const { invoker, hosts } = fixtureFunctions(clock, names);
  fixture.hosts.push(...hosts);
  return invoker;
}

/** Moves the clock 10 minutes at a time until the execution ends: skips Retry pauses without waiting. */
async function driveToEnd(twin: ReturnType<Fixture['twin']>, clock: TwinClock, executionArn: string) {
  for (let i = 0; i < 200; i++) {
    const { status } = await twin.describeExecution({ executionArn });
    if (status !== 'RUNNING') return twin.describeExecution({ executionArn });
    clock.advance(10 * 60_000);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('execution did not end');
}

describe('lambda tasks', () => {
  it('runs lambda:invoke and a plain function ARN with the AWS result shapes', async () => {
    const clock = new TwinClock();
    const twin = fixture.twin({
      clock,
      invokeLambda: functionsOn(clock, ['echo']),
      stateMachines: [
        spec('Happy', {
          StartAt: 'Invoke',
          States: {
            Invoke: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: functionArn('echo'), 'Payload.$': '$' }, ResultPath: '$.invoked', Next: 'Plain' },
            Plain: { Type: 'Task', Resource: functionArn('echo'), InputPath: '$.case', ResultPath: '$.plain', Next: 'Done' },
            Done: { Type: 'Succeed' },
          },
        }),
      ],
    });
    const { executionArn } = await twin.startExecution({ stateMachineArn: machineArn('Happy'), name: 'happy-1', input: JSON.stringify({ case: { id: 'c-1' } }) });
    const done = await twin.awaitExecution(executionArn, { timeoutMs: 10_000 });

    expect(done.status).toBe('SUCCEEDED');
    const output = JSON.parse(done.output!);
    expect(output.invoked).toMatchObject({ ExecutedVersion: '$LATEST', StatusCode: 200, Payload: { received: { case: { id: 'c-1' } } } });
    expect(output.plain).toMatchObject({ received: { id: 'c-1' } });

    const events = await history(twin, executionArn);
    expect(events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
    expect(enteredStates(events)).toEqual(['Invoke', 'Plain', 'Done']);
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    expect(events.slice(1).every((e) => e.previousEventId === e.id - 1)).toBe(true);
    const scheduled = detailsOf(events[2]!);
    expect(scheduled).toMatchObject({ resourceType: 'lambda', resource: 'invoke', region: 'eu-west-1' });
    expect(JSON.parse(String(scheduled.parameters))).toEqual({ FunctionName: functionArn('echo'), Payload: { case: { id: 'c-1' } } });
    expect(detailsOf(events[7]!)).toMatchObject({ resource: functionArn('echo'), input: JSON.stringify({ id: 'c-1' }) });
    expect(twin.stateTransitionCount(executionArn)).toBe(3);
    expect(done.stateTransitionCount).toBe(3);
  });

  it('retries a failing function on the virtual clock: fails twice, then succeeds on the third attempt', async () => {
    const clock = new TwinClock();
    const twin = fixture.twin({
      clock,
      invokeLambda: functionsOn(clock, ['flaky']),
      stateMachines: [
        spec('Flaky', {
          StartAt: 'TryIt',
          States: {
            TryIt: {
              Type: 'Task',
              Resource: 'arn:aws:states:::lambda:invoke',
              Parameters: { FunctionName: functionArn('flaky'), Payload: { key: 'retry-1', failTimes: 2 } },
              // One minute, then two: only the virtual clock makes this test fast.
              Retry: [{ ErrorEquals: ['FlakyError'], IntervalSeconds: 60, BackoffRate: 2, MaxAttempts: 3 }],
              OutputPath: '$.Payload',
              End: true,
            },
          },
        }),
      ],
    });
    const { executionArn } = await twin.startExecution({ stateMachineArn: machineArn('Flaky') });
    const done = await driveToEnd(twin, clock, executionArn);

    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toEqual({ attempts: 3 });
    const events = await history(twin, executionArn);
    expect(events.filter((e) => e.type === 'TaskScheduled')).toHaveLength(3);
    expect(events.filter((e) => e.type === 'TaskFailed').map((e) => detailsOf(e).error)).toEqual(['FlakyError', 'FlakyError']);
    expect(enteredStates(events)).toEqual(['TryIt']);
    // The second attempt starts no earlier than 60 s after the first failure, the third 120 s after the second.
    const failed = events.filter((e) => e.type === 'TaskFailed').map((e) => e.timestamp.getTime());
    const scheduled = events.filter((e) => e.type === 'TaskScheduled').map((e) => e.timestamp.getTime());
    expect(scheduled[1]! - failed[0]!).toBeGreaterThanOrEqual(60_000);
    expect(scheduled[2]! - failed[1]!).toBeGreaterThanOrEqual(120_000);
    // One entered state plus two retries.
    expect(twin.stateTransitionCount(executionArn)).toBe(3);
  });

  it('catches a function that always fails after its retries, by its errorType and by States.TaskFailed', async () => {
    const clock = new TwinClock();
    const twin = fixture.twin({
      clock,
      invokeLambda: functionsOn(clock, ['alwaysFails']),
      stateMachines: [
        spec('Broken', {
          StartAt: 'Doomed',
          States: {
            Doomed: {
              Type: 'Task',
              Resource: 'arn:aws:states:::lambda:invoke',
              Parameters: { FunctionName: functionArn('alwaysFails'), 'Payload.$': '$' },
              Retry: [{ ErrorEquals: ['BoomError'], IntervalSeconds: 1, MaxAttempts: 2 }],
              Catch: [{ ErrorEquals: ['States.TaskFailed'], ResultPath: '$.failure', Next: 'Compensate' }],
              Next: 'Unreachable',
            },
            Unreachable: { Type: 'Fail', Error: 'ShouldNotHappen' },
            Compensate: { Type: 'Pass', End: true },
          },
        }),
      ],
    });
    const { executionArn } = await twin.startExecution({ stateMachineArn: machineArn('Broken'), input: '{"caseId":"c-9"}' });
    const done = await driveToEnd(twin, clock, executionArn);

    expect(done.status).toBe('SUCCEEDED');
    const output = JSON.parse(done.output!);
    expect(output.caseId).toBe('c-9');
    expect(output.failure.Error).toBe('BoomError');
    expect(JSON.parse(output.failure.Cause)).toEqual({ errorMessage: 'this never works', errorType: 'BoomError' });
    const events = await history(twin, executionArn);
    expect(events.filter((e) => e.type === 'TaskFailed')).toHaveLength(3);
    expect(enteredStates(events)).toEqual(['Doomed', 'Compensate']);
  });

  it('fails the execution with the function error when nothing catches it', async () => {
    const clock = new TwinClock();
    const twin = fixture.twin({
      clock,
      invokeLambda: functionsOn(clock, ['alwaysFails']),
      stateMachines: [spec('Uncaught', { StartAt: 'Doomed', States: { Doomed: { Type: 'Task', Resource: functionArn('alwaysFails'), End: true } } })],
    });
    const { executionArn } = await twin.startExecution({ stateMachineArn: machineArn('Uncaught') });
    const done = await twin.awaitExecution(executionArn, { timeoutMs: 10_000 });
    expect(done).toMatchObject({ status: 'FAILED', error: 'BoomError' });
    const events = await history(twin, executionArn);
    expect(events.map((e) => e.type).slice(-2)).toEqual(['LambdaFunctionFailed', 'ExecutionFailed']);
    expect(detailsOf(events.at(-1)!)).toMatchObject({ error: 'BoomError' });
  });

  it('lets functions see the virtual clock (Date.now, new Date(), Date())', async () => {
    const clock = new TwinClock();
    const twin = fixture.twin({
      clock,
      invokeLambda: functionsOn(clock, ['clock']),
      stateMachines: [
        spec('Later', {
          StartAt: 'Sleep',
          States: {
            Sleep: { Type: 'Wait', Seconds: 10 * 24 * 3600, Next: 'Look' },
            Look: { Type: 'Task', Resource: functionArn('clock'), End: true },
          },
        }),
      ],
    });
    const realStart = Date.now();
    const { executionArn } = await twin.startExecution({ stateMachineArn: machineArn('Later') });
    await entered(twin, executionArn, 'Sleep');
    clock.advance(10 * 24 * 3600 * 1000);
    const done = await twin.awaitExecution(executionArn, { timeoutMs: 10_000 });

    expect(done.status).toBe('SUCCEEDED');
    const seen = JSON.parse(done.output!) as { now: number; iso: string; text: string; explicit: string };
    const tenDays = 10 * 24 * 3600 * 1000;
    expect(seen.now).toBeGreaterThanOrEqual(realStart + tenDays);
    expect(seen.now).toBeLessThan(Date.now() + tenDays + 5000);
    expect(Math.abs(Date.parse(seen.iso) - seen.now)).toBeLessThan(5000);
    expect(Math.abs(Date.parse(seen.text) - seen.now)).toBeLessThan(5000);
    expect(seen.explicit).toBe('1970-01-01T00:00:00.000Z');
  });

  it('gives FunctionHost workers the shared clock; without it they keep real time', async () => {
    const clock = new TwinClock();
    const codeDir = fileURLToPath(new URL('../fixtures/functions/sfn/', import.meta.url));
    const definition = { name: 'test/clock', codeDir, handler: 'index.clock', environment: { AWS_REGION: 'eu-west-1' }, timeoutSeconds: 5 };
    const virtual = new FunctionHost(definition, { quiet: true, clock });
    const real = new FunctionHost(definition, { quiet: true });
    fixture.hosts.push(virtual, real);
    const seen = async (host: FunctionHost) => {
      const result = await host.invoke({});
      if (!result.ok) throw new Error(result.errorMessage);
      return result.result as { now: number };
    };
    expect(Math.abs((await seen(virtual)).now - Date.now())).toBeLessThan(2000);
    // The offset is shared memory: a warm worker sees the advance without being told.
    clock.advance(90 * 24 * 3600 * 1000);
    expect((await seen(virtual)).now - Date.now()).toBeGreaterThan(90 * 24 * 3600 * 1000 - 2000);
    expect(Math.abs((await seen(real)).now - Date.now())).toBeLessThan(2000);

    // Lambda's remaining time is a real-time budget, whatever the clock says.
    const echo = new FunctionHost({ ...definition, codeDir: fileURLToPath(new URL('../fixtures/functions/echo/', import.meta.url)), handler: 'index.handler' }, { quiet: true, clock });
    fixture.hosts.push(echo);
    const echoed = await echo.invoke({});
    if (!echoed.ok) throw new Error(echoed.errorMessage);
    const remaining = (echoed.result as { context: { remainingMs: number } }).context.remainingMs;
    expect(remaining).toBeGreaterThan(3000);
    expect(remaining).toBeLessThanOrEqual(5000);
  });
});

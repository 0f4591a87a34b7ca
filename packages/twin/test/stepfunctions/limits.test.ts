// The quotas AWS enforces on a Standard workflow, enforced by the twin too, so a definition that
// passes here cannot fail on them in AWS: the 256 KB state payload (terminal, no Catch takes it),
// the 25,000-event history and the one-year execution.
import { afterEach, describe, expect, it } from 'vitest';
import { TwinClock } from '../../src/stepfunctions/index.js';
import { LIMITS } from '../../src/stepfunctions/execution.js';
import { entered, Fixture, history, inProcessFunctions, machineArn, spec } from './helpers.js';

const fixture = new Fixture();
afterEach(() => fixture.cleanup());

const DAY = 24 * 3600 * 1000;

describe('Step Functions quotas', () => {
  it('fails an execution whose state output passes 256 KB with States.DataLimitExceeded, which a Catch of States.ALL does not take', async () => {
    const twin = fixture.twin({
      clock: new TwinClock(),
      invokeLambda: inProcessFunctions({ big: () => ({ blob: 'x'.repeat(LIMITS.payloadBytes) }), small: () => ({ blob: 'x'.repeat(LIMITS.payloadBytes - 100) }) }).invoker,
      stateMachines: [
        spec('Payload', {
          StartAt: 'Small',
          States: {
            Small: { Type: 'Task', Resource: 'arn:aws:lambda:eu-west-1:123456789012:function:small', ResultPath: '$.small', Next: 'Drop' },
            Drop: { Type: 'Pass', Result: 'dropped', ResultPath: '$.small', Next: 'Big' },
            Big: { Type: 'Task', Resource: 'arn:aws:lambda:eu-west-1:123456789012:function:big', ResultPath: '$.big', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }], End: true },
            Caught: { Type: 'Succeed' },
          },
        }),
      ],
    });
    const { executionArn } = await twin.startExecution({ stateMachineArn: machineArn('Payload'), input: '{}' });
    const done = await twin.awaitExecution(executionArn, { timeoutMs: 10_000 });
    expect(done.status).toBe('FAILED');
    expect(done.error).toBe('States.DataLimitExceeded');
    expect(done.cause).toContain("'Big'");
    const types = (await history(twin, executionArn)).map((e) => e.type);
    expect(types).toContain('PassStateExited');
    expect(types).not.toContain('SucceedStateEntered');
  });

  it('fails an execution whose history would pass 25,000 events', async () => {
    const twin = fixture.twin({
      clock: new TwinClock(),
      invokeLambda: inProcessFunctions({}).invoker,
      stateMachines: [
        spec('Loop', {
          StartAt: 'Count',
          States: {
            Count: { Type: 'Pass', Parameters: { 'n.$': 'States.MathAdd($.n, 1)' }, Next: 'Again' },
            Again: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericLessThan: 20_000, Next: 'Count' }], Default: 'Done' },
            Done: { Type: 'Succeed' },
          },
        }),
      ],
    });
    const { executionArn } = await twin.startExecution({ stateMachineArn: machineArn('Loop'), input: '{"n":0}' });
    const done = await twin.awaitExecution(executionArn, { timeoutMs: 120_000 });
    expect(done.status).toBe('FAILED');
    expect(done.cause).toMatch(/maximum number of history events \(25000\)/);
    const events = await history(twin, executionArn);
    expect(events).toHaveLength(LIMITS.historyEvents);
    expect(events.at(-1)!.type).toBe('ExecutionFailed');
  }, 180_000);

  it('times out an execution after one year, whatever it waits for', async () => {
    const clock = new TwinClock();
    const twin = fixture.twin({
      clock,
      invokeLambda: inProcessFunctions({}).invoker,
      stateMachines: [spec('Long', { StartAt: 'Monitor', States: { Monitor: { Type: 'Wait', Seconds: 400 * 24 * 3600, End: true } } })],
    });
    const { executionArn } = await twin.startExecution({ stateMachineArn: machineArn('Long'), input: '{}' });
    await entered(twin, executionArn, 'Monitor');
    clock.advance(364 * DAY);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await twin.describeExecution({ executionArn })).status).toBe('RUNNING');
    clock.advance(DAY);
    const done = await twin.awaitExecution(executionArn, { timeoutMs: 5000 });
    expect(done.status).toBe('TIMED_OUT');
    expect(done.cause).toMatch(/1 year/);
  });
});

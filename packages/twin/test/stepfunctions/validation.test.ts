// Start-up checks (asl-validator, unsupported resources and features), the virtual clock itself,
// and a clean stop.
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidDefinitionError, StepFunctionsTwin, TwinClock } from '../../src/stepfunctions/index.js';
import { Fixture, inProcessFunctions, machineArn, spec, tokenFor } from './helpers.js';

const fixture = new Fixture();
afterEach(() => fixture.cleanup());

function construct(definition: Record<string, unknown>): StepFunctionsTwin {
  return new StepFunctionsTwin({ clock: new TwinClock(), invokeLambda: inProcessFunctions({}).invoker, stateMachines: [spec('Checked', definition)] });
}

describe('definitions', () => {
  it('rejects a definition asl-validator rejects, with its messages', () => {
    const attempt = () => construct({ StartAt: 'Missing', States: { First: { Type: 'Pass', Next: 'Nowhere' } } });
    expect(attempt).toThrow(InvalidDefinitionError);
    try {
      attempt();
    } catch (error) {
      const messages = (error as InvalidDefinitionError).messages.join('\n');
      expect(messages).toContain('Nowhere');
      expect((error as Error).message).toContain('Checked');
    }
    expect(() => construct({ StartAt: 'X', States: { X: { Type: 'Wait', End: true } } })).toThrow(InvalidDefinitionError);
  });

  it('refuses unknown Task resources and unsupported features at start-up', () => {
    expect(() => construct({ StartAt: 'Q', States: { Q: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', Parameters: { QueueUrl: 'q', MessageBody: 'm' }, End: true } } })).toThrow(
      /'Q': resource arn:aws:states:::sqs:sendMessage is not supported/,
    );
    expect(() =>
      construct({ StartAt: 'M', States: { M: { Type: 'Map', ItemReader: { Resource: 'arn:aws:states:::s3:getObject', Parameters: { Bucket: 'b', Key: 'k' } }, ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true } } }),
    ).toThrow(/'M': Map is not supported by the twin/);
    const waitsForChild = { Type: 'Task', Resource: 'arn:aws:states:::states:startExecution.sync:2', Parameters: { StateMachineArn: machineArn('Other') }, End: true };
    expect(() => construct({ StartAt: 'S', States: { S: waitsForChild } })).toThrow(/'S': resource arn:aws:states:::states:startExecution.sync:2 is not supported/);
    const heartbeat = { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken', Parameters: { FunctionName: 'f', Payload: { 't.$': '$$.Task.Token' } }, HeartbeatSeconds: 60, End: true };
    expect(() => construct({ StartAt: 'H', States: { H: heartbeat } })).toThrow(/'H': HeartbeatSeconds is not supported/);
    expect(() => construct({ TimeoutSeconds: 60, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } })).toThrow(/state machine TimeoutSeconds is not supported/);
  });
});

describe('TwinClock', () => {
  it('starts at real time, moves only forward and fires due timers in order', () => {
    const clock = new TwinClock();
    expect(Math.abs(clock.nowMs() - Date.now())).toBeLessThan(50);
    const fired: string[] = [];
    const t0 = clock.nowMs();
    clock.schedule(t0 + 2000, () => fired.push('b'));
    clock.schedule(t0 + 1000, () => fired.push('a'));
    const cancel = clock.schedule(t0 + 1500, () => fired.push('cancelled'));
    cancel();
    clock.advance(1500);
    expect(fired).toEqual(['a']);
    clock.set(new Date(t0 + 5000));
    expect(fired).toEqual(['a', 'b']);
    expect(() => clock.set(new Date(t0))).toThrow(RangeError);
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(clock.pendingTimers).toBe(0);
    expect(Number(new BigInt64Array(clock.offsetBuffer)[0])).toBeGreaterThanOrEqual(5000 - 50);
  });
});

describe('stop', () => {
  it('leaves no timers or open tasks behind', async () => {
    const clock = new TwinClock();
    const twin = new StepFunctionsTwin({
      clock,
      invokeLambda: inProcessFunctions({ todo: () => ({}) }).invoker,
      stateMachines: [
        spec('Pending', {
          StartAt: 'Both',
          States: {
            Both: {
              Type: 'Parallel',
              Branches: [
                { StartAt: 'Ask', States: { Ask: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken', Parameters: { FunctionName: 'todo', Payload: { 't.$': '$$.Task.Token' } }, TimeoutSeconds: 600, End: true } } },
                { StartAt: 'Sleep', States: { Sleep: { Type: 'Wait', Seconds: 3600, End: true } } },
              ],
              End: true,
            },
          },
        }),
      ],
    });
    const timersBefore = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    await twin.start(0);
    const { executionArn } = await twin.startExecution({ stateMachineArn: machineArn('Pending') });
    await tokenFor(twin, executionArn, 'Ask');
    expect(clock.pendingTimers).toBeGreaterThan(0);
    await twin.stop();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(clock.pendingTimers).toBe(0);
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBeLessThanOrEqual(timersBefore);
    // Stopped, not failed: the execution is still RUNNING (a twin with a stateDir would resume it).
    expect((await twin.describeExecution({ executionArn })).status).toBe('RUNNING');
  });
});

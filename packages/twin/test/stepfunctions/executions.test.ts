// Waits on the virtual clock, executions started from a task, StopExecution, execution
// TimeoutSeconds and StartExecution's name rules.
import { afterEach, describe, expect, it } from 'vitest';
import { SfnServiceError, TwinClock } from '../../src/stepfunctions/index.js';
import { detailsOf, entered, enteredStates, Fixture, history, inProcessFunctions, machineArn, spec, tokenFor } from './helpers.js';

const fixture = new Fixture();
afterEach(() => fixture.cleanup());

const DAY = 24 * 3600 * 1000;

describe('waits and executions', () => {
  it('skips a Wait of 30 days by advancing the clock; the history shows virtual times', async () => {
    const clock = new TwinClock();
    const twin = fixture.twin({
      clock,
      invokeLambda: inProcessFunctions({}).invoker,
      stateMachines: [
        spec('Cooling', {
          StartAt: 'CoolingOff',
          States: {
            CoolingOff: { Type: 'Wait', Seconds: 30 * 24 * 3600, Next: 'UntilDeadline' },
            UntilDeadline: { Type: 'Wait', TimestampPath: '$.deadline', Next: 'Done' },
            Done: { Type: 'Succeed' },
          },
        }),
      ],
    });
    const start = clock.nowMs();
    const deadline = new Date(start + 45 * DAY).toISOString();
    const { executionArn } = await twin.startExecution({ stateMachineArn: machineArn('Cooling'), input: JSON.stringify({ deadline }) });
    await entered(twin, executionArn, 'CoolingOff');

    clock.advance(29 * DAY);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(enteredStates(await history(twin, executionArn))).toEqual(['CoolingOff']);

    clock.advance(DAY);
    await entered(twin, executionArn, 'UntilDeadline');
    clock.set(new Date(Date.parse(deadline)));
    const done = await twin.awaitExecution(executionArn, { timeoutMs: 5000 });

    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toEqual({ deadline });
    const events = await history(twin, executionArn);
    const exited = events.find((e) => e.type === 'WaitStateExited' && detailsOf(e).name === 'CoolingOff')!;
    expect(exited.timestamp.getTime() - start).toBeGreaterThanOrEqual(30 * DAY);
    expect(done.stopDate!.getTime()).toBeGreaterThanOrEqual(Date.parse(deadline));
  });

  it('starts another execution from a task (fire and forget)', async () => {
    const clock = new TwinClock();
    const twin = fixture.twin({
      clock,
      invokeLambda: inProcessFunctions({}).invoker,
      stateMachines: [
        spec('Intake', {
          StartAt: 'HandOver',
          States: {
            HandOver: {
              Type: 'Task',
              Resource: 'arn:aws:states:::states:startExecution',
              Parameters: { StateMachineArn: machineArn('Follow'), 'Name.$': "States.Format('{}-follow', $.caseId)", Input: { 'caseId.$': '$.caseId', 'AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$': '$$.Execution.Id' } },
              ResultPath: '$.handover',
              End: true,
            },
          },
        }),
        spec('Follow', { StartAt: 'Monitor', States: { Monitor: { Type: 'Wait', Seconds: 365 * 24 * 3600, End: true } } }),
      ],
    });
    const { executionArn } = await twin.startExecution({ stateMachineArn: machineArn('Intake'), name: 'intake-1', input: '{"caseId":"c-11"}' });
    const done = await twin.awaitExecution(executionArn, { timeoutMs: 5000 });
    expect(done.status).toBe('SUCCEEDED');
    const output = JSON.parse(done.output!);
    const followArn = machineArn('Follow').replace(':stateMachine:', ':execution:') + ':c-11-follow';
    expect(output.handover).toEqual({ ExecutionArn: followArn, StartDate: expect.any(Number) });

    const child = await twin.describeExecution({ executionArn: followArn });
    expect(child.status).toBe('RUNNING');
    expect(JSON.parse(child.input)).toEqual({ caseId: 'c-11', AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: executionArn });
    const listed = await twin.listExecutions({ stateMachineArn: machineArn('Follow') });
    expect(listed.executions.map((e) => e.name)).toEqual(['c-11-follow']);
    const scheduled = (await history(twin, executionArn)).find((e) => e.type === 'TaskScheduled')!;
    expect(detailsOf(scheduled)).toMatchObject({ resourceType: 'states', resource: 'startExecution' });
  });

  it('stops an execution with StopExecution; its token is then timed out', async () => {
    const clock = new TwinClock();
    const twin = fixture.twin({
      clock,
      invokeLambda: inProcessFunctions({ todo: () => ({}) }).invoker,
      stateMachines: [
        spec('Stoppable', {
          StartAt: 'Ask',
          States: { Ask: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken', Parameters: { FunctionName: 'todo', Payload: { 't.$': '$$.Task.Token' } }, End: true } },
        }),
      ],
    });
    const { executionArn } = await twin.startExecution({ stateMachineArn: machineArn('Stoppable') });
    const token = await tokenFor(twin, executionArn, 'Ask');
    const { stopDate } = await twin.stopExecution({ executionArn, error: 'Case.Withdrawn', cause: 'withdrawn by the applicant' });
    expect(stopDate).toBeInstanceOf(Date);
    const stopped = await twin.describeExecution({ executionArn });
    expect(stopped).toMatchObject({ status: 'ABORTED', error: 'Case.Withdrawn' });
    const events = await history(twin, executionArn);
    expect(events.at(-1)!.type).toBe('ExecutionAborted');
    expect(detailsOf(events.at(-1)!)).toEqual({ error: 'Case.Withdrawn', cause: 'withdrawn by the applicant' });
    await expect(twin.sendTaskSuccess({ taskToken: token, output: '{}' })).rejects.toMatchObject({ name: 'TaskTimedOut' });
    expect(twin.pendingTasks()).toEqual([]);
  });

  it('fails an execution at a Fail state with its Error and Cause', async () => {
    const twin = fixture.twin({
      clock: new TwinClock(),
      invokeLambda: inProcessFunctions({}).invoker,
      stateMachines: [
        spec('Refuse', {
          StartAt: 'Check',
          States: {
            Check: { Type: 'Choice', Choices: [{ Variable: '$.eligible', BooleanEquals: true, Next: 'Ok' }], Default: 'No' },
            Ok: { Type: 'Succeed' },
            No: { Type: 'Fail', Error: 'Case.NotEligible', Cause: 'criteria not met' },
          },
        }),
      ],
    });
    const { executionArn } = await twin.startExecution({ stateMachineArn: machineArn('Refuse'), input: '{"eligible":false}' });
    const done = await twin.awaitExecution(executionArn, { timeoutMs: 5000 });
    expect(done).toMatchObject({ status: 'FAILED', error: 'Case.NotEligible', cause: 'criteria not met' });
    const events = await history(twin, executionArn);
    expect(events.map((e) => e.type)).toEqual(['ExecutionStarted', 'ChoiceStateEntered', 'ChoiceStateExited', 'FailStateEntered', 'ExecutionFailed']);
  });

  it('applies StartExecution name rules: idempotent while running with the same input, else ExecutionAlreadyExists', async () => {
    const twin = fixture.twin({
      clock: new TwinClock(),
      invokeLambda: inProcessFunctions({}).invoker,
      stateMachines: [spec('Slow', { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 60, End: true } } })],
    });
    const first = await twin.startExecution({ stateMachineArn: machineArn('Slow'), name: 'same', input: '{"a":1}' });
    const again = await twin.startExecution({ stateMachineArn: machineArn('Slow'), name: 'same', input: '{"a":1}' });
    expect(again).toEqual(first);
    await expect(twin.startExecution({ stateMachineArn: machineArn('Slow'), name: 'same', input: '{"a":2}' })).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
    await expect(twin.startExecution({ stateMachineArn: machineArn('Slow'), name: 'has space' })).rejects.toMatchObject({ name: 'InvalidName' });
    await expect(twin.startExecution({ stateMachineArn: machineArn('Slow'), input: '{oops' })).rejects.toMatchObject({ name: 'InvalidExecutionInput' });
    await expect(twin.startExecution({ stateMachineArn: machineArn('Nope') })).rejects.toBeInstanceOf(SfnServiceError);
    await expect(twin.describeExecution({ executionArn: first.executionArn.replace('same', 'other') })).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
  });

  it('fails a Parallel when a branch fails: the sibling is cut off, its token expires, Catch takes over', async () => {
    const clock = new TwinClock();
    const twin = fixture.twin({
      clock,
      invokeLambda: inProcessFunctions({ todo: () => ({}) }).invoker,
      stateMachines: [
        spec('Split', {
          StartAt: 'Both',
          States: {
            Both: {
              Type: 'Parallel',
              Branches: [
                { StartAt: 'Ask', States: { Ask: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken', Parameters: { FunctionName: 'todo', Payload: { 't.$': '$$.Task.Token' } }, End: true } } },
                { StartAt: 'Gate', States: { Gate: { Type: 'Wait', Seconds: 60, Next: 'Refuse' }, Refuse: { Type: 'Fail', Error: 'Case.Refused', Cause: 'refused' } } },
              ],
              Catch: [{ ErrorEquals: ['Case.Refused'], ResultPath: '$.refusal', Next: 'Handle' }],
              End: true,
            },
            Handle: { Type: 'Wait', Seconds: 3600, End: true },
          },
        }),
      ],
    });
    const { executionArn } = await twin.startExecution({ stateMachineArn: machineArn('Split'), input: '{"hold":true}' });
    const token = await tokenFor(twin, executionArn, 'Ask');
    await entered(twin, executionArn, 'Gate');
    clock.advance(60_000);
    await entered(twin, executionArn, 'Handle');

    // Still running, but the cut-off branch's task is gone.
    expect((await twin.describeExecution({ executionArn })).status).toBe('RUNNING');
    expect(twin.pendingTasks(executionArn)).toEqual([]);
    await expect(twin.sendTaskSuccess({ taskToken: token, output: '{}' })).rejects.toMatchObject({ name: 'TaskTimedOut' });

    clock.advance(3600_000);
    const done = await twin.awaitExecution(executionArn, { timeoutMs: 5000 });
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toEqual({ hold: true, refusal: { Error: 'Case.Refused', Cause: 'refused' } });
    const types = (await history(twin, executionArn)).map((e) => e.type);
    expect(types).toContain('ParallelStateFailed');
    expect(types.slice(-4)).toEqual(['ParallelStateExited', 'WaitStateEntered', 'WaitStateExited', 'ExecutionSucceeded']);
  });
});

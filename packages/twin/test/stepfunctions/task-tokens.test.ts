// Human steps as task tokens: completed through @aws-sdk/client-sfn against the HTTP endpoint,
// failed into Catch, timed out on the virtual clock, in Parallel branches.
import { afterEach, describe, expect, it } from 'vitest';
import { SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { TwinClock } from '../../src/stepfunctions/index.js';
import { detailsOf, enteredStates, Fixture, functionArn, history, inProcessFunctions, machineArn, spec, tokenFor, waitFor } from './helpers.js';

const fixture = new Fixture();
afterEach(() => fixture.cleanup());

function client(endpoint: string): SFNClient {
  return new SFNClient({ endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
}

/** A human step: the Lambda receives the token (and would e.g. create a to-do), a person answers later. */
function humanStep(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
    Parameters: { FunctionName: functionArn('createTodo'), Payload: { 'caseId.$': '$.caseId', 'taskToken.$': '$$.Task.Token' } },
    ...extra,
  };
}

function twinWith(definition: Record<string, unknown>, clock = new TwinClock()) {
  const functions = inProcessFunctions({ createTodo: () => ({ created: true }) });
  const twin = fixture.twin({ clock, invokeLambda: functions.invoker, stateMachines: [spec('Human', definition)] });
  return { twin, clock, calls: functions.calls };
}

describe('task tokens', () => {
  it('waits for SendTaskSuccess sent with the AWS SDK to the HTTP endpoint', async () => {
    const { twin, calls } = twinWith({ StartAt: 'Assess', States: { Assess: humanStep({ ResultPath: '$.assessment', End: true }) } });
    await twin.start(0);
    const sfn = client(twin.endpoint);

    const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn('Human'), name: 'case-42', input: JSON.stringify({ caseId: 'c-42' }) }));
    const executionArn = started.executionArn!;
    expect(started.startDate).toBeInstanceOf(Date);
    const token = await tokenFor(twin, executionArn, 'Assess');
    await waitFor(() => calls.length === 1, 'the Lambda invocation');
    expect(calls[0]).toEqual({ name: 'createTodo', payload: { caseId: 'c-42', taskToken: token } });

    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ decision: 'approved' }) }));
    const done = await twin.awaitExecution(executionArn, { timeoutMs: 5000 });
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toEqual({ caseId: 'c-42', assessment: { decision: 'approved' } });

    const events = await history(twin, executionArn);
    expect(events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(detailsOf(events[2]!)).toMatchObject({ resourceType: 'lambda', resource: 'invoke.waitForTaskToken' });
    expect(JSON.parse(String(detailsOf(events[4]!).output))).toEqual({ ExecutedVersion: '$LATEST', Payload: { created: true }, StatusCode: 200 });

    // The task is done: the same token now gets the service's TaskTimedOut, an unknown one InvalidToken.
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toMatchObject({ name: 'TaskTimedOut' });
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: 'AQCnot-a-real-token', output: '{}' }))).rejects.toMatchObject({ name: 'InvalidToken', $metadata: { httpStatusCode: 400 } });
  });

  it('rejects output that is not JSON with InvalidOutput and keeps the task open', async () => {
    const { twin } = twinWith({ StartAt: 'Assess', States: { Assess: humanStep({ End: true }) } });
    await twin.start(0);
    const sfn = client(twin.endpoint);
    const { executionArn } = await twin.startExecution({ stateMachineArn: machineArn('Human'), input: '{"caseId":"c-1"}' });
    const token = await tokenFor(twin, executionArn, 'Assess');
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: 'not json' }))).rejects.toMatchObject({ name: 'InvalidOutput' });
    expect(twin.pendingTasks(executionArn)).toHaveLength(1);
  });

  it('turns SendTaskFailure into the named error, which Catch handles', async () => {
    const { twin } = twinWith({
      StartAt: 'Assess',
      States: {
        Assess: humanStep({ Catch: [{ ErrorEquals: ['Case.Rejected'], ResultPath: '$.rejection', Next: 'Rejected' }], Next: 'Approved' }),
        Approved: { Type: 'Succeed' },
        Rejected: { Type: 'Pass', End: true },
      },
    });
    await twin.start(0);
    const { executionArn } = await twin.startExecution({ stateMachineArn: machineArn('Human'), input: '{"caseId":"c-7"}' });
    const token = await tokenFor(twin, executionArn, 'Assess');
    await client(twin.endpoint).send(new SendTaskFailureCommand({ taskToken: token, error: 'Case.Rejected', cause: 'not eligible' }));

    const done = await twin.awaitExecution(executionArn, { timeoutMs: 5000 });
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toEqual({ caseId: 'c-7', rejection: { Error: 'Case.Rejected', Cause: 'not eligible' } });
    const events = await history(twin, executionArn);
    expect(detailsOf(events.find((e) => e.type === 'TaskFailed')!)).toMatchObject({ error: 'Case.Rejected', cause: 'not eligible' });
    expect(enteredStates(events)).toEqual(['Assess', 'Rejected']);
  });

  it('times a token task out after TimeoutSeconds on the virtual clock (Catch States.Timeout)', async () => {
    const { twin, clock } = twinWith({
      StartAt: 'Assess',
      States: {
        Assess: humanStep({
          TimeoutSeconds: 14 * 24 * 3600,
          // States.TaskFailed must not match a timeout, so the second catcher decides.
          Catch: [
            { ErrorEquals: ['States.TaskFailed'], Next: 'Failed' },
            { ErrorEquals: ['States.Timeout'], ResultPath: '$.timeout', Next: 'Escalate' },
          ],
          Next: 'Done',
        }),
        Failed: { Type: 'Fail', Error: 'WrongCatcher' },
        Escalate: { Type: 'Pass', End: true },
        Done: { Type: 'Succeed' },
      },
    });
    const { executionArn } = await twin.startExecution({ stateMachineArn: machineArn('Human'), input: '{"caseId":"c-3"}' });
    const token = await tokenFor(twin, executionArn, 'Assess');

    clock.advance(13 * 24 * 3600 * 1000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await twin.describeExecution({ executionArn })).status).toBe('RUNNING');
    clock.advance(24 * 3600 * 1000);

    const done = await twin.awaitExecution(executionArn, { timeoutMs: 5000 });
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!).timeout.Error).toBe('States.Timeout');
    const events = await history(twin, executionArn);
    expect(detailsOf(events.find((e) => e.type === 'TaskTimedOut')!)).toMatchObject({ error: 'States.Timeout', resource: 'invoke.waitForTaskToken' });
    expect(enteredStates(events)).toEqual(['Assess', 'Escalate']);
    await expect(twin.sendTaskSuccess({ taskToken: token, output: '{}' })).rejects.toMatchObject({ name: 'TaskTimedOut' });
  });

  it('completes two token tasks of a Parallel in either order', async () => {
    const { twin } = twinWith({
      StartAt: 'BothOpinions',
      States: {
        BothOpinions: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'Police', States: { Police: humanStep({ End: true }) } },
            { StartAt: 'Municipality', States: { Municipality: humanStep({ End: true }) } },
          ],
          ResultPath: '$.opinions',
          Next: 'Decide',
        },
        Decide: { Type: 'Pass', End: true },
      },
    });
    const { executionArn } = await twin.startExecution({ stateMachineArn: machineArn('Human'), input: '{"caseId":"c-8"}' });
    const police = await tokenFor(twin, executionArn, 'Police');
    const municipality = await tokenFor(twin, executionArn, 'Municipality');
    expect(police).not.toBe(municipality);

    // Second branch first.
    await twin.sendTaskSuccess({ taskToken: municipality, output: '{"from":"municipality"}' });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect((await twin.describeExecution({ executionArn })).status).toBe('RUNNING');
    await twin.sendTaskSuccess({ taskToken: police, output: '{"from":"police"}' });

    const done = await twin.awaitExecution(executionArn, { timeoutMs: 5000 });
    expect(done.status).toBe('SUCCEEDED');
    // Branch results keep branch order, whatever order the answers came in.
    expect(JSON.parse(done.output!).opinions).toEqual([{ from: 'police' }, { from: 'municipality' }]);
    const events = await history(twin, executionArn);
    const types = events.map((e) => e.type);
    expect(types.slice(0, 3)).toEqual(['ExecutionStarted', 'ParallelStateEntered', 'ParallelStateStarted']);
    expect(types.slice(-6)).toEqual(['TaskStateExited', 'ParallelStateSucceeded', 'ParallelStateExited', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded']);
    expect(new Set(enteredStates(events))).toEqual(new Set(['BothOpinions', 'Police', 'Municipality', 'Decide']));
    expect(enteredStates(events)[0]).toBe('BothOpinions');
    expect(enteredStates(events).at(-1)).toBe('Decide');
    // Each branch's events chain back to ParallelStateStarted.
    const startedId = events.find((e) => e.type === 'ParallelStateStarted')!.id;
    const branchStarts = events.filter((e) => e.type === 'TaskStateEntered');
    expect(branchStarts.map((e) => e.previousEventId)).toEqual([startedId, startedId]);
  });
});

// Persistence and resume: a twin stopped while a token task (inside a Parallel branch) and a Wait
// are pending is replaced by a new twin on the same stateDir; the execution continues from its
// journal without repeating work, the same token completes it and the Wait still ends on time.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TwinClock } from '../../src/stepfunctions/index.js';
import { detailsOf, entered, enteredStates, Fixture, functionArn, history, inProcessFunctions, machineArn, spec, tokenFor } from './helpers.js';

const fixture = new Fixture();
afterEach(() => fixture.cleanup());

const DAY = 24 * 3600 * 1000;

const definition = {
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: functionArn('prepare'), 'Payload.$': '$' }, ResultPath: null, Next: 'Review' },
    Review: {
      Type: 'Parallel',
      Branches: [
        {
          StartAt: 'Assess',
          States: {
            Assess: {
              Type: 'Task',
              Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
              Parameters: { FunctionName: functionArn('createTodo'), Payload: { 'caseId.$': '$.caseId', 'taskToken.$': '$$.Task.Token' } },
              TimeoutSeconds: 30 * 24 * 3600,
              Next: 'Record',
            },
            Record: { Type: 'Pass', End: true },
          },
        },
        {
          StartAt: 'Cooling',
          States: {
            Cooling: { Type: 'Wait', Seconds: 7 * 24 * 3600, Next: 'AfterCooling' },
            AfterCooling: { Type: 'Pass', Result: 'cooled', End: true },
          },
        },
      ],
      ResultPath: '$.review',
      Next: 'Finish',
    },
    Finish: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: functionArn('finish'), 'Payload.$': '$.review' }, OutputPath: '$.Payload', End: true },
  },
};

function functions() {
  return inProcessFunctions({ prepare: () => ({ prepared: true }), createTodo: () => ({ todo: 'created' }), finish: (payload) => ({ finished: payload }) });
}

describe('persistence and resume', () => {
  it('continues an execution after a restart: same token, Wait on time, no work repeated, one history', async () => {
    const stateDir = fixture.tempDir();
    const before = functions();
    const clock1 = new TwinClock();
    const twin1 = fixture.twin({ clock: clock1, invokeLambda: before.invoker, stateMachines: [spec('Review', definition)], stateDir });
    await twin1.start(0);
    const { executionArn } = await twin1.startExecution({ stateMachineArn: machineArn('Review'), name: 'case-77', input: '{"caseId":"c-77"}' });
    const token = await tokenFor(twin1, executionArn, 'Assess');
    await entered(twin1, executionArn, 'Cooling');
    // Two of the seven days pass before the twin goes down.
    clock1.advance(2 * DAY);
    const historyBefore = await history(twin1, executionArn);
    await twin1.stop();

    // On disk: RUNNING, with the pending token in the journal.
    const files = readdirSync(path.join(stateDir, 'executions'));
    expect(files).toHaveLength(1);
    const saved = JSON.parse(readFileSync(path.join(stateDir, 'executions', files[0]!), 'utf8'));
    expect(saved.status).toBe('RUNNING');
    expect(JSON.stringify(saved.journal)).toContain(token);
    expect(before.calls.map((c) => c.name)).toEqual(['prepare', 'createTodo']);

    // A new twin, a new (real-time) clock, new function instances.
    const after = functions();
    const clock2 = new TwinClock();
    const twin2 = fixture.twin({ clock: clock2, invokeLambda: after.invoker, stateMachines: [spec('Review', definition)], stateDir });
    // Virtual time did not go back to real time.
    expect(clock2.nowMs()).toBeGreaterThanOrEqual(historyBefore.at(-1)!.timestamp.getTime());
    await twin2.start(0);
    expect((await twin2.describeExecution({ executionArn })).status).toBe('RUNNING');

    await twin2.sendTaskSuccess({ taskToken: token, output: '{"assessment":"done"}' });
    await entered(twin2, executionArn, 'Record');
    expect((await twin2.describeExecution({ executionArn })).status).toBe('RUNNING');
    clock2.advance(5 * DAY);
    const done = await twin2.awaitExecution(executionArn, { timeoutMs: 5000 });

    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toEqual({ finished: [{ assessment: 'done' }, 'cooled'] });
    // Prepare and createTodo ran once, before the restart; only Finish ran after it.
    expect(after.calls.map((c) => c.name)).toEqual(['finish']);

    const events = await history(twin2, executionArn);
    expect(events.slice(0, historyBefore.length).map((e) => [e.id, e.type])).toEqual(historyBefore.map((e) => [e.id, e.type]));
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    expect(events.filter((e) => e.type === 'ExecutionStarted')).toHaveLength(1);
    expect(events.at(-1)!.type).toBe('ExecutionSucceeded');
    const names = enteredStates(events);
    expect([...names].sort()).toEqual(['AfterCooling', 'Assess', 'Cooling', 'Finish', 'Prepare', 'Record', 'Review']);
    expect(names[0]).toBe('Prepare');
    expect(names[1]).toBe('Review');
    expect(names.at(-1)).toBe('Finish');
    expect(events.filter((e) => e.type === 'TaskScheduled')).toHaveLength(3);
    expect(events.filter((e) => e.type === 'TaskSubmitted')).toHaveLength(1);
    const coolingEntered = events.find((e) => e.type === 'WaitStateEntered')!;
    const coolingExited = events.find((e) => e.type === 'WaitStateExited')!;
    expect(coolingExited.timestamp.getTime() - coolingEntered.timestamp.getTime()).toBeGreaterThanOrEqual(7 * DAY);
    expect(detailsOf(events.find((e) => e.type === 'TaskSucceeded' && String(detailsOf(e).output).includes('assessment'))!)).toMatchObject({ resource: 'invoke.waitForTaskToken' });
    expect(twin2.stateTransitionCount(executionArn)).toBe(7);
  });

  it('keeps finished executions across restarts and resumes a token task at the top level', async () => {
    const stateDir = fixture.tempDir();
    const machines = [
      spec('Simple', {
        StartAt: 'Ask',
        States: {
          Ask: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken', Parameters: { FunctionName: 'createTodo', Payload: { 'token.$': '$$.Task.Token' } }, TimeoutSeconds: 3600, End: true },
        },
      }),
    ];
    const twin1 = fixture.twin({ clock: new TwinClock(), invokeLambda: functions().invoker, stateMachines: machines, stateDir });
    await twin1.start(0);
    const first = await twin1.startExecution({ stateMachineArn: machineArn('Simple'), name: 'first' });
    await twin1.sendTaskSuccess({ taskToken: await tokenFor(twin1, first.executionArn, 'Ask'), output: '1' });
    await twin1.awaitExecution(first.executionArn, { timeoutMs: 5000 });
    const second = await twin1.startExecution({ stateMachineArn: machineArn('Simple'), name: 'second' });
    const token = await tokenFor(twin1, second.executionArn, 'Ask');
    await twin1.stop();

    const clock2 = new TwinClock();
    const twin2 = fixture.twin({ clock: clock2, invokeLambda: functions().invoker, stateMachines: machines, stateDir });
    await twin2.start(0);
    expect((await twin2.listExecutions({ stateMachineArn: machineArn('Simple') })).executions.map((e) => [e.name, e.status])).toEqual([
      ['second', 'RUNNING'],
      ['first', 'SUCCEEDED'],
    ]);
    // The task's timer survives the restart too: one hour after the task started, it times out.
    clock2.advance(3600_000);
    const done = await twin2.awaitExecution(second.executionArn, { timeoutMs: 5000 });
    expect(done).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    await expect(twin2.sendTaskSuccess({ taskToken: token, output: '{}' })).rejects.toMatchObject({ name: 'TaskTimedOut' });
  });

  it('resumes a running execution on the definition it started with, not a newer one', async () => {
    const stateDir = fixture.tempDir();
    const v1 = spec('Versioned', { StartAt: 'Sleep', States: { Sleep: { Type: 'Wait', Seconds: 60, Next: 'Old' }, Old: { Type: 'Pass', Result: 'v1', End: true } } });
    const v2 = spec('Versioned', { StartAt: 'Sleep', States: { Sleep: { Type: 'Wait', Seconds: 60, Next: 'New' }, New: { Type: 'Pass', Result: 'v2', End: true } } });
    const twin1 = fixture.twin({ clock: new TwinClock(), invokeLambda: functions().invoker, stateMachines: [v1], stateDir });
    await twin1.start(0);
    const { executionArn } = await twin1.startExecution({ stateMachineArn: machineArn('Versioned') });
    await entered(twin1, executionArn, 'Sleep');
    await twin1.stop();

    const clock2 = new TwinClock();
    const twin2 = fixture.twin({ clock: clock2, invokeLambda: functions().invoker, stateMachines: [v2], stateDir });
    await twin2.start(0);
    clock2.advance(60_000);
    const done = await twin2.awaitExecution(executionArn, { timeoutMs: 5000 });
    expect(done.output).toBe('"v1"');
    const fresh = await twin2.startExecution({ stateMachineArn: machineArn('Versioned') });
    await entered(twin2, fresh.executionArn, 'Sleep');
    clock2.advance(60_000);
    expect((await twin2.awaitExecution(fresh.executionArn, { timeoutMs: 5000 })).output).toBe('"v2"');
  });
});

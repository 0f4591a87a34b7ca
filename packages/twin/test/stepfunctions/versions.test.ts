// Versions and aliases: a machine the template publishes behind an alias gets a version per
// definition the twin loads; a twin restarted on the same state folder with a changed definition (a
// deploy) publishes the next version and moves the alias, and a running execution keeps its own.
import { afterEach, describe, expect, it } from 'vitest';
import { TwinClock } from '../../src/stepfunctions/index.js';
import { enteredStates, Fixture, functionArn, history, inProcessFunctions, machineArn, spec, tokenFor } from './helpers.js';

const fixture = new Fixture();
afterEach(() => fixture.cleanup());

const definition = (end: Record<string, unknown>) => ({
  StartAt: 'Wait',
  States: {
    Wait: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken', Parameters: { FunctionName: functionArn('open'), Payload: { 'token.$': '$$.Task.Token' } }, Next: 'End' },
    ...end,
  },
});
const v1 = definition({ End: { Type: 'Succeed' } });
const v2 = definition({ End: { Type: 'Pass', Next: 'Ended' }, Ended: { Type: 'Succeed' } });
const versioned = (d: Record<string, unknown>) => ({ ...spec('Intake', d), aliases: ['live'] });

describe('state machine versions and aliases', () => {
  it('an execution started through the alias keeps its version across a deploy; the alias moves to the new one', async () => {
    const stateDir = fixture.tempDir();
    const alias = `${machineArn('Intake')}:live`;
    const twin1 = fixture.twin({ clock: new TwinClock(), invokeLambda: inProcessFunctions({ open: () => ({}) }).invoker, stateMachines: [versioned(v1)], stateDir });
    await twin1.start(0);
    const { executionArn: running } = await twin1.startExecution({ stateMachineArn: alias, name: 'case-1' });
    expect(running).toBe(`${machineArn('Intake').replace(':stateMachine:', ':execution:')}:case-1`);
    expect(await twin1.describeExecution({ executionArn: running })).toMatchObject({ stateMachineAliasArn: alias, stateMachineVersionArn: `${machineArn('Intake')}:1` });
    const token = await tokenFor(twin1, running, 'Wait');
    await twin1.stop();

    const twin2 = fixture.twin({ clock: new TwinClock(), invokeLambda: inProcessFunctions({ open: () => ({}) }).invoker, stateMachines: [versioned(v2)], stateDir });
    await twin2.start(0);
    const { executionArn: fresh } = await twin2.startExecution({ stateMachineArn: alias, name: 'case-2' });
    expect(await twin2.describeExecution({ executionArn: fresh })).toMatchObject({ stateMachineVersionArn: `${machineArn('Intake')}:2` });
    // Version 1 stays startable by its ARN; an unknown version or alias is not.
    const { executionArn: pinned } = await twin2.startExecution({ stateMachineArn: `${machineArn('Intake')}:1`, name: 'case-3' });
    expect(await twin2.describeExecution({ executionArn: pinned })).toMatchObject({ stateMachineVersionArn: `${machineArn('Intake')}:1` });
    expect((await twin2.describeExecution({ executionArn: pinned })).stateMachineAliasArn).toBeUndefined();
    await expect(twin2.startExecution({ stateMachineArn: `${machineArn('Intake')}:3`, name: 'case-4' })).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
    await expect(twin2.startExecution({ stateMachineArn: `${machineArn('Intake')}:prod`, name: 'case-5' })).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });

    await twin2.sendTaskSuccess({ taskToken: token, output: '{}' });
    await twin2.sendTaskSuccess({ taskToken: await tokenFor(twin2, fresh, 'Wait'), output: '{}' });
    expect((await twin2.awaitExecution(running, { timeoutMs: 5000 })).status).toBe('SUCCEEDED');
    expect((await twin2.awaitExecution(fresh, { timeoutMs: 5000 })).status).toBe('SUCCEEDED');
    expect(enteredStates(await history(twin2, running))).toEqual(['Wait', 'End']);
    expect(enteredStates(await history(twin2, fresh))).toEqual(['Wait', 'End', 'Ended']);
    const started = (await history(twin2, fresh)).find((e) => e.type === 'ExecutionStarted')!;
    expect(started.executionStartedEventDetails).toMatchObject({ stateMachineAliasArn: alias, stateMachineVersionArn: `${machineArn('Intake')}:2` });
  });
});

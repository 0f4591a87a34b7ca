// The twin restarted while an execution waits on human decisions (the weighing contributions, a
// Parallel of three task-token waits): after the restart on the same state folder the open tasks
// are still there, deciding them completes the waits, and the execution continues where it was.
import { describe, expect, it } from 'vitest';
import { usePersistentTwin } from '../support/persistent-twin';
import { WorkflowDriver } from '../support/workflow-driver';

const own = usePersistentTwin();
const wf = () => new WorkflowDriver(own, 'kennemerland');

describe('a twin restart with executions waiting on decisions', () => {
  it('keeps the open tasks, and the execution continues once they are decided', async () => {
    const caseId = await wf().signal('haarlem');
    await wf().waitForState(caseId, 'weighing');
    const intake = wf().executionArn('intake', caseId);
    // One contribution before the restart, two after: the Parallel resumes with one branch done.
    await wf().decide('politie', caseId, 'weighing-contribution', 'contributed', 'police');
    const open = await wf().waitForTask('gemeente-haarlem', caseId, 'weighing-contribution', 'municipality');
    const openOm = await wf().waitForTask('om', caseId, 'weighing-contribution', 'prosecutor');
    const statesBefore = await wf().enteredStates(intake);

    const stoppedAt = performance.now();
    await own.restart();
    const restartMs = Math.round(performance.now() - stoppedAt);

    expect(await wf().status(intake)).toBe('RUNNING');
    // The same tasks, still open, for the same partners.
    expect((await wf().tasks('gemeente-haarlem', caseId)).map((t) => t.taskId)).toContain(open.taskId);
    expect((await wf().tasks('om', caseId)).map((t) => t.taskId)).toContain(openOm.taskId);
    expect((await wf().tasks('politie', caseId)).filter((t) => t.kind === 'weighing-contribution')).toEqual([]);

    await wf().decide('gemeente-haarlem', caseId, 'weighing-contribution', 'contributed', 'municipality');
    await wf().decide('om', caseId, 'weighing-contribution', 'nothing-known', 'prosecutor');
    await wf().decide('specialist-re', caseId, 'weighing-interpretation', 'no-indication');
    // The execution went on from the contributions to the weighing decision.
    const decision = await wf().waitForTask('gemeente-haarlem', caseId, 'weighing-decision');
    expect(decision.kind).toBe('weighing-decision');
    expect(await wf().status(intake)).toBe('RUNNING');
    const statesAfter = await wf().enteredStates(intake);
    expect(statesAfter.slice(0, statesBefore.length)).toEqual(statesBefore);
    expect(statesAfter).toContain('WeighingDecision');

    // And on to the end of the weighing: no action.
    await wf().decide('gemeente-haarlem', caseId, 'weighing-decision', 'no-action');
    await wf().waitForStatus(intake, 'SUCCEEDED');
    const closed = await wf().waitForState(caseId, 'no-action');
    const versions = (await own.call('kennemerland.politie', 'GET', `/cases/${caseId}/history`)).body.events.map((e: { version: number }) => e.version);
    expect(versions).toEqual(versions.map((_: number, i: number) => i + 1));
    console.log(`restart: twin restarted in ${restartMs} ms with ${statesBefore.length} states entered; the two open contributions were decided after it and the intake ran on to ${closed.state} (${statesAfter.length} states before the decision)`);
  }, 300_000);
});

// Each state machine is published as a version behind the alias `live`, and executions start through
// the alias: a deploy that changes a definition publishes a new version, running cases keep theirs.
// The deploy here is what the twin can do: a restart on the same state folder with a changed
// cloud assembly (the synthesized one, with the intake's `NoAction` end state turned into two states).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { usePersistentTwin } from '../support/persistent-twin';
import { WorkflowDriver } from '../support/workflow-driver';
import { ASSEMBLY_DIR } from '../support/assembly';

const assemblyDir = ASSEMBLY_DIR;
const deployed = mkdtempSync(path.join(tmpdir(), 'cter-deployed-assembly-'));
afterAll(() => rmSync(deployed, { recursive: true, force: true }));

/** The synthesized assembly with kennemerland's intake changed: after `RecordNoAction` the case passes `NoAction` and ends in `NoActionRecorded`. */
function assemblyWithChangedIntake(): string {
  for (const entry of readdirSync(assemblyDir)) {
    if (entry !== 'assembly-kennemerland') symlinkSync(path.join(assemblyDir, entry), path.join(deployed, entry));
  }
  const stage = path.join(deployed, 'assembly-kennemerland');
  mkdirSync(stage);
  let changed = 0;
  for (const file of readdirSync(path.join(assemblyDir, 'assembly-kennemerland'))) {
    const source = path.join(assemblyDir, 'assembly-kennemerland', file);
    if (!file.endsWith('.template.json')) {
      symlinkSync(source, path.join(stage, file));
      continue;
    }
    const template = JSON.parse(readFileSync(source, 'utf8'));
    for (const resource of Object.values<any>(template.Resources)) {
      if (resource.Type !== 'AWS::StepFunctions::StateMachine' || resource.Properties.StateMachineName !== 'cter-kennemerland-intake') continue;
      const parts: unknown[] = resource.Properties.DefinitionString['Fn::Join'][1];
      resource.Properties.DefinitionString['Fn::Join'][1] = parts.map((part) => {
        if (typeof part !== 'string' || !part.includes('"NoAction":{"Type":"Succeed"}')) return part;
        changed += 1;
        return part.replace('"NoAction":{"Type":"Succeed"}', '"NoAction":{"Type":"Pass","Next":"NoActionRecorded"},"NoActionRecorded":{"Type":"Succeed"}');
      });
    }
    writeFileSync(path.join(stage, file), JSON.stringify(template));
  }
  expect(changed).toBe(1);
  return deployed;
}

const own = usePersistentTwin();

describe('versioned work process', { timeout: 240_000 }, () => {
  it('a case keeps its workflow version across a deploy; a new case runs the new one', async () => {
    const wf = new WorkflowDriver(own, 'kennemerland');
    const alias = 'arn:aws:states:eu-west-1:000000000000:stateMachine:cter-kennemerland-intake:live';
    const before = await wf.signal('haarlem');
    await wf.waitForState(before, 'weighing');
    const intakeBefore = wf.executionArn('intake', before);
    expect(await own.twin().stepFunctions.describeExecution({ executionArn: intakeBefore })).toMatchObject({ stateMachineAliasArn: alias, stateMachineVersionArn: alias.replace(/:live$/, ':1') });
    expect((await wf.caseOf(before)).workflow.versions).toEqual({ [intakeBefore]: alias.replace(/:live$/, ':1') });

    await own.restart(assemblyWithChangedIntake());

    // The running case continues on version 1: it ends in NoAction as that version says.
    await wf.contributeAll(before, 'haarlem');
    await wf.decide('gemeente-haarlem', before, 'weighing-decision', 'no-action');
    await wf.waitForStatus(intakeBefore, 'SUCCEEDED');
    expect((await wf.enteredStates(intakeBefore)).slice(-2)).toEqual(['RecordNoAction', 'NoAction']);

    // A new case starts on version 2 through the same alias and passes the new state.
    const after = await wf.signal('haarlem');
    await wf.waitForState(after, 'weighing');
    const intakeAfter = wf.executionArn('intake', after);
    expect(await own.twin().stepFunctions.describeExecution({ executionArn: intakeAfter })).toMatchObject({ stateMachineAliasArn: alias, stateMachineVersionArn: alias.replace(/:live$/, ':2') });
    await wf.contributeAll(after, 'haarlem');
    await wf.decide('gemeente-haarlem', after, 'weighing-decision', 'no-action');
    await wf.waitForStatus(intakeAfter, 'SUCCEEDED');
    expect((await wf.enteredStates(intakeAfter)).slice(-3)).toEqual(['RecordNoAction', 'NoAction', 'NoActionRecorded']);
    expect((await wf.caseOf(after)).workflow.versions).toEqual({ [intakeAfter]: alias.replace(/:live$/, ':2') });
    expect((await wf.caseOf(before)).workflow.versions).toEqual({ [intakeBefore]: alias.replace(/:live$/, ':1') });
  });
});

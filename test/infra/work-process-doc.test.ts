// The findable work process (docs/work-process.md, docs/work-process/<region>/) is generated from
// the synthesized state machines and the capability matrix: regenerated here, any difference fails.
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeMachine } from '@cter/process-graph';
import { assemblyStateMachines, regionMachines, staleFiles, workProcessFiles } from '../../packages/twin/src/work-process';
import { ASSEMBLY_DIR } from '../support/assembly';

const root = path.resolve(import.meta.dirname, '../..');

describe('the findable work process', () => {
  it('is what the definitions and the capability matrix say today (run `npm run work-process` after a change)', async () => {
    const files = await workProcessFiles(ASSEMBLY_DIR);
    expect(files.has('docs/work-process.md')).toBe(true);
    expect([...files.keys()].filter((f) => f.endsWith('/index.html'))).toHaveLength(3);
    expect(staleFiles(root, files)).toEqual([]);
  });

  it('names every human step of every state machine, with who takes it and its deadline', () => {
    const machines = regionMachines(assemblyStateMachines(ASSEMBLY_DIR), 'kennemerland');
    const intake = describeMachine(machines.find((m) => m.key === 'intake')!);
    const triangle = intake.humanSteps.find((s) => s.state === 'TriangleDecision')!;
    expect(triangle).toMatchObject({ kind: 'triangle-decision', assignees: ['municipality'], deadlineDays: 14, outcomes: ['admit', 'reject'] });
    expect(triangle.overdue?.then).toMatch(/Escalated$/);
    for (const machine of machines) {
      const tasks = JSON.stringify(machine.definition).match(/"taskToken\.\$"/g) ?? [];
      expect(describeMachine(machine).humanSteps, machine.key).toHaveLength(tasks.length);
    }
  });
});

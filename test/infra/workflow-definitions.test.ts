// The synthesized state machines: every human step (a task-token state) has a deadline and
// escalates when it passes, no definition carries the release date or a task token beyond the parameters of its
// own step, and every definition passes asl-validator.
import * as path from 'node:path';
import aslValidator from 'asl-validator';
import { describe, expect, it } from 'vitest';
import { CfnResolver, readAssembly, resourcesOfType } from '@cter/twin';

const stacks = readAssembly(path.resolve(import.meta.dirname, '../../cdk.out'));

interface State {
  Type: string;
  Next?: string;
  Catch?: Array<{ ErrorEquals: string[]; Next: string }>;
  Resource?: string;
  TimeoutSeconds?: number;
  HeartbeatSeconds?: number;
  Branches?: Array<{ States: Record<string, State> }>;
}

function allStates(definition: { States: Record<string, State> }): Array<[string, State]> {
  return Object.entries(definition.States).flatMap(([name, state]) => [[name, state] as [string, State], ...(state.Branches ?? []).flatMap((b) => allStates(b))]);
}

describe.each(stacks.map((s) => [s.stageName, s] as const))('state machines of %s', (_, stack) => {
  const resolver = new CfnResolver(stack);
  const machines = resourcesOfType(stack, 'AWS::StepFunctions::StateMachine').map(([id, m]) => [id, JSON.parse(String(resolver.resolve(m.Properties!.DefinitionString)))] as const);

  it('has the five machines of the work process', () => {
    expect(machines.map(([id]) => id.replace(/StateMachine.*$/, '').replace(/^Workflow/, '')).sort()).toEqual(['detention', 'intake', 'monitoring', 'reception', 'transfer']);
  });

  it.each(machines)('%s: every task-token state has a timeout and no heartbeat (nothing sends one)', (_, definition) => {
    const tokenStates = allStates(definition).filter(([, s]) => s.Type === 'Task' && s.Resource?.endsWith('.waitForTaskToken'));
    expect(tokenStates.length).toBeGreaterThan(0);
    for (const [name, state] of tokenStates) {
      expect(state.TimeoutSeconds, name).toBeGreaterThan(0);
      expect(state.HeartbeatSeconds, name).toBeUndefined();
    }
  });

  it.each(machines)('%s: no human step expires silently: overdue, each escalates to another human step', (_, definition) => {
    const states = new Map(allStates(definition));
    const humanSteps = [...states].filter(([, s]) => s.Type === 'Task' && s.Resource?.endsWith('.waitForTaskToken') && JSON.stringify(s).includes('"stateName"'));
    if (definition.Comment?.includes('(transfer)')) expect(humanSteps).toEqual([]);
    else expect(humanSteps.length).toBeGreaterThan(0);
    for (const [name, state] of humanSteps) {
      const onTimeout = state.Catch?.find((c) => c.ErrorEquals.includes('States.Timeout'));
      expect(onTimeout, name).toBeDefined();
      // The catch expires the overdue task, then the escalation (another human step) opens.
      const escalation = states.get(states.get(onTimeout!.Next)!.Next!);
      expect(escalation?.Resource, name).toMatch(/\.waitForTaskToken$/);
      expect(JSON.stringify(escalation), name).toContain('"kind":"escalation"');
    }
  });

  it.each(machines)('%s: keeps the release date out of state data and the task token in the parameters of its own step only', (_, definition) => {
    expect(JSON.stringify(definition)).not.toContain('releaseDate');
    for (const [name, state] of allStates(definition)) {
      const { Parameters, Branches: _branches, ...rest } = state as State & { Parameters?: unknown };
      // Not in a result, selector, output or path: the token must not outlive the step that hands it out.
      expect(JSON.stringify(rest), name).not.toContain('$$.Task.Token');
      if (JSON.stringify(Parameters ?? {}).includes('$$.Task.Token')) expect(state.Resource, name).toMatch(/\.waitForTaskToken$/);
    }
  });

  it.each(machines)('%s: passes asl-validator', (_, definition) => {
    const result = (aslValidator as unknown as (d: unknown) => { isValid: boolean; errorsText: () => string })(structuredClone(definition));
    expect(result.isValid, result.errorsText()).toBe(true);
  });
});

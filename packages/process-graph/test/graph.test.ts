import { describe, expect, it } from 'vitest';
import { renderSvg, toDot, workflowGraph } from '../src';

const definition = {
  StartAt: 'Record',
  States: {
    Record: { Type: 'Task', Resource: 'arn:fn', Next: 'Gather', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Flag' }] },
    Gather: {
      Type: 'Parallel',
      Next: 'Outcome',
      Branches: [
        { StartAt: 'Police', States: { Police: { Type: 'Task', Resource: 'arn:fn', End: true, Catch: [{ ErrorEquals: ['States.Timeout'], Next: 'PoliceOverdue' }] }, PoliceOverdue: { Type: 'Pass', End: true } } },
        { StartAt: 'Prosecutor', States: { Prosecutor: { Type: 'Task', Resource: 'arn:fn', End: true } } },
      ],
    },
    Outcome: {
      Type: 'Choice',
      Choices: [
        { Variable: '$.weighing.outcome', StringEquals: 'no-action', Next: 'Done' },
        { Variable: '$.count', NumericGreaterThanEquals: 2, Next: 'Done' },
      ],
      Default: 'Flag',
    },
    Done: { Type: 'Succeed' },
    Flag: { Type: 'Task', Resource: 'arn:fn', Next: 'Failed' },
    Failed: { Type: 'Fail' },
  },
};

describe('workflow graph', () => {
  const graph = workflowGraph(definition);

  it('forks a Parallel into its branches and joins them before the next state', () => {
    expect(graph.edges).toEqual(expect.arrayContaining([
      { from: 'Gather', to: 'Police', kind: 'branch' },
      { from: 'Gather', to: 'Prosecutor', kind: 'branch' },
      { from: 'Police', to: 'Gather (join)', kind: 'next' },
      { from: 'PoliceOverdue', to: 'Gather (join)', kind: 'next' },
      { from: 'Prosecutor', to: 'Gather (join)', kind: 'next' },
      { from: 'Gather (join)', to: 'Outcome', kind: 'next' },
      { from: 'Police', to: 'PoliceOverdue', kind: 'catch', label: 'Timeout' },
    ]));
    expect(graph.nodes.find((n) => n.id === 'Police')).toMatchObject({ cluster: 'Gather#0' });
  });

  it('labels Choice rules with what they compare', () => {
    expect(graph.edges.filter((e) => e.from === 'Outcome').map((e) => e.label)).toEqual(['no-action', 'count >= 2', 'otherwise']);
  });

  it('draws a catch of States.ALL as a note on its handler, not an edge from every step', () => {
    const dot = toDot(graph);
    expect(dot).not.toContain('"Record" -> "Flag"');
    expect(dot).toContain('Flag\n(when any step fails)');
    expect(dot).toContain('"Police" -> "PoliceOverdue" [label="Timeout", style=dashed');
  });

  it('marks the states of an execution in the SVG, by id and class', async () => {
    const svg = await renderSvg(toDot(graph, { title: 'test', marks: new Map([['Record', 'visited'], ['Police', 'failed'], ['Prosecutor', 'active']]) }));
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toMatch(/<g id="state:Police" class="node state task failed">/);
    expect(svg).toMatch(/<g id="state:Prosecutor" class="node state task active">/);
    expect(svg).toMatch(/<g id="state:Record" class="node state task visited">/);
    expect(svg).toMatch(/<g id="state:Done" class="node state succeed">/);
    // Graphviz lays out the same definition the same way each time.
    expect(await renderSvg(toDot(graph))).toBe(await renderSvg(toDot(graph)));
  });
});

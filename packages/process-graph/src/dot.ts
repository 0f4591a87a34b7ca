// A workflow graph in Graphviz DOT, with the states of one execution marked: visited, active
// (running now) or failed. Node ids in the SVG are `state:<name>` and carry the mark as a class, so a
// page or a test can find them.
import type { GraphNode, WorkflowGraph } from './graph';

export type StateMark = 'visited' | 'active' | 'failed';

const FILL: Record<StateMark | 'none', string> = { none: '#ffffff', visited: '#e6f4ea', active: '#cce5ff', failed: '#f8d7da' };
const BORDER: Record<StateMark | 'none', string> = { none: '#5f6b7a', visited: '#037f0c', active: '#0972d3', failed: '#d91515' };

function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function nodeLine(node: GraphNode, mark: StateMark | undefined, catchesAll: boolean): string {
  const key = mark ?? 'none';
  const shape = node.type === 'Choice' ? 'diamond' : node.type === 'Succeed' || node.type === 'Fail' ? 'oval' : node.type === 'Join' ? 'point' : 'box';
  const style = node.type === 'Wait' ? 'rounded,filled,dashed' : 'rounded,filled';
  const label = node.type === 'Join' ? '' : node.type === 'Wait' ? `${node.id}\n(wait)` : catchesAll ? `${node.id}\n(when any step fails)` : node.id;
  const fill = node.type === 'Fail' && !mark ? '#fbe9eb' : node.type === 'Succeed' && !mark ? '#eef7ef' : FILL[key];
  const attributes = [
    `id=${quote(`state:${node.id}`)}`,
    `class=${quote(`state ${node.type.toLowerCase()}${mark ? ` ${mark}` : ''}`)}`,
    `label=${quote(label)}`,
    `shape=${shape}`,
    `style=${quote(style)}`,
    `fillcolor=${quote(fill)}`,
    `color=${quote(BORDER[key])}`,
    `penwidth=${mark === 'active' || mark === 'failed' ? 2.5 : 1}`,
    ...(node.type === 'Join' ? ['width=0.08'] : []),
  ];
  return `${quote(node.id)} [${attributes.join(', ')}];`;
}

export function toDot(graph: WorkflowGraph, options: { title?: string; marks?: ReadonlyMap<string, StateMark> } = {}): string {
  const marks = options.marks ?? new Map<string, StateMark>();
  // Every step catches States.ALL into the same handler: one note on it instead of an edge from each step.
  const handlers = new Set(graph.edges.filter((e) => e.kind === 'catch-all').map((e) => e.to));
  const lines = [
    'digraph workflow {',
    '  rankdir=TB; nodesep=0.3; ranksep=0.35;',
    `  graph [fontname="Helvetica", fontsize=11${options.title ? `, label=${quote(options.title)}, labelloc=t` : ''}];`,
    '  node [fontname="Helvetica", fontsize=10, height=0.3];',
    '  edge [fontname="Helvetica", fontsize=8, color="#5f6b7a", arrowsize=0.6];',
    `  "start" [id="state:start", label="", shape=circle, width=0.15, style=filled, fillcolor="#16191f"];`,
    `  "start" -> ${quote(graph.startAt)};`,
  ];
  const write = (cluster: string | undefined, indent: string) => {
    for (const node of graph.nodes.filter((n) => n.cluster === cluster)) lines.push(`${indent}${nodeLine(node, marks.get(node.id), handlers.has(node.id))}`);
    for (const child of graph.clusters.filter((c) => c.parent === cluster)) {
      lines.push(`${indent}subgraph ${quote(`cluster ${child.id}`)} {`, `${indent}  label=${quote(`${child.parallel}, branch ${child.index + 1}`)}; style="dashed"; color="#aab7b8"; fontsize=9;`);
      write(child.id, `${indent}  `);
      lines.push(`${indent}}`);
    }
  };
  write(undefined, '  ');
  for (const edge of graph.edges.filter((e) => e.kind !== 'catch-all')) {
    const attributes = [
      ...(edge.label ? [`label=${quote(edge.label)}`] : []),
      ...(edge.kind === 'catch' ? ['style=dashed', 'color="#d91515"', 'fontcolor="#d91515"'] : []),
      ...(edge.kind === 'default' ? ['style=dotted'] : []),
    ];
    lines.push(`  ${quote(edge.from)} -> ${quote(edge.to)}${attributes.length ? ` [${attributes.join(', ')}]` : ''};`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

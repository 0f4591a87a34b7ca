// The states and transitions of an Amazon States Language definition, as a graph to draw. Parallel
// branches become clusters between a fork and a join node; Catch transitions are edges of their own
// kind. Only the definition is read: never an execution's input or output.

export type StateType = 'Task' | 'Pass' | 'Choice' | 'Wait' | 'Succeed' | 'Fail' | 'Parallel' | 'Map' | 'Join';

export interface GraphNode {
  /** The state name (unique in a state machine, branches included); a Parallel's join is `<name> (join)`. */
  id: string;
  type: StateType;
  /** The branch cluster it sits in: `<parallel>#<index>`, or undefined at the top level. */
  cluster?: string;
}

export interface GraphEdge {
  from: string;
  to: string;
  /** `catch-all`: a Catch of `States.ALL` (the failure handler every step has); drawn as a note on its target. */
  kind: 'next' | 'choice' | 'default' | 'catch' | 'catch-all' | 'branch';
  label?: string;
}

export interface WorkflowGraph {
  startAt: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** The branches of each Parallel (and the item processor of a Map). */
  clusters: Array<{ id: string; parallel: string; index: number; parent?: string }>;
}

type State = Record<string, unknown>;
interface Scope {
  StartAt: string;
  States: Record<string, State>;
}

export const joinOf = (parallel: string): string => `${parallel} (join)`;

export function workflowGraph(definition: Record<string, unknown>): WorkflowGraph {
  const graph: WorkflowGraph = { startAt: String(definition.StartAt), nodes: [], edges: [], clusters: [] };
  addScope(graph, definition as unknown as Scope, undefined, undefined);
  return graph;
}

/** Adds a scope's states; returns the names of its terminal states (End, Succeed), which lead to `exitTo` when given. */
function addScope(graph: WorkflowGraph, scope: Scope, cluster: string | undefined, exitTo: string | undefined): void {
  for (const [name, state] of Object.entries(scope.States)) {
    const type = String(state.Type) as StateType;
    graph.nodes.push({ id: name, type, ...(cluster ? { cluster } : {}) });
    let after = typeof state.Next === 'string' ? state.Next : undefined;
    if (type === 'Parallel' || type === 'Map') {
      const branches = type === 'Parallel' ? (state.Branches as Scope[]) : [(state.ItemProcessor ?? state.Iterator) as Scope];
      const join = joinOf(name);
      graph.nodes.push({ id: join, type: 'Join', ...(cluster ? { cluster } : {}) });
      branches.forEach((branch, index) => {
        const id = `${name}#${index}`;
        graph.clusters.push({ id, parallel: name, index, ...(cluster ? { parent: cluster } : {}) });
        graph.edges.push({ from: name, to: branch.StartAt, kind: 'branch' });
        addScope(graph, branch, id, join);
      });
      if (after) graph.edges.push({ from: join, to: after, kind: 'next' });
      else if (state.End === true && exitTo) graph.edges.push({ from: join, to: exitTo, kind: 'next' });
      after = undefined;
    } else if (type === 'Choice') {
      for (const rule of (state.Choices as State[] | undefined) ?? []) graph.edges.push({ from: name, to: String(rule.Next), kind: 'choice', label: conditionLabel(rule) });
      if (typeof state.Default === 'string') graph.edges.push({ from: name, to: state.Default, kind: 'default', label: 'otherwise' });
    }
    if (after) graph.edges.push({ from: name, to: after, kind: 'next' });
    else if ((state.End === true || type === 'Succeed') && exitTo) graph.edges.push({ from: name, to: exitTo, kind: 'next' });
    for (const handler of (state.Catch as State[] | undefined) ?? []) {
      const errors = (handler.ErrorEquals as string[] | undefined) ?? [];
      const all = errors.length === 1 && errors[0] === 'States.ALL';
      graph.edges.push({ from: name, to: String(handler.Next), kind: all ? 'catch-all' : 'catch', label: errors.map(shortError).join(', ') });
    }
  }
}

function shortError(error: string): string {
  return error.replace(/^States\./, '');
}

/** A short reading of a Choice rule: the compared value, or the operator for compound rules. */
export function conditionLabel(rule: State): string {
  for (const key of ['And', 'Or']) if (Array.isArray(rule[key])) return (rule[key] as State[]).map(conditionLabel).join(key === 'And' ? ' and ' : ' or ');
  if (rule.Not) return `not ${conditionLabel(rule.Not as State)}`;
  const variable = typeof rule.Variable === 'string' ? rule.Variable.replace(/^\$\./, '') : '';
  for (const [key, value] of Object.entries(rule)) {
    if (key === 'Variable' || key === 'Next') continue;
    if (key === 'Condition') return String(value);
    const operator = /GreaterThanEquals/.test(key) ? '>=' : /GreaterThan/.test(key) ? '>' : /LessThanEquals/.test(key) ? '<=' : /LessThan/.test(key) ? '<' : /Equals/.test(key) ? '=' : key;
    return operator === '=' && typeof value === 'string' ? value : `${variable} ${operator} ${String(value)}`;
  }
  return '';
}

// The monitor pages: state machines and executions per region, and an execution's history as the
// console lists it. Only ids, state names, status, times and error names: never input, output or
// causes, which may hold personal data.
import { renderSvg, toDot, workflowGraph, type StateMark } from '@cter/process-graph';
import type { ExecutionRecord, StoredEvent } from './records';
import type { StateMachineSpec } from './types';

export interface MonitorMachine {
  spec: StateMachineSpec;
  executions: Array<{ record: ExecutionRecord; activeStates: string[] }>;
}

export interface MonitorExecution {
  record: ExecutionRecord;
  spec: StateMachineSpec | undefined;
  activeStates: string[];
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:1.5rem;color:#16191f}h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem}h3{font-size:1rem}
table{border-collapse:collapse;margin:.5rem 0 1rem}td,th{border:1px solid #d5dbdb;padding:.3rem .6rem;text-align:left;font-size:.9rem}
th{background:#f2f3f3}.RUNNING{color:#0972d3}.SUCCEEDED{color:#037f0c}.FAILED,.TIMED_OUT{color:#d91515}.ABORTED{color:#5f6b7a}code{font-size:.85rem}
.visited{background:#e6f4ea}.active{background:#cce5ff}.failed{background:#f8d7da}.graph svg{max-width:100%;height:auto}`;

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

function page(title: string, body: string, now: Date): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>${body}<p><small>Twin clock: ${escapeHtml(now.toISOString())} · refreshes every 5 s</small></p></body></html>`;
}

function time(ms: number | undefined): string {
  return ms === undefined ? '' : escapeHtml(new Date(ms).toISOString());
}

function status(value: string): string {
  return `<span class="${escapeHtml(value)}">${escapeHtml(value)}</span>`;
}

export function renderMonitor(machines: MonitorMachine[], now: Date): string {
  const regions = new Map<string, MonitorMachine[]>();
  for (const machine of machines) regions.set(machine.spec.regionId, [...(regions.get(machine.spec.regionId) ?? []), machine]);
  let body = '<h1>Step Functions twin</h1>';
  for (const [regionId, regionMachines] of [...regions].sort(([a], [b]) => a.localeCompare(b))) {
    body += `<h2>Region ${escapeHtml(regionId)} <small><a href="/work-process/${encodeURIComponent(regionId)}">work process</a></small></h2>`;
    for (const { spec, executions } of regionMachines) {
      body += `<h3>${escapeHtml(spec.name)} <small><code>${escapeHtml(spec.arn)}</code> <a href="/monitor/state-machine?arn=${encodeURIComponent(spec.arn)}">graph</a></small></h3>`;
      if (executions.length === 0) {
        body += '<p>No executions.</p>';
        continue;
      }
      body += '<table><tr><th>Execution</th><th>Status</th><th>Started</th><th>Stopped</th><th>Current state</th><th>Error</th></tr>';
      for (const { record, activeStates } of executions) {
        const link = `/monitor/execution?arn=${encodeURIComponent(record.executionArn)}`;
        body += `<tr><td><a href="${escapeHtml(link)}">${escapeHtml(record.name)}</a></td><td>${status(record.status)}</td><td>${time(record.startDate)}</td><td>${time(record.stopDate)}</td><td>${escapeHtml(activeStates.join(', '))}</td><td>${escapeHtml(record.error)}</td></tr>`;
      }
      body += '</table>';
    }
  }
  return page('Step Functions twin', body, now);
}

/** The states an execution went through (visited), is in now (active) and failed in, by state name. */
export function executionMarks(view: MonitorExecution): Map<string, StateMark> {
  const marks = new Map<string, StateMark>();
  for (const event of view.record.history) {
    const step = stepOf(event).replace(/ #\d+$/, '');
    if (!step) continue;
    if (/(Failed|TimedOut)$/.test(event.type) && !event.type.startsWith('Execution')) marks.set(step, 'failed');
    else if (/(Entered|Succeeded)$/.test(event.type) && !(marks.get(step) === 'failed' && event.type.endsWith('Entered'))) marks.set(step, 'visited');
  }
  for (const state of view.activeStates) marks.set(state, 'active');
  return marks;
}

/** A state machine's graph as SVG, with an execution's marks when given. */
export function stateMachineGraph(spec: StateMachineSpec, marks?: ReadonlyMap<string, StateMark>): Promise<string> {
  return renderSvg(toDot(workflowGraph(spec.definition), { title: spec.name, ...(marks ? { marks } : {}) }));
}

const LEGEND = '<p><small>Graph: <span class="visited">visited</span> · <span class="active">running now</span> · <span class="failed">failed</span>; dashed red arrows are caught errors (Timeout: a deadline passed).</small></p>';

export function renderStateMachine(spec: StateMachineSpec, graph: string, now: Date): string {
  const body = `<p><a href="/monitor">All executions</a></p><h1>${escapeHtml(spec.name)}</h1><p><code>${escapeHtml(spec.arn)}</code></p>${LEGEND}<div class="graph">${graph}</div>`;
  return page(`${spec.name} – Step Functions twin`, body, now);
}

export function renderExecution(view: MonitorExecution, now: Date, graph?: string): string {
  const { record, spec, activeStates } = view;
  let body = `<p><a href="/monitor">All executions</a></p><h1>${escapeHtml(record.name)}</h1><table>
<tr><th>Execution ARN</th><td><code>${escapeHtml(record.executionArn)}</code></td></tr>
<tr><th>State machine</th><td>${escapeHtml(spec?.name ?? record.stateMachineArn)}</td></tr>
<tr><th>Region</th><td>${escapeHtml(spec?.regionId ?? '')}</td></tr>
<tr><th>Status</th><td>${status(record.status)}</td></tr>
<tr><th>Started</th><td>${time(record.startDate)}</td></tr>
<tr><th>Stopped</th><td>${time(record.stopDate)}</td></tr>
<tr><th>Current state</th><td>${escapeHtml(activeStates.join(', '))}</td></tr>
<tr><th>Error</th><td>${escapeHtml(record.error)}</td></tr>
<tr><th>State transitions</th><td>${record.stateTransitions}</td></tr></table>
<h2>Events</h2><table><tr><th>ID</th><th>Type</th><th>Step</th><th>Error</th><th>Previous</th><th>Timestamp</th></tr>`;
  for (const event of record.history) {
    body += `<tr><td>${event.id}</td><td>${escapeHtml(event.type)}</td><td>${escapeHtml(stepOf(event))}</td><td>${escapeHtml(errorOf(event))}</td><td>${event.previousEventId}</td><td>${time(event.timestamp)}</td></tr>`;
  }
  body += '</table>';
  if (graph) body += `<h2>Graph</h2>${LEGEND}<div class="graph">${graph}</div>`;
  return page(`${record.name} – Step Functions twin`, body, now);
}

/** The state name (or Map iteration) an event belongs to; nothing from the data. */
function stepOf(event: StoredEvent): string {
  const details = event.details ?? {};
  if (typeof details.name === 'string') return typeof details.index === 'number' ? `${details.name} #${details.index}` : details.name;
  // Task events carry no name; their key ("<scope>|<state>#<attempt>|<event>") does.
  const match = /\|([^|]+)#\d+\|[^|]+(?:\|[^|]+)?$/.exec(event.key);
  return match?.[1] ?? '';
}

function errorOf(event: StoredEvent): string {
  const error = event.details?.error;
  return typeof error === 'string' ? error : '';
}

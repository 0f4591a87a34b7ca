// The findable work process (werkproces): a readable description of how the integral process runs,
// generated from the state machine definitions the platform deploys and from the route registry,
// so it cannot drift from them. Each human step, who takes it, its deadline, its outcomes and where
// it goes when overdue; the case states each machine moves a case through; and what each partner
// sees of a case in each state (the access rule itself, evaluated) and may call.
import { ORGANISATION_TYPES, TASK_SETTINGS, type OrganisationType, type TaskKind } from '@cter/config';
import { caseViewLevel, type CaseViewLevel } from '@cter/access';
import { ROUTE_ENTRIES } from '@cter/routes';
import { CASE_STATES, EARLY_STATES, type CaseState } from '@cter/domain';
import { renderSvg } from './svg';
import { toDot } from './dot';
import { workflowGraph } from './graph';

export interface DeployedMachine {
  /** intake, monitoring, detention, transfer, reception, ... */
  key: string;
  name: string;
  definition: Record<string, unknown>;
}

export interface HumanStep {
  state: string;
  kind: string;
  title: string;
  assignees: string[];
  topic?: string;
  deadlineDays: number;
  outcomes: string[];
  /** The state a missed deadline leads to, and the human step after it (the escalation), if any. */
  overdue?: { state: string; then?: string };
}

export interface MachineDescription {
  key: string;
  name: string;
  comment: string;
  humanSteps: HumanStep[];
  /** Case states the machine moves a case to, with the history event each move records. */
  moves: Array<{ state: string; toState: string; eventType: string }>;
  waits: string[];
}

type State = Record<string, unknown>;

/** Every state of a definition, branches included, in the order the definition lists them. */
function allStates(scope: { States: Record<string, State> }): Array<[string, State]> {
  const found: Array<[string, State]> = [];
  for (const [name, state] of Object.entries(scope.States)) {
    found.push([name, state]);
    for (const branch of (state.Branches as Array<{ States: Record<string, State> }> | undefined) ?? []) found.push(...allStates(branch));
  }
  return found;
}

/** A Lambda step's payload: under `Payload` for the lambda:invoke integration, the parameters themselves for a plain function ARN. */
const payloadOf = (state: State): Record<string, unknown> | undefined => {
  const parameters = state.Parameters as (Record<string, unknown> & { Payload?: Record<string, unknown> }) | undefined;
  return state.Type === 'Task' && parameters ? (parameters.Payload ?? parameters) : undefined;
};

/** States in the order a case meets them: breadth first from StartAt, into branches, along catches. */
function processOrder(definition: Record<string, unknown>): string[] {
  const graph = workflowGraph(definition);
  const order: string[] = [];
  const queue = [graph.startAt];
  while (queue.length) {
    const at = queue.shift()!;
    if (order.includes(at)) continue;
    order.push(at);
    for (const edge of graph.edges) if (edge.from === at && edge.kind !== 'catch-all') queue.push(edge.to);
  }
  return order;
}

export function describeMachine(machine: DeployedMachine): MachineDescription {
  const byName = new Map(allStates(machine.definition as { States: Record<string, State> }));
  const order = processOrder(machine.definition);
  const states = [...byName].sort(([a], [b]) => (order.indexOf(a) + 1 || Infinity) - (order.indexOf(b) + 1 || Infinity));
  const humanOf = (name: string | undefined): string | undefined => {
    // The next human step within a few transitions (an overdue step first expires, then escalates).
    for (let hops = 0, at = name; at && hops < 4; hops++, at = byName.get(at)?.Next as string | undefined) {
      const payload = payloadOf(byName.get(at) ?? {});
      if (payload && 'taskToken.$' in payload) return at;
    }
    return undefined;
  };
  const humanSteps: HumanStep[] = [];
  const moves: MachineDescription['moves'] = [];
  const waits: string[] = [];
  for (const [name, state] of states) {
    const payload = payloadOf(state);
    if (state.Type === 'Wait') waits.push(name);
    if (!payload) continue;
    if ('taskToken.$' in payload && typeof payload.kind === 'string') {
      const kind = payload.kind as TaskKind;
      const settings = TASK_SETTINGS[kind];
      const timeout = (state.Catch as State[] | undefined)?.find((c) => (c.ErrorEquals as string[]).includes('States.Timeout'));
      const overdueState = timeout ? String(timeout.Next) : undefined;
      const then = overdueState ? humanOf(overdueState) : undefined;
      humanSteps.push({
        state: name,
        kind,
        title: settings?.title ?? kind,
        assignees: (payload.assignees as string[] | undefined) ?? [...(settings?.assignees ?? [])],
        ...(typeof payload.topic === 'string' ? { topic: payload.topic } : {}),
        deadlineDays: Math.round((Number(payload.timeoutSeconds ?? state.TimeoutSeconds ?? 0) / 86_400) * 10) / 10,
        outcomes: (payload.allowedOutcomes as string[] | undefined) ?? [...(settings?.outcomes ?? [])],
        ...(overdueState ? { overdue: { state: overdueState, ...(then ? { then } : {}) } } : {}),
      });
    } else if ('taskToken.$' in payload) {
      // A step that waits for another system (the receiving region's answer to a transfer).
      humanSteps.push({ state: name, kind: 'answer', title: 'Wait for the answer of the other region', assignees: [], deadlineDays: Number(state.TimeoutSeconds ?? 0) / 86_400, outcomes: [] });
    } else if (typeof payload.toState === 'string' || typeof payload['toState.$'] === 'string') {
      moves.push({ state: name, toState: String(payload.toState ?? `(${String(payload['toState.$'])})`), eventType: String(payload.eventType ?? '') });
    }
  }
  return { key: machine.key, name: machine.name, comment: String(machine.definition.Comment ?? ''), humanSteps, moves, waits };
}

/** What each organisation type sees of a case in each state: the access rule evaluated on a case of this region. */
export function viewMatrix(regionId: string): Array<{ state: CaseState; levels: Record<string, CaseViewLevel | '-'> }> {
  const types = ORGANISATION_TYPES.filter((t) => t !== 'privacy-officer');
  return CASE_STATES.map((state) => {
    const admitted = !EARLY_STATES.has(state);
    const facts = { caseId: 'case', regionId, municipality: 'municipality', state, participants: [{ organisationId: 'invited' }], ...(admitted ? { admission: { at: '2026-01-01T00:00:00Z', version: 1 } } : {}) };
    const levels = Object.fromEntries(
      types.map((type) => {
        const organisation = { id: type === 'municipality' ? 'municipality' : 'invited', type, name: type, ...(type === 'municipality' ? { municipality: 'municipality' } : {}) };
        return [type, caseViewLevel({ regionId, organisation, principalArn: 'doc' }, facts) ?? '-'];
      }),
    ) as Record<string, CaseViewLevel | '-'>;
    return { state, levels };
  });
}

const WHO: Partial<Record<string, string>> = {
  municipality: 'municipality of the case',
  police: 'police',
  prosecutor: 'public prosecutor (OM)',
  'specialist-re': 'specialist R&E',
  zvh: 'ZVH process director',
  probation: 'probation',
  'prison-service': 'prison service (DJI)',
};
const who = (types: string[]) => (types.length ? types.map((t) => WHO[t] ?? t).join(', ') : '(the other region)');
const cell = (value: string) => value.replace(/\|/g, '\\|');

export interface WorkProcessDocument {
  markdown: string;
  html: string;
  /** Each machine's diagram, by its key. */
  svgs: Record<string, string>;
}

export interface DocumentOptions {
  /** Heading level of the document's title (1: `#`). */
  level?: number;
  /** Where the diagrams are, relative to the Markdown file. */
  diagrams?: string;
}

export async function workProcessDocument(region: { id: string; name: string }, machines: DeployedMachine[], options: DocumentOptions = {}): Promise<WorkProcessDocument> {
  const title = '#'.repeat(options.level ?? 1);
  const section = `${title}#`;
  const described = machines.map(describeMachine);
  const svgs = await Promise.all(machines.map((m) => renderSvg(toDot(workflowGraph(m.definition), { title: m.name }))));
  const md: string[] = [
    `${title} The CTER work process: ${region.name}`,
    '',
    'Generated from the state machine definitions the platform deploys and from the capability matrix',
    '(`npm run work-process`); a test regenerates it and fails on any difference, so it never drifts.',
    '',
  ];
  described.forEach((machine) => {
    md.push(`${section} ${machine.key}: ${machine.comment || machine.name}`, '', `State machine \`${machine.name}\`.`, '');
    if (machine.humanSteps.length) {
      md.push('| Step | Task | Who decides | Deadline (days) | Outcomes | When overdue |', '| --- | --- | --- | --- | --- | --- |');
      for (const step of machine.humanSteps) {
        const overdue = step.overdue ? `${step.overdue.state}${step.overdue.then ? ` → ${step.overdue.then} (${who(machine.humanSteps.find((s) => s.state === step.overdue!.then)?.assignees ?? [])})` : ''}` : '-';
        md.push(`| ${step.state} | ${cell(step.title)}${step.topic ? ` (${step.topic})` : ''} | ${who(step.assignees)} | ${step.deadlineDays} | ${step.outcomes.join(', ') || '-'} | ${overdue} |`);
      }
      md.push('');
    }
    if (machine.moves.length) md.push(`Case states it records: ${machine.moves.map((m) => `${m.toState} (${m.eventType})`).join('; ')}.`, '');
    if (machine.waits.length) md.push(`Waits: ${machine.waits.join(', ')}.`, '');
    md.push(`Diagram: [${machine.key}.svg](${options.diagrams ?? '.'}/${machine.key}.svg)`, '');
  });
  const matrix = viewMatrix(region.id);
  const types = Object.keys(matrix[0]!.levels);
  md.push(
    `${section} What each partner sees of a case`,
    '',
    '`full`: the whole case; `process`: the process view (no signal or weighing data); `invited`: what an invited partner needs, while invited; `-`: nothing (the case does not exist for it). Invited partners are counted as invited here.',
    '',
    `| State | ${types.join(' | ')} |`,
    `| --- | ${types.map(() => '---').join(' | ')} |`,
    ...matrix.map((row) => `| ${row.state} | ${types.map((t) => row.levels[t]).join(' | ')} |`),
    '',
    `${section} What each partner may call`,
    '',
    '| Route | Who | Personal data |',
    '| --- | --- | --- |',
    ...ROUTE_ENTRIES.map((c) => `| \`${c.route}\` | ${c.allowed.join(', ')} | ${c.personalData ? 'yes (audited)' : 'no'} |`),
    '',
  );
  const markdown = `${md.join('\n')}\n`;
  const html = htmlPage(region, described, svgs, markdown, section);
  return { markdown, html, svgs: Object.fromEntries(machines.map((m, i) => [m.key, svgs[i]!])) };
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

/** The same content as one static page with the diagrams inline (no scripts, no external files). */
function htmlPage(region: { id: string; name: string }, machines: MachineDescription[], svgs: string[], markdown: string, section: string): string {
  const sections = markdown.split(new RegExp(`^${section} `, 'm')).slice(1);
  const body = sections
    .map((section) => {
      const [title, ...rest] = section.split('\n');
      const index = machines.findIndex((m) => title!.startsWith(`${m.key}:`));
      const lines = rest.filter((l) => !l.startsWith('Diagram: '));
      return `<section><h2>${escapeHtml(title!)}</h2>${linesToHtml(lines)}${index >= 0 ? `<div class="graph">${svgs[index]}</div>` : ''}</section>`;
    })
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>CTER work process: ${escapeHtml(region.name)}</title>
<style>body{font-family:system-ui,sans-serif;margin:1.5rem;max-width:80rem;color:#16191f}table{border-collapse:collapse;margin:.5rem 0 1rem}td,th{border:1px solid #d5dbdb;padding:.25rem .5rem;font-size:.85rem;text-align:left}th{background:#f2f3f3}.graph svg{max-width:100%;height:auto}</style></head>
<body><h1>The CTER work process: ${escapeHtml(region.name)}</h1>
<p>Generated from the deployed state machine definitions and the capability matrix.</p>
${body}</body></html>
`;
}

/** The few Markdown shapes the document uses: tables, paragraphs, inline code. */
function linesToHtml(lines: string[]): string {
  const out: string[] = [];
  let table: string[][] = [];
  const inline = (text: string) => escapeHtml(text.replace(/\\\|/g, '|')).replace(/`([^`]+)`/g, '<code>$1</code>');
  const flush = () => {
    if (!table.length) return;
    const [head, , ...rows] = table;
    out.push(`<table><tr>${head!.map((h) => `<th>${inline(h)}</th>`).join('')}</tr>${rows.map((r) => `<tr>${r.map((c) => `<td>${inline(c)}</td>`).join('')}</tr>`).join('')}</table>`);
    table = [];
  };
  for (const line of lines) {
    if (line.startsWith('|')) table.push(line.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim()));
    else {
      flush();
      if (line.trim()) out.push(`<p>${inline(line)}</p>`);
    }
  }
  flush();
  return out.join('\n');
}

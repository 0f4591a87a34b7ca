// Moves a demo case through the work process as partners do: each organisation lists the open tasks
// it may take and decides those the scenario has an outcome for, until the case reaches its stage.
// Works from wherever the case is, so a seed that was interrupted picks up where it stopped.
import { ConflictError, CterApiError, NotFoundError, type CterClient } from '@cter/client';
import type { CaseState } from '@cter/domain';
import type { DemoPerson } from './demo-people';
import type { RegionPartners } from './partners';

export type Task = Awaited<ReturnType<CterClient['listTasks']>>['tasks'][number];

/** One decision of a scenario: who takes which task (kind and topic) with which outcome. */
export interface DecisionStep {
  as: string;
  kind: string;
  topic?: string;
  outcome: string;
  reasoning: string;
}

export interface Route {
  /** The stage the case should reach. */
  target: CaseState;
  /** States on the way; a case anywhere else has moved on without the seed and is left alone. */
  through: readonly CaseState[];
  steps: readonly DecisionStep[];
  /** At the target, also wait for this task to be open (what a user exploring the stage sees). */
  readyWhen?: { as: string; kind: string; topic?: string };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const POLL_MS = 750;

/** How long one stage may take on a busy machine: each step is a stream, a state machine and a cold function. */
export const STAGE_TIMEOUT_MS = 180_000;

const matches = (task: Task, wanted: { kind: string; topic?: string }) => task.kind === wanted.kind && (wanted.topic === undefined || task.topic === wanted.topic);

/** The open tasks `client` may take on the case; none (404) where it may not see the case and has no task on it. */
export async function openTasks(client: CterClient, caseId: string): Promise<Task[]> {
  try {
    return (await client.listTasks(caseId)).tasks;
  } catch (error) {
    if (error instanceof NotFoundError) return [];
    throw error;
  }
}

/** The state of the case, as the police (a core partner, which sees every case of its region) lists its tasks. */
export async function stateOf(partners: RegionPartners, caseId: string): Promise<CaseState> {
  return (await partners.as('politie').listTasks(caseId)).state;
}

/** Decides the route's tasks as they open until the case is at the target; returns the state it ended in. */
export async function advance(partners: RegionPartners, caseId: string, route: Route, timeoutMs = STAGE_TIMEOUT_MS): Promise<CaseState> {
  const deadline = Date.now() + timeoutMs;
  const organisations = [...new Set([...route.steps.map((s) => s.as), ...(route.readyWhen ? [route.readyWhen.as] : [])])];
  let lastRefusal = '';
  for (;;) {
    const state = await stateOf(partners, caseId);
    if (state !== route.target && !route.through.includes(state)) return state;
    const open = new Map(await Promise.all(organisations.map(async (o) => [o, await openTasks(partners.as(o), caseId)] as const)));
    const ready = route.readyWhen;
    if (state === route.target && (!ready || open.get(ready.as)!.some((t) => matches(t, ready)))) return state;
    const step = route.steps.find((s) => open.get(s.as)!.some((t) => matches(t, s)));
    if (step) {
      const task = open.get(step.as)!.find((t) => matches(t, step))!;
      try {
        await decide(partners, caseId, task, step);
        continue;
      } catch (error) {
        // Decided meanwhile, or the case moved on between reading and writing: look again.
        if (!(error instanceof ConflictError)) throw error;
        lastRefusal = `; last refusal: ${error.message}`;
      }
    }
    if (Date.now() > deadline) {
      throw new Error(`${partners.region}: case ${caseId} did not reach ${route.target} within ${timeoutMs / 1000} s; it is in ${state}${lastRefusal}`);
    }
    await sleep(POLL_MS);
  }
}

async function decide(partners: RegionPartners, caseId: string, task: Task, step: DecisionStep): Promise<void> {
  // Adopting a plan names the version the consultation saw: the draft the scenario wrote before.
  const planVersion = step.kind === 'plan-adoption' ? (await partners.as(step.as).getPlan(caseId)).plan?.version : undefined;
  if (step.kind === 'plan-adoption' && planVersion === undefined) throw new Error(`${partners.region}: case ${caseId} has no plan to adopt`);
  await partners.as(step.as).decide(caseId, { task: task.taskId, outcome: step.outcome, reasoning: step.reasoning, ...(planVersion !== undefined ? { planVersion } : {}) });
}

/** Waits until the case is in one of `states` (the work process records a state shortly after a decision). */
export async function waitForState(partners: RegionPartners, caseId: string, states: readonly CaseState[], timeoutMs = STAGE_TIMEOUT_MS): Promise<CaseState> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await stateOf(partners, caseId);
    if (states.includes(state)) return state;
    if (Date.now() > deadline) throw new Error(`${partners.region}: case ${caseId} is in ${state}, not ${states.join(' or ')}, after ${timeoutMs / 1000} s`);
    await sleep(POLL_MS);
  }
}

/**
 * A write conditional on the case version (invitation, transfer): read, write, and again when the
 * work process wrote the case in between (409 StaleVersion), as a partner's system does.
 */
export async function withCurrentVersion<T>(client: CterClient, caseId: string, write: (version: number) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const { version } = await client.getCase(caseId);
    try {
      return await write(version);
    } catch (error) {
      if (!(error instanceof CterApiError && error.code === 'StaleVersion') || attempt >= 8) throw error;
      await sleep(250 * attempt);
    }
  }
}

// --- finding a demo person's case ----------------------------------------------------------------

/** The parts of a subject report entry the seed reads. */
export interface ReportedCase {
  case: { caseId: string; caseNumber: string; state: CaseState; regionId: string; createdAt: string; transferIn?: { originCaseId: string } };
  consents: Array<{ consentId: string; holder: string; state: string }>;
  disclosures: Array<{ sender: string; recipients: string[]; categories: string[] }>;
  informing: { current: { kind: string } | null };
}

/**
 * The person's cases in the region, oldest first. The subject report (the privacy officer's subject
 * access) is the only route that finds a person by BSN: case lists carry no personal data.
 */
export async function casesOf(partners: RegionPartners, bsn: string): Promise<ReportedCase[]> {
  const report = await partners.as('privacy-officer').subjectReport({ bsn });
  return (report.cases as unknown as ReportedCase[]).filter((c) => c.case.regionId === partners.region).sort((a, b) => a.case.createdAt.localeCompare(b.case.createdAt));
}

export interface DemoCase {
  caseId: string;
  caseNumber: string;
  created: boolean;
}

/**
 * The demo person's case: found by BSN when an earlier run opened it, else registered now. The
 * deterministic Idempotency-Key makes two seeds at once (or a retry) open one case, not two.
 */
export async function openDemoCase(partners: RegionPartners, person: DemoPerson): Promise<DemoCase> {
  const [existing] = await casesOf(partners, person.signal.subject.bsn);
  if (existing) return { caseId: existing.case.caseId, caseNumber: existing.case.caseNumber, created: false };
  const reply = await partners.as(person.reportedBy).send('POST /signals', { body: person.signal, headers: { 'idempotency-key': `cter-demo.${person.region}.${person.scenario}.v1` } });
  return { caseId: reply.body.caseId, caseNumber: reply.body.caseNumber, created: reply.headers.get('idempotent-replayed') !== 'true' };
}

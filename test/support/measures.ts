// Helpers of the measures tests: a case that reached the case consultation with a pending
// plan-adoption task through the real work process, plans to draft, and evaluation records seeded
// straight into a region's table.
import { randomUUID } from 'node:crypto';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { TaskKind } from '@cter/config';
import { evaluationItem } from '@cter/case-store';
import type { EvaluationRecord } from '@cter/measures-domain/evaluation-export';
import { inject } from 'vitest';
import { apiOf, call, sessionCredentials, signalFor, signedCall, type CallOptions, type Reply } from './signed-client';
import { seedQuietCase } from './covenant';
import { dynamoClient, tableName } from './tables';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Task {
  taskId: string;
  kind: string;
  topic?: string;
}

/** Polls the open tasks the profile may take until one of `kind` (and `topic`) shows up. */
export async function waitForTask(profile: string, caseId: string, kind: string, options: { topic?: string; timeoutMs?: number } = {}): Promise<Task | undefined> {
  const until = Date.now() + (options.timeoutMs ?? 30_000);
  while (Date.now() < until) {
    const reply = await call(profile, 'GET', `/cases/${caseId}/tasks`);
    const task = (reply.body?.tasks as Task[] | undefined)?.find((t) => t.kind === kind && (options.topic === undefined || t.topic === options.topic));
    if (task) return task;
    await sleep(250);
  }
  return undefined;
}

async function decide(profile: string, caseId: string, kind: string, outcome: string, topic?: string): Promise<void> {
  const task = await waitForTask(profile, caseId, kind, topic === undefined ? {} : { topic });
  if (!task) throw new Error(`no ${kind} task for ${profile} on case ${caseId}`);
  const reply = await retryingStale(() => call(profile, 'POST', `/cases/${caseId}/decisions`, { body: { task: task.taskId, outcome, reasoning: `test: ${kind} ${outcome}` } }));
  if (reply.status !== 202) throw new Error(`deciding ${kind}: ${reply.status} ${JSON.stringify(reply.body)}`);
}

/** Seeds an open task of the work process, as open-task.ts writes it (without a waiting execution). */
export async function seedOpenTask(regionId: string, caseId: string, kind: TaskKind, assignees: string[], outcomes: string[]): Promise<string> {
  const { TaskRepository } = await import('../../services/workflow/adapters/task-repository');
  const repository = new TaskRepository({ cases: tableName(regionId, 'DataCasesTable'), audit: tableName(regionId, 'DataAuditTable') });
  const taskId = randomUUID();
  const now = new Date();
  await repository.put({
    taskId,
    caseId,
    kind,
    title: 'Adopt the plan of action in the case consultation',
    assignees: assignees as never,
    allowedOutcomes: outcomes,
    status: 'open',
    createdAt: now.toISOString(),
    dueAt: new Date(now.getTime() + 28 * 86_400_000).toISOString(),
    executionArn: `arn:aws:states:eu-west-1:000000000000:execution:seeded:${caseId}`,
    stateName: 'PlanAdoption',
    token: `seeded-${taskId}`,
  });
  return taskId;
}

/**
 * A haarlem case in the case consultation with a pending plan-adoption task for the ZVH, brought
 * there by the real work process (signal, weighing contributions and decision, the triangle's
 * admission); fails when the process does not get there.
 */
export async function caseInConsultation(region = 'kennemerland', municipality = 'haarlem'): Promise<{ caseId: string }> {
  const registered = await call(`${region}.politie`, 'POST', '/signals', { body: signalFor(municipality) });
  if (registered.status !== 201) throw new Error(`signal: ${registered.status}`);
  const caseId: string = registered.body.caseId;
  // Cold starts of the stream consumer, the state machine's steps and open-task take several seconds.
  if (!(await waitForTask(`${region}.politie`, caseId, 'weighing-contribution', { timeoutMs: 60_000 }))) throw new Error(`the work process opened no weighing task for case ${caseId} within 60 s`);
  await decide(`${region}.gemeente-${municipality}`, caseId, 'weighing-contribution', 'contributed', 'municipality');
  await decide(`${region}.politie`, caseId, 'weighing-contribution', 'contributed', 'police');
  await decide(`${region}.om`, caseId, 'weighing-contribution', 'contributed', 'prosecutor');
  await decide(`${region}.specialist-re`, caseId, 'weighing-interpretation', 'no-indication');
  await decide(`${region}.politie`, caseId, 'weighing-decision', 'propose-admission');
  await decide(`${region}.gemeente-${municipality}`, caseId, 'triangle-decision', 'admit');
  if (!(await waitForTask(`${region}.zvh`, caseId, 'plan-adoption'))) throw new Error('the work process did not reach the plan adoption');
  return { caseId };
}

/**
 * Repeats a write of the case item that a concurrent write of the case made stale (409 StaleVersion),
 * as a partner's system does: the work process writes the case too (on a seeded case, the intake the
 * stream starts for it flags the case, which moves its version).
 */
export async function retryingStale(write: () => Promise<Reply>): Promise<Reply> {
  for (let attempt = 1; ; attempt++) {
    const reply = await write();
    if (reply.status !== 409 || reply.body?.error?.code !== 'StaleVersion' || attempt >= 5) return reply;
    await sleep(200 * attempt);
  }
}

/** Invites the ONE-on-ONE organisation to the case, as the directing municipality does. */
export async function inviteMentoring(region: string, municipality: string, caseId: string): Promise<void> {
  const profile = `${region}.gemeente-${municipality}`;
  const reply = await retryingStale(async () => {
    const read = await call(profile, 'GET', `/cases/${caseId}`);
    return call(profile, 'POST', `/cases/${caseId}/participants`, {
      body: { version: read.body.version, organisationId: 'one-on-one', role: 'mentor', until: new Date(Date.now() + 180 * 86_400_000).toISOString(), reasoning: 'ONE-on-ONE trajectory in the plan of action' },
    });
  });
  if (reply.status !== 201) throw new Error(`invite: ${reply.status} ${JSON.stringify(reply.body)}`);
}

/** The ZVH decides the plan-adoption task, adopting `planVersion`. */
export async function decideAdoption(region: string, caseId: string, taskId: string, planVersion: number | undefined, reasoning = 'Vastgesteld in het casusoverleg'): Promise<Reply> {
  return retryingStale(() => call(`${region}.zvh`, 'POST', `/cases/${caseId}/decisions`, { body: { task: taskId, outcome: 'adopted', reasoning, ...(planVersion === undefined ? {} : { planVersion }) } }));
}

export const addDays = (days: number, from = new Date()) => new Date(from.getTime() + days * 86_400_000).toISOString().slice(0, 10);

/** A young adult's plan: a ONE-on-ONE trajectory and a daytime activity of the municipality (new measures: no ids). */
export function youngAdultPlan(municipalityOrganisation = 'gemeente-haarlem') {
  return {
    targetGroups: ['young-adults'],
    riskFactors: ['social-isolation', 'online-radicalisation'],
    protectiveFactors: ['school-attendance'],
    goals: [
      { goalId: 'g-school', lifeDomain: 'education-and-work', statement: 'Volgt vier dagen per week een opleiding' },
      { goalId: 'g-network', lifeDomain: 'social-network', statement: 'Heeft twee vrienden buiten het extremistische netwerk' },
    ],
    measures: [
      { catalogueId: 'one-on-one-mentoring', owner: { organisationId: 'one-on-one', organisationType: 'mentoring' }, goalIds: ['g-network'], start: addDays(0), plannedEnd: addDays(365) },
      { catalogueId: 'daytime-activity', owner: { organisationId: municipalityOrganisation, organisationType: 'municipality' }, goalIds: ['g-school'], start: addDays(0), plannedEnd: addDays(180) },
    ],
  };
}

/** The ids the platform gave the young adult's measures, from a plan as the API answers it. */
export interface YoungAdultMeasures {
  mentor: string;
  daytime: string;
}

export function measureIdsOf(plan: { measures: Array<{ measureId: string; catalogueId: string }> }): YoungAdultMeasures {
  const idOf = (catalogueId: string) => {
    const found = plan.measures.find((m) => m.catalogueId === catalogueId);
    if (!found) throw new Error(`the plan has no ${catalogueId} measure`);
    return found.measureId;
  };
  return { mentor: idOf('one-on-one-mentoring'), daytime: idOf('daytime-activity') };
}

/** `measures` (as sent, without ids) as a revision keeps them: each named by the id the plan gave its catalogue measure. */
export function keptMeasures<M extends { catalogueId: string }>(plan: { measures: Array<{ measureId: string; catalogueId: string }> }, measures: readonly M[]): Array<M & { measureId: string }> {
  return measures.map((m) => {
    const found = plan.measures.find((p) => p.catalogueId === m.catalogueId);
    if (!found) throw new Error(`the plan has no ${m.catalogueId} measure`);
    return { ...m, measureId: found.measureId };
  });
}

/** Puts evaluation records into a region's table the way an ended measure files them. */
export async function seedEvaluationRecords(regionId: string, records: EvaluationRecord[], quarter: string): Promise<void> {
  const table = tableName(regionId, 'DataCasesTable');
  for (const record of records) {
    await dynamoClient().send(new PutItemCommand({ TableName: table, Item: marshall(evaluationItem(record, quarter, randomUUID()), { removeUndefinedValues: true }) }));
  }
}

type CallAs = (profile: string, method: string, pathAndQuery: string, options?: { body?: unknown }) => Promise<Reply>;

/**
 * The plan version a plan-adoption decision names (`planVersion`): the draft in the case's plan, or
 * the version in force when the consultation confirms it; drafts the young adult's plan when the
 * case has none. For tests that walk the work process; `callAs` is the test's signed client.
 */
export async function planVersionToAdopt(callAs: CallAs, region: string, caseId: string): Promise<number> {
  const read = await callAs(`${region}.zvh`, 'GET', `/cases/${caseId}/plan`);
  if (read.status !== 200) throw new Error(`plan: ${read.status} ${JSON.stringify(read.body)}`);
  if (read.body.plan) return read.body.plan.version;
  const drafted = await callAs(`${region}.zvh`, 'POST', `/cases/${caseId}/plan`, { body: youngAdultPlan() });
  if (drafted.status !== 201) throw new Error(`draft plan: ${drafted.status} ${JSON.stringify(drafted.body)}`);
  return drafted.body.version;
}

/**
 * A case in consultation with the ONE-on-ONE organisation invited and the young adult's plan drafted
 * by the ZVH, with the ids the platform gave its measures. Without `adopted` its work process does not
 * run (a quiet case: nothing moves it on behind the test's back); `adopted`: brought to the
 * consultation by the real work process and adopted by the ZVH's plan-adoption decision on the task
 * the process opened, so the process moves it on to monitoring.
 */
export async function caseWithPlan(region: string, options: { adopted?: boolean } = {}): Promise<{ caseId: string; measures: YoungAdultMeasures; adoptedOn?: string }> {
  let caseId: string;
  if (options.adopted) {
    ({ caseId } = await caseInConsultation(region, 'haarlem'));
    await inviteMentoring(region, 'haarlem', caseId);
  } else {
    const until = new Date(Date.now() + 180 * 86_400_000).toISOString();
    ({ caseId } = await seedQuietCase(region, { municipality: 'haarlem', state: 'consultation', participants: [{ organisationId: 'one-on-one', role: 'mentor', until }] }));
  }
  const drafted = await call(`${region}.zvh`, 'POST', `/cases/${caseId}/plan`, { body: youngAdultPlan() });
  if (drafted.status !== 201) throw new Error(`draft plan: ${drafted.status} ${JSON.stringify(drafted.body)}`);
  const measures = measureIdsOf(drafted.body);
  if (!options.adopted) return { caseId, measures };
  const task = await waitForTask(`${region}.zvh`, caseId, 'plan-adoption');
  if (!task) throw new Error(`no plan-adoption task for the ZVH on case ${caseId}`);
  const decided = await decideAdoption(region, caseId, task.taskId, drafted.body.version);
  if (decided.status !== 202) throw new Error(`adopt: ${decided.status} ${JSON.stringify(decided.body)}`);
  const plan = (await call(`${region}.zvh`, 'GET', `/cases/${caseId}/plan`)).body.plan;
  return { caseId, measures, adoptedOn: String(plan.adoption.adoptedAt).slice(0, 10) };
}

/** Registers a mentor with free places in the region pool (an id unique to the test run). */
export async function mentorWithPlaces(region: string, capacity = 2, languages = ['nl']): Promise<string> {
  const mentorId = `mentor-${randomUUID().slice(0, 8)}`;
  const reply = await call(`${region}.one-on-one`, 'PUT', `/measures/mentors/${mentorId}`, { body: { capacity, languages, gender: 'female' } });
  if (reply.status !== 200) throw new Error(`mentor: ${reply.status} ${JSON.stringify(reply.body)}`);
  return mentorId;
}


/**
 * Calls as a ONE-on-ONE mentor: the organisation's role assumed (twin STS) with the mentor's id as the
 * role session name, which is how the platform tells one mentor from another.
 */
export async function callAsMentor(region: string, mentorId: string, method: string, pathAndQuery: string, options: CallOptions = {}): Promise<Reply> {
  const keys = await sessionCredentials(inject('twin'), `${region}.one-on-one`, mentorId);
  return signedCall(apiOf(region), keys, method, pathAndQuery, options);
}

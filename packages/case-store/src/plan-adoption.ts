// The consultation adopts a plan version by deciding the work process's plan-adoption task
// (POST /cases/{caseId}/decisions with planVersion). The workflow's decision handler takes the items
// that adopt the version from here and writes them in the transaction that claims the task, so a
// decided task and an adopted plan are one fact: neither exists without the other.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { Conflict } from '@cter/domain';
import { dynamo, guarded } from '@cter/store';
import { adoptPlanByDecision, reopenPlan } from '@cter/measures-domain/plan';
import { planKey, type StoredPlan, type TransactItem } from './plan-items';
import { adoptPlanVersion, checkPlan, putEvents, putPlan } from './plan-writes';

/** Task kinds whose decision adopts a plan: the plan adoption itself, and its escalation when overdue. */
export function decisionAdoptsPlan(task: { kind: string; topic?: string }): boolean {
  return task.kind === 'plan-adoption' || (task.kind === 'escalation' && task.topic === 'plan-adoption');
}

/** An evaluation (or its escalation when overdue) that decides to adjust the plan reopens it for a new version. */
export function decisionReopensPlan(task: { kind: string; topic?: string }, outcome: string): boolean {
  return outcome === 'adjust' && (task.kind === 'evaluation' || (task.kind === 'escalation' && task.topic === 'evaluation'));
}

/**
 * The transaction item that reopens the case's plan for a new version (the evaluation decided to
 * adjust it), conditional on the plan's revision read; none when the case has no plan.
 */
export async function planReopeningItems(table: string, caseId: string, decision: { taskId: string; decidedAt: string; decidedBy: string }): Promise<TransactItem[]> {
  const stored = await readPlan(table, caseId);
  if (!stored) return [];
  const plan = reopenPlan(stored.plan, { decisionId: decision.taskId, at: decision.decidedAt, by: decision.decidedBy });
  return [putPlan(table, { ...stored, plan, rev: stored.rev + 1 }, stored.rev)];
}

async function readPlan(table: string, caseId: string): Promise<StoredPlan | undefined> {
  const out = await guarded(() => dynamo().send(new GetCommand({ TableName: table, Key: planKey(caseId), ConsistentRead: true })));
  return out.Item ? ({ plan: out.Item.plan, rev: Number(out.Item.rev), personKey: String(out.Item.personKey) } as StoredPlan) : undefined;
}

/**
 * The transaction items that adopt `planVersion` of the case's plan, assign its measures and put
 * their `measure.assigned` events in the outbox. The first item is conditional on the plan's
 * revision: if the plan changed since it was read, the whole decision is refused.
 */
export async function planAdoptionItems(table: string, caseId: string, planVersion: number, decision: { taskId: string; decidedAt: string }): Promise<TransactItem[]> {
  const stored = await readPlan(table, caseId);
  if (!stored) throw new Conflict('the case has no plan of action to adopt; draft one first (POST /cases/{caseId}/plan)');
  // A consultation that reconsiders the plan (the monitoring cycle's replan after an escalation) may
  // confirm the version in force as it is: nothing changes, but the decision still holds only if the
  // plan did not change. After an evaluation reopened the plan for adjustment it needs a new version.
  if (stored.plan.status === 'adopted' && stored.plan.version === planVersion) {
    if (stored.plan.reopened) throw new Conflict('the evaluation reopened the plan for adjustment: draft a new version (POST /cases/{caseId}/plan with basedOnVersion) and adopt that');
    return [checkPlan(table, caseId, stored.rev)];
  }
  const { plan, events } = adoptPlanByDecision(stored.plan, {
    // The decision on the task is the consultation's decision: the task id names both.
    decisionId: decision.taskId,
    consultationId: decision.taskId,
    caseId,
    outcome: 'adopt-plan',
    planId: stored.plan.planId,
    planVersion,
    decidedAt: decision.decidedAt,
  });
  return [putPlan(table, { ...stored, plan, rev: stored.rev + 1 }, stored.rev), adoptPlanVersion(table, caseId, planVersion, plan.adoption!), ...putEvents(table, events)];
}

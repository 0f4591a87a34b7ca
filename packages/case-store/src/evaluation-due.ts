// Evaluation due dates of an adopted plan, for the work process: the monitoring cycle asks when the
// next evaluation falls due, and the plan's target groups decide (evaluation-schedule.ts).
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, guarded } from '@cter/store';
import type { TargetGroup } from '@cter/measures-domain/catalogue/vocabulary';
import { evaluationIntervalFor } from '@cter/measures-domain/evaluation-schedule';
import type { Plan } from '@cter/measures-domain/plan';
import { planKey, planVersionKey } from './plan-items';

/** Target groups of the plan version in force: the adopted current version, or the adopted one a draft revises. */
async function targetGroupsInForce(table: string, caseId: string): Promise<{ targetGroups: TargetGroup[]; planVersion: number } | undefined> {
  const head = await guarded(() => dynamo().send(new GetCommand({ TableName: table, Key: planKey(caseId), ConsistentRead: true, ProjectionExpression: '#p', ExpressionAttributeNames: { '#p': 'plan' } })));
  const plan = head.Item?.plan as Plan | undefined;
  if (!plan) return undefined;
  if (plan.status === 'adopted') return { targetGroups: plan.targetGroups, planVersion: plan.version };
  if (plan.inForceVersion === undefined) return undefined;
  const version = await guarded(() => dynamo().send(new GetCommand({ TableName: table, Key: planVersionKey(caseId, plan.inForceVersion!), ConsistentRead: true })));
  const targetGroups = version.Item?.content?.targetGroups as TargetGroup[] | undefined;
  return targetGroups ? { targetGroups, planVersion: plan.inForceVersion } : undefined;
}

/**
 * When the evaluation after `cycle` falls due: the first after adoption sooner for young people and
 * detainees, later ones at the group's rhythm. Undefined when the case has no adopted plan.
 */
export async function nextEvaluationDue(table: string, caseId: string, cycle: number, now: Date): Promise<{ dueAt: string; planVersion: number; weeks: number } | undefined> {
  const inForce = await targetGroupsInForce(table, caseId);
  if (!inForce) return undefined;
  const interval = evaluationIntervalFor(inForce.targetGroups);
  const weeks = cycle === 0 ? interval.firstAfterWeeks : interval.thenEveryWeeks;
  return { dueAt: new Date(now.getTime() + weeks * 7 * 86_400_000).toISOString(), planVersion: inForce.planVersion, weeks };
}

// The rules of a plan's content that a field's schema cannot state: goals phrased positively, a
// measure ending after its start, ids once, measures naming goals of the plan, one age group. Code,
// not zod refinements, so the route's parser is generated (packages/routes/src/compiled/) and the
// drafting function starts without zod; createPlan and revisePlan apply them to every plan they make.
import { eachOnce, type ErrorDetail } from '@cter/domain';
import { isAgeGroup, type TargetGroup } from '../catalogue/target-groups';
import { checkPositivePhrasing } from './positive-phrasing';

export interface PlanContentToCheck {
  targetGroups: readonly TargetGroup[];
  goals: readonly { goalId: string; statement: string }[];
  measures: readonly { measureId?: string; goalIds?: readonly string[]; start: string; plannedEnd: string }[];
}

/** Every breach of the content rules, with the path of the field it is about; empty when none. */
export function planContentProblems(plan: PlanContentToCheck): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const goalIds = new Set<string>();
  plan.goals.forEach((g, i) => {
    const phrasing = checkPositivePhrasing(g.statement);
    if (!phrasing.positive) problems.push({ path: `goals.${i}.statement`, message: `not positively phrased (${phrasing.ruleId}): ${phrasing.explanation}` });
    if (goalIds.has(g.goalId)) problems.push({ path: `goals.${i}.goalId`, message: 'duplicate goal id' });
    goalIds.add(g.goalId);
  });
  const measureIds = new Set<string>();
  plan.measures.forEach((m, i) => {
    if (!(m.plannedEnd > m.start)) problems.push({ path: `measures.${i}.plannedEnd`, message: 'must lie after the start' });
    if (m.measureId !== undefined) {
      if (measureIds.has(m.measureId)) problems.push({ path: `measures.${i}.measureId`, message: 'duplicate measure id' });
      measureIds.add(m.measureId);
    }
    (m.goalIds ?? []).forEach((goalId, j) => {
      if (!goalIds.has(goalId)) problems.push({ path: `measures.${i}.goalIds.${j}`, message: 'not a goal of this plan' });
    });
  });
  if (plan.targetGroups.filter(isAgeGroup).length !== 1) problems.push({ path: 'targetGroups', message: 'name exactly one age group (minors, young-adults or adults)' });
  if (!eachOnce(plan.targetGroups)) problems.push({ path: 'targetGroups', message: 'target groups must be unique' });
  return problems;
}

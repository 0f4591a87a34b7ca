// When an adopted plan is evaluated (evaluatiemomenten). Intervals are set per target group; a case
// in several groups follows the tightest. The schedule is data for the workflow; the event sent on
// the day carries ids only, since the interval itself would reveal the person's target group.
import type { TargetGroup } from '../catalogue/vocabulary';
import { InvalidTransition } from '@cter/domain';
import { addDays } from './dates';
import { evaluationDue, type EvaluationDue } from './events';
import type { Plan } from './plan';

export interface EvaluationInterval {
  /** Weeks from adoption to the first evaluation. */
  firstAfterWeeks: number;
  /** Weeks between later evaluations. */
  thenEveryWeeks: number;
}

/**
 * Young people change fast and detainees around release even faster, so they are reviewed sooner;
 * adults follow the usual quarterly cycle of the case consultation.
 */
export const EVALUATION_INTERVALS: Readonly<Record<TargetGroup, EvaluationInterval>> = {
  minors: { firstAfterWeeks: 6, thenEveryWeeks: 8 },
  'young-adults': { firstAfterWeeks: 8, thenEveryWeeks: 10 },
  adults: { firstAfterWeeks: 12, thenEveryWeeks: 13 },
  'detainees-and-returnees': { firstAfterWeeks: 4, thenEveryWeeks: 8 },
  'mental-health': { firstAfterWeeks: 8, thenEveryWeeks: 12 },
};

export function evaluationIntervalFor(targetGroups: readonly TargetGroup[]): EvaluationInterval {
  const intervals = targetGroups.map((g) => EVALUATION_INTERVALS[g]);
  return {
    firstAfterWeeks: Math.min(...intervals.map((i) => i.firstAfterWeeks)),
    thenEveryWeeks: Math.min(...intervals.map((i) => i.thenEveryWeeks)),
  };
}

export interface EvaluationDueDate {
  evaluationNumber: number;
  dueOn: string;
}

/** The next `count` evaluation due dates of an adopted plan version, counted from its adoption. */
export function evaluationSchedule(plan: Plan, count = 4): EvaluationDueDate[] {
  if (plan.status !== 'adopted' || !plan.adoption) throw new InvalidTransition(`plan ${plan.planId} version ${plan.version} is not adopted`);
  const interval = evaluationIntervalFor(plan.targetGroups);
  const adoptedOn = plan.adoption.adoptedAt.slice(0, 10);
  return Array.from({ length: count }, (_, i) => ({
    evaluationNumber: i + 1,
    dueOn: addDays(adoptedOn, 7 * (interval.firstAfterWeeks + i * interval.thenEveryWeeks)),
  }));
}

/** The events for evaluations due on or before `today` and not yet announced. */
export function dueEvaluationEvents(plan: Plan, schedule: readonly EvaluationDueDate[], today: string, announced: readonly number[], occurredAt: string): EvaluationDue[] {
  return schedule
    .filter((d) => d.dueOn <= today && !announced.includes(d.evaluationNumber))
    .map((d) => evaluationDue(plan, d.evaluationNumber, occurredAt));
}

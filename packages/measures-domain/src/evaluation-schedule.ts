// When an adopted plan is evaluated (evaluatiemomenten). Intervals are set per target group; a case
// in several groups follows the tightest. The schedule is data for the workflow; the event sent on
// the day carries ids only, since the interval itself would reveal the person's target group.
import type { TargetGroup } from '../catalogue/vocabulary';

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

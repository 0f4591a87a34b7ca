// Measure ids are the platform's, never a client's: notes and sessions are stored under the measure
// id, so an id a client could choose (or reuse after removing a measure) would let one partner
// re-create another's measure and read what was written on it. A draft sends its measures without
// ids; a revision names the measures it keeps by the ids the platform gave them and sends new ones
// without. Ids are minted by the caller's `newId` (the handler: random UUIDs), so this stays pure.
import { ValidationFailed, type ErrorDetail } from '@cter/domain';
import type { Plan } from './plan';
import type { PlannedMeasureInput, PlannedMeasureRequest } from './plan-schema';

export function withMeasureIds(current: Pick<Plan, 'measures'> | undefined, measures: readonly PlannedMeasureRequest[], newId: () => string): PlannedMeasureInput[] {
  const known = new Set((current?.measures ?? []).map((m) => m.measureId));
  const problems: ErrorDetail[] = [];
  const withIds = measures.map((m, i) => {
    if (m.measureId === undefined) return { ...m, measureId: newId() };
    if (!known.has(m.measureId)) {
      problems.push({
        path: `measures.${i}.measureId`,
        message: current
          ? 'not a measure of this plan: a new measure is sent without measureId and gets its id from the platform'
          : 'a new plan\u2019s measures are sent without measureId: the platform gives each its id',
      });
    }
    return { ...m, measureId: m.measureId };
  });
  if (problems.length > 0) throw new ValidationFailed(current ? 'invalid plan revision' : 'invalid plan', problems);
  return withIds;
}

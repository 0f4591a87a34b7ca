// What changed between two plan versions, as field paths only: the change record says which goal
// or measure field changed, never the old or new value (those are in the versions themselves).
import type { Measure } from './measure';
import type { Goal } from './plan';

export type FieldChangeKind = 'added' | 'removed' | 'modified';

export interface FieldChange {
  /** E.g. `goals[g-2].statement`, `measures[m-1].plannedEnd`, `measures[m-3]`, `targetGroups`. */
  field: string;
  change: FieldChangeKind;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function diffById<T extends object>(
  collection: string,
  before: readonly T[],
  after: readonly T[],
  idOf: (item: T) => string,
  fields: readonly (keyof T & string)[],
): FieldChange[] {
  const changes: FieldChange[] = [];
  const beforeById = new Map(before.map((item) => [idOf(item), item]));
  const afterIds = new Set(after.map(idOf));
  for (const item of after) {
    const previous = beforeById.get(idOf(item));
    if (!previous) {
      changes.push({ field: `${collection}[${idOf(item)}]`, change: 'added' });
      continue;
    }
    for (const field of fields) {
      if (!same(previous[field], item[field])) changes.push({ field: `${collection}[${idOf(item)}].${field}`, change: 'modified' });
    }
  }
  for (const item of before) if (!afterIds.has(idOf(item))) changes.push({ field: `${collection}[${idOf(item)}]`, change: 'removed' });
  return changes;
}

export const PLANNED_MEASURE_FIELDS = ['catalogueId', 'owner', 'goalIds', 'start', 'plannedEnd'] as const;

interface PlanContentLike {
  targetGroups: readonly string[];
  goals: readonly Goal[];
  measures: readonly Measure[];
  riskFactors?: readonly string[];
  protectiveFactors?: readonly string[];
}

export function diffPlanContent(before: PlanContentLike, after: PlanContentLike): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const list of ['targetGroups', 'riskFactors', 'protectiveFactors'] as const) {
    if (!same([...(before[list] ?? [])].sort(), [...(after[list] ?? [])].sort())) changes.push({ field: list, change: 'modified' });
  }
  changes.push(...diffById('goals', before.goals, after.goals, (g) => g.goalId, ['lifeDomain', 'statement']));
  changes.push(...diffById('measures', before.measures, after.measures, (m) => m.measureId, PLANNED_MEASURE_FIELDS));
  return changes;
}

// The de-identified evaluation export (for the Hogeschool van Amsterdam): figures per measure type,
// target group, region and quarter, with small cells suppressed (see disclosure-control.ts in @cter/domain).
// Input may hold pseudonymous person keys to count distinct persons; output never holds an id.
import { byCodeUnits, mean, median, MIN_CELL_PERSONS, protectDistribution, roundTo, ValidationFailed } from '@cter/domain';
import type { RegionId } from '@cter/config';
import { CURRENT_CATALOGUE, findCatalogueMeasure } from '../catalogue/published';
import type { Catalogue } from '../catalogue/schema';
import type { TargetGroup } from '../catalogue/target-groups';
import { daysBetween, quarterOf } from './dates';
import { hasEnded, type Measure, MEASURE_OUTCOMES, type MeasureOutcome } from './measure';

/** One ended measure of one person, the unit the evaluation counts (evaluationRecordOf makes it). */
export interface EvaluationRecord {
  /** A pseudonym that is the same for one person across records; used for counting only. */
  personKey: string;
  measureType: string;
  /** The primary target group (see primaryTargetGroup). */
  targetGroup: TargetGroup;
  regionId: RegionId;
  /** YYYY-MM-DD, not after endedOn. */
  startedOn: string;
  endedOn: string;
  outcome: MeasureOutcome;
}

/**
 * The fields an evaluation record may carry, and nothing else: the store reads these back only. Every
 * field of the type, and no other (`satisfies` refuses a missing or an extra one).
 */
const EVALUATION_RECORD_FIELDS: ReadonlySet<string> = new Set(
  Object.keys({ personKey: 1, measureType: 1, targetGroup: 1, regionId: 1, startedOn: 1, endedOn: 1, outcome: 1 } satisfies Record<keyof EvaluationRecord, 1>),
);

/** Records to aggregate into the evaluation export, and the export date (only quarters ended before it are published). */
export interface EvaluationExportRequest {
  records: readonly EvaluationRecord[];
  asOf: string;
}

export type OutcomeCounts = Record<MeasureOutcome, number>;

export interface EvaluationRow {
  measureType: string;
  measureName: string;
  targetGroup: TargetGroup;
  region: string;
  /** Calendar quarter in which the measures ended, e.g. `2026-Q1`. */
  period: string;
  /** Distinct persons; null when suppressed. */
  persons: number | null;
  suppressed: boolean;
  durationWeeksMedian: number | null;
  durationWeeksMean: number | null;
  outcomes: OutcomeCounts | null;
  outcomesSuppressed: boolean;
}

export interface EvaluationExport {
  dataset: 'cter-measures-evaluation';
  catalogueVersion: string;
  periodGranularity: 'quarter';
  minCellPersons: number;
  suppression: string;
  rows: EvaluationRow[];
}

export const SUPPRESSION_NOTE =
  `Cells with fewer than ${MIN_CELL_PERSONS} persons are suppressed (all figures null). ` +
  `An outcome distribution with any count from 1 to ${MIN_CELL_PERSONS - 1} is withheld whole. ` +
  'No totals are published, so suppressed cells cannot be derived by subtraction; only ended quarters are included.';

/** An ended measure as an evaluation record; the caller supplies the pseudonym and primary target group. */
export function evaluationRecordOf(measure: Measure, personKey: string, targetGroup: TargetGroup): EvaluationRecord | undefined {
  if (!hasEnded(measure) || !measure.startedOn || !measure.endedOn || !measure.result) return undefined;
  return {
    personKey,
    measureType: measure.catalogueId,
    targetGroup,
    regionId: measure.regionId,
    startedOn: measure.startedOn,
    endedOn: measure.endedOn,
    outcome: measure.result.outcome,
  };
}

function emptyCounts(): OutcomeCounts {
  return Object.fromEntries(MEASURE_OUTCOMES.map((o) => [o, 0])) as OutcomeCounts;
}

/** One record per person per cell: the latest ended, so a person counts once with one duration and outcome. */
function onePerPerson(records: readonly EvaluationRecord[]): EvaluationRecord[] {
  const latest = new Map<string, EvaluationRecord>();
  for (const r of records) {
    const seen = latest.get(r.personKey);
    if (!seen || r.endedOn > seen.endedOn || (r.endedOn === seen.endedOn && r.startedOn > seen.startedOn)) latest.set(r.personKey, r);
  }
  return [...latest.values()];
}

function buildRow(key: Omit<EvaluationRow, 'persons' | 'suppressed' | 'durationWeeksMedian' | 'durationWeeksMean' | 'outcomes' | 'outcomesSuppressed'>, records: EvaluationRecord[]): EvaluationRow {
  const persons = onePerPerson(records);
  if (persons.length < MIN_CELL_PERSONS) {
    return { ...key, persons: null, suppressed: true, durationWeeksMedian: null, durationWeeksMean: null, outcomes: null, outcomesSuppressed: true };
  }
  const weeks = persons.map((r) => daysBetween(r.startedOn, r.endedOn) / 7);
  const counts = emptyCounts();
  for (const r of persons) counts[r.outcome] += 1;
  const outcomes = protectDistribution(counts);
  return {
    ...key,
    persons: persons.length,
    suppressed: false,
    durationWeeksMedian: roundTo(median(weeks), 1),
    durationWeeksMean: roundTo(mean(weeks), 1),
    outcomes,
    outcomesSuppressed: outcomes === null,
  };
}

export function buildEvaluationExport(request: EvaluationExportRequest, catalogue: Catalogue = CURRENT_CATALOGUE): EvaluationExport {
  const { records, asOf } = request;
  // The allowlist, checked on what the export reads: a record with any other field (a name, an id)
  // is refused whole, though the rows below are built from the listed fields only.
  const extra = records.flatMap((r, i) => Object.keys(r).filter((k) => !EVALUATION_RECORD_FIELDS.has(k)).map((k) => ({ path: `records.${i}.${k}`, message: 'unknown field' })));
  if (extra.length) throw new ValidationFailed('invalid evaluation export request', extra);
  const currentQuarter = quarterOf(asOf);
  const cells = new Map<string, EvaluationRecord[]>();
  for (const r of records) {
    const period = quarterOf(r.endedOn);
    if (period >= currentQuarter) continue;
    const key = JSON.stringify([r.measureType, r.targetGroup, r.regionId, period]);
    cells.set(key, [...(cells.get(key) ?? []), r]);
  }
  const rows = [...cells.entries()]
    .map(([key, cellRecords]) => {
      const [measureType, targetGroup, region, period] = JSON.parse(key) as [string, TargetGroup, string, string];
      const entry = findCatalogueMeasure(catalogue, measureType);
      const measureName = entry ? `${entry.name} (${entry.dutchTerm})` : measureType;
      return buildRow({ measureType, measureName, targetGroup, region, period }, cellRecords);
    })
    .sort((a, b) =>
      byCodeUnits(a.period, b.period) || byCodeUnits(a.measureType, b.measureType) || byCodeUnits(a.region, b.region) || byCodeUnits(a.targetGroup, b.targetGroup),
    );
  return {
    dataset: 'cter-measures-evaluation',
    catalogueVersion: catalogue.version,
    periodGranularity: 'quarter',
    minCellPersons: MIN_CELL_PERSONS,
    suppression: SUPPRESSION_NOTE,
    rows,
  };
}

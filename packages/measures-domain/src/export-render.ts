// Renders the evaluation export as JSON or CSV. Suppressed figures are null in JSON and empty
// fields in CSV, always next to a suppressed flag, so a blank is never mistaken for zero.
import { MEASURE_OUTCOMES } from './measure';
import type { EvaluationExport } from './evaluation-export';
import { type CsvValue, toCsv } from '@cter/domain';

export const EXPORT_CSV_HEADER = [
  'measure_type',
  'measure_name',
  'target_group',
  'region',
  'period',
  'persons',
  'suppressed',
  'duration_weeks_median',
  'duration_weeks_mean',
  ...MEASURE_OUTCOMES.map((o) => `outcome_${o.replace(/-/g, '_')}`),
  'outcomes_suppressed',
] as const;

export function renderExportCsv(data: EvaluationExport): string {
  const rows: CsvValue[][] = data.rows.map((row) => [
    row.measureType,
    row.measureName,
    row.targetGroup,
    row.region,
    row.period,
    row.persons,
    row.suppressed,
    row.durationWeeksMedian,
    row.durationWeeksMean,
    ...MEASURE_OUTCOMES.map((o) => row.outcomes?.[o] ?? null),
    row.outcomesSuppressed,
  ]);
  return toCsv(EXPORT_CSV_HEADER, rows);
}

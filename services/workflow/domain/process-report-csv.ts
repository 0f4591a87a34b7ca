// The process report as CSV for the steering group: one line per period, suppressed figures as
// empty fields beside their suppressed flag (a blank is never a zero), the measures export's dialect.
import { type CsvValue, toCsv } from '@cter/domain';
import { CASE_OUTCOMES, PHASES, type ProcessReport } from './process-report';

const snake = (id: string) => id.replace(/-/g, '_');

export const PROCESS_CSV_HEADER = [
  'region',
  'period',
  'granularity',
  'from',
  'to',
  'complete',
  'signals',
  ...PHASES.flatMap((p) => [`${snake(p.id)}_cases`, `${snake(p.id)}_median_days`, `${snake(p.id)}_mean_days`, `${snake(p.id)}_suppressed`]),
  ...CASE_OUTCOMES.map((o) => `outcome_${snake(o)}`),
  'outcomes_suppressed',
  'overdue_steps',
  'escalations',
  'advice_requests',
  'advice_requests_converted',
] as const;

export function renderProcessCsv(report: ProcessReport): string {
  const rows: CsvValue[][] = report.rows.map((row) => [
    report.region,
    row.period,
    row.granularity,
    row.from,
    row.to,
    row.complete,
    row.signals,
    ...PHASES.flatMap((p) => {
      const cell = row.leadTimes[p.id];
      return [cell.cases, cell.medianDays, cell.meanDays, cell.suppressed];
    }),
    ...CASE_OUTCOMES.map((o) => row.outcomes?.[o] ?? null),
    row.outcomesSuppressed,
    row.overdueSteps,
    row.escalations,
    row.adviceRequests,
    row.adviceRequestsConverted,
  ]);
  return toCsv(PROCESS_CSV_HEADER, rows);
}

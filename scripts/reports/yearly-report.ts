// The yearly report to the region (jaarrapportage): one Markdown document with tables, and its charts
// as SVG files beside it, from the process evaluations of the region and of the other regions for
// comparison. Works on the de-identified reports only: what is suppressed there stays suppressed.
import type { CaseOutcome, PhaseId, ProcessReport, ProcessRow } from '../../services/workflow/domain/process-report';
import { barChartSvg } from './bar-chart';

export interface YearlyReportInput {
  region: string;
  year: number;
  /** The process evaluation of each region for the year (the region's own among them). */
  reports: Readonly<Record<string, ProcessReport>>;
}

const OUTCOME_NAMES: Record<CaseOutcome, string> = { 'no-action': 'no action', referred: 'referred', rejected: 'not admitted', transferred: 'transferred', closed: 'closed' };

const figure = (value: number | null | undefined) => (value === null || value === undefined ? '–' : String(value));

function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  return [`| ${header.join(' | ')} |`, `|${header.map((h, i) => (i === 0 ? '---' : '---:')).join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

const yearRowOf = (report: ProcessReport, year: number) => report.rows.find((r) => r.granularity === 'year' && r.period === String(year));
const quartersOf = (report: ProcessReport, year: number) => report.rows.filter((r) => r.granularity === 'quarter' && r.period.startsWith(`${year}-`));

function leadTimeTable(report: ProcessReport, row: ProcessRow | undefined): string {
  return table(
    ['Phase', 'Cases', 'Median (days)', 'Mean (days)'],
    report.phases.map((p) => {
      const cell = row?.leadTimes[p.id as PhaseId];
      return [p.name, cell?.suppressed ? 'suppressed' : figure(cell?.cases), figure(cell?.medianDays), figure(cell?.meanDays)];
    }),
  );
}

export function renderYearlyReport(input: YearlyReportInput): Record<string, string> {
  const { region, year } = input;
  const own = input.reports[region];
  if (!own) throw new Error(`no process evaluation of ${region}`);
  const regions = Object.keys(input.reports).sort();
  const yearRow = yearRowOf(own, year);
  const quarters = quartersOf(own, year);
  const files: Record<string, string> = {};

  files['lead-times-per-quarter.svg'] = barChartSvg({
    title: `${region} ${year}: median lead time per phase and quarter`,
    unit: 'days',
    categories: quarters.map((q) => q.period.slice(5)),
    series: own.phases.map((p) => ({ name: p.name, values: quarters.map((q) => q.leadTimes[p.id as PhaseId].medianDays) })),
  });
  files['lead-times-by-region.svg'] = barChartSvg({
    title: `${year}: median lead time per phase, by region`,
    unit: 'days',
    categories: own.phases.map((p) => p.id.replace(/-to-/g, '→').replace(/-/g, ' ')),
    series: regions.map((r) => ({ name: r, values: own.phases.map((p) => yearRowOf(input.reports[r]!, year)?.leadTimes[p.id as PhaseId].medianDays ?? null) })),
  });
  files['signals-per-quarter.svg'] = barChartSvg({
    title: `${year}: signals per quarter, by region`,
    unit: 'cases',
    categories: ['Q1', 'Q2', 'Q3', 'Q4'],
    series: regions.map((r) => ({ name: r, values: ['Q1', 'Q2', 'Q3', 'Q4'].map((q) => input.reports[r]!.rows.find((row) => row.period === `${year}-${q}`)?.signals ?? null) })),
  });

  const outcomes = (row: ProcessRow | undefined) => (row?.outcomes ? Object.keys(OUTCOME_NAMES).map((o) => String(row.outcomes![o as CaseOutcome])) : Object.keys(OUTCOME_NAMES).map(() => '–'));
  const lines = [
    `# Process evaluation ${year}: ${region}`,
    '',
    `Yearly report of the integral CTER approach to the region, made on ${own.asOf} from the work process's own records (case history and tasks) through \`GET /reports/process\`.`,
    `${yearRow && !yearRow.complete ? `The year had not ended when the report was made: its figures can still grow. ` : ''}The figures are de-identified: ${own.suppression}`,
    'A dash (–) is a figure that is suppressed or that has nothing to measure.',
    '',
    `## The year in figures`,
    '',
    table(
      ['', region],
      [
        ['Signals (new cases)', figure(yearRow?.signals)],
        ['Overdue steps', figure(yearRow?.overdueSteps)],
        ['Escalations', figure(yearRow?.escalations)],
        ['Anonymous advice requests', figure(yearRow?.adviceRequests)],
        ['Advice requests converted into a signal', figure(yearRow?.adviceRequestsConverted)],
      ],
    ),
    '',
    '### Lead time per phase',
    '',
    leadTimeTable(own, yearRow),
    '',
    '### Outcomes (cases that reached a final state)',
    '',
    table(['', ...Object.values(OUTCOME_NAMES)], [[String(year), ...outcomes(yearRow)]]),
    '',
    '## Per quarter',
    '',
    '![Median lead time per phase and quarter](lead-times-per-quarter.svg)',
    '',
    table(
      ['Quarter', 'Signals', ...own.phases.map((p) => `${p.name}: median (cases)`), 'Overdue steps', 'Escalations'],
      quarters.map((q) => [
        q.period + (q.complete ? '' : ' (running)'),
        figure(q.signals),
        ...own.phases.map((p) => {
          const cell = q.leadTimes[p.id as PhaseId];
          return cell.suppressed ? 'suppressed' : `${figure(cell.medianDays)} (${figure(cell.cases)})`;
        }),
        figure(q.overdueSteps),
        figure(q.escalations),
      ]),
    ),
    '',
    table(['Quarter', ...Object.values(OUTCOME_NAMES)], quarters.map((q) => [q.period, ...outcomes(q)])),
    '',
    '## Compared with the other regions',
    '',
    "Each region runs in its own stage and account and publishes only its own de-identified figures; this comparison puts the three regions' reports side by side, read with each region's ZVH role. No region sees another's cases.",
    '',
    '![Median lead time per phase, by region](lead-times-by-region.svg)',
    '',
    '![Signals per quarter, by region](signals-per-quarter.svg)',
    '',
    table(
      ['', ...regions],
      [
        ['Signals', ...regions.map((r) => figure(yearRowOf(input.reports[r]!, year)?.signals))],
        ...own.phases.map((p) => [`${p.name}: median days`, ...regions.map((r) => figure(yearRowOf(input.reports[r]!, year)?.leadTimes[p.id as PhaseId].medianDays))]),
        ['Overdue steps', ...regions.map((r) => figure(yearRowOf(input.reports[r]!, year)?.overdueSteps))],
        ['Escalations', ...regions.map((r) => figure(yearRowOf(input.reports[r]!, year)?.escalations))],
        ['Anonymous advice requests', ...regions.map((r) => figure(yearRowOf(input.reports[r]!, year)?.adviceRequests))],
      ],
    ),
    '',
    '## How the figures are made',
    '',
    table(
      ['Phase', 'From', 'To'],
      own.phases.map((p) => [p.name, p.from, p.to]),
    ),
    '',
    'A lead time counts in the quarter (and year) in which its phase ended; a case counts once per phase, at its first passage. ' +
      "Overdue steps are human steps whose deadline passed undecided (counted on their due date); escalations are the escalation tasks opened for the ZVH process director and then the municipality of the case. " +
      'Outcomes are the final states cases reached in the period. Anonymous advice requests count when opened and when converted into a signal.',
    '',
  ];
  files['README.md'] = lines.join('\n');
  return files;
}

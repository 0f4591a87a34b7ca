// Reads the process evaluation of every region of a running twin, each with that region's ZVH
// profile (the regions are separate stages: only their de-identified reports meet here), and writes
// the yearly report of one region, or the regions side by side.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ProcessReport, ProcessRow } from '../../services/workflow/domain/process-report';
import { Partners, readTwinState } from '../seed/partners';
import { renderYearlyReport } from './yearly-report';

/** Each region's process evaluation over [from, to], read as that region's ZVH. */
export async function readRegionReports(stateDir: string, from: string, to: string): Promise<Record<string, ProcessReport>> {
  const partners = new Partners(readTwinState(stateDir));
  const regions = Object.keys(partners.twin.regions).sort();
  const reports = await Promise.all(regions.map(async (region) => (await partners.as(region, 'zvh').processReport({ from, to })) as unknown as ProcessReport));
  return Object.fromEntries(regions.map((region, i) => [region, reports[i]!]));
}

export interface YearlyReportOptions {
  stateDir: string;
  region: string;
  year: number;
  /** Default: docs/reports/<region>-<year> under `root`. */
  outDir: string;
}

/** Writes README.md and the SVG charts of the region's yearly report; returns the files written. */
export async function generateYearlyReport(options: YearlyReportOptions): Promise<string[]> {
  const reports = await readRegionReports(options.stateDir, `${options.year}-01-01`, `${options.year}-12-31`);
  if (!reports[options.region]) throw new Error(`the twin has no region ${options.region} (it has ${Object.keys(reports).join(', ')})`);
  const files = renderYearlyReport({ region: options.region, year: options.year, reports });
  mkdirSync(options.outDir, { recursive: true });
  return Object.entries(files).map(([name, text]) => {
    const file = path.join(options.outDir, name);
    writeFileSync(file, text);
    return file;
  });
}

/** The regions side by side: one line per period and region with the main figures (Markdown). */
export function regionsSideBySide(reports: Readonly<Record<string, ProcessReport>>): string {
  const regions = Object.keys(reports).sort();
  const phases = reports[regions[0]!]!.phases;
  const f = (v: number | null | undefined) => (v === null || v === undefined ? '–' : String(v));
  const line = (region: string, row: ProcessRow) =>
    `| ${row.period} | ${region} | ${f(row.signals)} | ${phases.map((p) => f(row.leadTimes[p.id].medianDays)).join(' | ')} | ${f(row.overdueSteps)} | ${f(row.escalations)} |`;
  const periods = reports[regions[0]!]!.rows.map((r) => r.period);
  return [
    `| period | region | signals | ${phases.map((p) => `${p.name} (median days)`).join(' | ')} | overdue steps | escalations |`,
    `|---|---|---:|${phases.map(() => '---:').join('|')}|---:|---:|`,
    ...periods.flatMap((period) => regions.map((region) => line(region, reports[region]!.rows.find((r) => r.period === period)!))),
    '',
    `– suppressed or none. ${reports[regions[0]!]!.suppression}`,
  ].join('\n');
}

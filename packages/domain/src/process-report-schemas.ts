// The process evaluation's request and response (GET /reports/process): de-identified figures of
// the work process per quarter and year, for the ZVH process director and the steering group.
import * as z from 'zod/mini';
import { IsoDate } from './schemas';
import { MAX_REPORT_YEARS } from './vocabulary';

const described = <T extends z.ZodMiniType>(schema: T, description: string): T => schema.check(z.describe(description)) as T;


export const ProcessReportQuery = /* @__PURE__ */ (() => z.strictObject({
  from: described(IsoDate, 'First day (Europe/Amsterdam) the report covers'),
  to: described(IsoDate, `Last day it covers, included; at most ${MAX_REPORT_YEARS} years after from`),
  format: z.optional(described(z.enum(['json', 'csv']), 'csv answers text/csv, as `Accept: text/csv` does')),
}))();
export type ProcessReportQuery = z.infer<typeof ProcessReportQuery>;


export const ProcessReportData = /* @__PURE__ */ (() => described(
  z.object({
    dataset: z.literal('cter-process-evaluation'),
    region: z.string(),
    from: IsoDate,
    to: IsoDate,
    asOf: described(IsoDate, 'The day the report was made; periods after it have complete: false'),
    minCellCases: z.number(),
    suppression: z.string(),
    phases: z.array(z.object({ id: z.string(), name: z.string(), from: z.string(), to: z.string() })),
    rows: z.array(
      described(
        z.looseObject({ period: z.string(), granularity: z.enum(['quarter', 'year']), from: IsoDate, to: IsoDate, complete: z.boolean() }),
        'Figures of one quarter or year: signals, lead times per phase (cases, median and mean days), outcomes, overdue steps, escalations, advice requests opened and converted; suppressed figures are null',
      ),
    ),
  }),
  'The process evaluation of the region, de-identified: no ids, cells of fewer than 5 cases suppressed (also as CSV).',
))();
export type ProcessReportData = z.infer<typeof ProcessReportData>;

// Request shapes of the routes that are not about one case: the catalogue and the evaluation export.
import * as z from 'zod/mini';
import { atMostThreeYears, fromNotAfterTo, PERIOD_PATTERN } from './periods';

export { quartersOf } from './periods';

export const EvaluationExportQuery = /* @__PURE__ */ (() => z.strictObject({
  format: z._default(z.enum(['json', 'csv']), 'json'),
  period: z.string().check(z.regex(PERIOD_PATTERN, 'a quarter (2026-Q1), a year (2026) or a range (2025-Q3..2026-Q2)')),
}))();

export const CatalogueQuery = /* @__PURE__ */ (() => z.strictObject({
  /** A published version; absent: the version in force today. */
  version: z.optional(z.string().check(z.regex(/^\d{4}\.\d+$/, 'a version such as 2026.1'))),
}))();

const ResearchDate = /* @__PURE__ */ (() => z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'a date (YYYY-MM-DD)')))();
/** The ONE-on-ONE research export: trajectories that started from `from` to `to` (inclusive, at most three years). */
export const ResearchExportQuery = /* @__PURE__ */ (() => z
  .strictObject({ from: ResearchDate, to: ResearchDate })
  .check(
    z.refine(fromNotAfterTo, { path: ['to'], message: 'must not lie before from' }),
    z.refine(atMostThreeYears, { path: ['to'], message: 'at most three years after from' }),
  ))();

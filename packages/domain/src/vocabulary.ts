// The covenant's, the advice requests' and the process report's words and limits as plain values:
// the schemas (covenant-schemas.ts, advice-schemas.ts, process-report-schemas.ts) build on them,
// and a function that needs a value and not a schema imports it without zod.

/**
 * The data categories and purposes the platform labels its data with (the covenant's vocabulary;
 * the Cedar schema of services/covenant enumerates the same values, and a test keeps them equal).
 */
export const DATA_CATEGORIES = [
  'identity',
  'signal',
  'police-information',
  'criminal-data',
  'special-religion',
  'special-political-opinion',
  'special-health',
  'care-information',
  'measure-progress',
  'youth-information',
] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];

/**
 * `research` is a purpose of consent only: the person agrees that their ONE-on-ONE trajectory enters the
 * de-identified research export (GET /exports/one-on-one); no covenant version admits a disclosure
 * between partners for it (art. 5(2) refuses every purpose outside its stages).
 */
export const PURPOSES = ['weighing', 'case-consultation', 'plan-of-action', 'monitoring', 'safe-reintegration', 'aftercare', 'transfer', 'research'] as const;
export type Purpose = (typeof PURPOSES)[number];

export const INFORMING_CHANNELS = ['letter', 'conversation', 'digital'] as const;
export const DEFERRAL_GROUNDS = ['ongoing-investigation', 'safety'] as const;

export const ADVICE_STATUSES = ['open', 'asked-back', 'answered', 'converted'] as const;

export const ADVICE_MESSAGE_KINDS = ['answer', 'question', 'reply'] as const;

/** The most messages one thread keeps (the whole thread is one item, and the case copies it). */
export const MAX_ADVICE_MESSAGES = 50;

/** The longest range one report covers. */
export const MAX_REPORT_YEARS = 5;

/** Why a range is not one a report covers (dates YYYY-MM-DD); undefined when it is. */
export function reportRangeProblem(from: string, to: string): { path: string; message: string } | undefined {
  if (to < from) return { path: 'to', message: 'must not lie before from' };
  const limit = `${Number(from.slice(0, 4)) + MAX_REPORT_YEARS}${from.slice(4)}`;
  if (to >= limit) return { path: 'to', message: `a report covers at most ${MAX_REPORT_YEARS} years` };
  return undefined;
}

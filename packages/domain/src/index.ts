// The shared domain: errors, the case lifecycle, the vocabulary, dates and the error words. The zod
// schemas of the API (requests and responses) are exported here as types only; their values come
// from '@cter/domain/schemas', so a function that does not validate with zod does not load it
// (packages/routes/src/validation.ts).
// The modules those schemas import are re-exported by name, not with `export *`: a route's schemas
// are loaded lazily (a dynamic import), which makes esbuild wrap every module they reach, and esbuild
// does not initialize a wrapped module that an unwrapped one re-exports with `export *`
// (evanw/esbuild#1490); test/infra/function-bundles.test.ts loads every function's bundle.
export * from './errors';
export { bsnCheckDigit, containsBsn, isValidBsn, withoutBsn } from './bsn';
export { CASE_STATES, EARLY_STATES, FINAL_STATES, allowedTransitions, canTransition, type CaseState } from './case-lifecycle';
export type * from './schemas';
export type * from './covenant-schemas';
export type * from './responses';
export * from './correlation';
export type * from './advice-schemas';
export * from './disclosure-control';
export * from './statistics';
export * from './csv';
export type * from './process-report-schemas';
export * from './dutch-time';
export { validationMessage, zodDetails } from './validation-messages';
export { ADVICE_MESSAGE_KINDS, ADVICE_STATUSES, DATA_CATEGORIES, DEFERRAL_GROUNDS, INFORMING_CHANNELS, MAX_ADVICE_MESSAGES, MAX_REPORT_YEARS, PURPOSES, reportRangeProblem, type DataCategory, type Purpose } from './vocabulary';
export { anyField, eachOnce, plausibleBirthDate } from './rules';

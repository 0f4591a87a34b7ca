// The covenant versions as plain facts (id, effective date, retention periods), without the Cedar
// engine: what every function needs to stamp its audit records with the version in force and to set
// retention deadlines. Importing this module costs a few hundred bytes, not Cedar's 4 MB of wasm.
import type { CaseState } from '@cter/domain';
import { COVENANT_VERSION_FACTS } from '../covenants/versions.generated';
import type { RetentionRules } from './covenant-document';
import { covenantInForce } from './in-force';
import { datedVersions, LAW_DATES, type LawDates } from './law-dates';

export interface CovenantVersionFacts {
  readonly id: string;
  /** ISO date; the version governs from 00:00 Europe/Amsterdam on that day (absent while pending a law). */
  readonly effectiveFrom?: string;
  /** The configuration setting of the law's date this version waits for (domain/law-dates.ts). */
  readonly pendingLaw?: { readonly setting: string };
  readonly retention: RetentionRules;
}

/**
 * The version in force at `at` (default now), among the shipped versions unless others are given; a
 * version pending a law counts from the law's configured date (default: the function's environment).
 */
export function covenantVersionAt(at: Date = new Date(), versions: readonly CovenantVersionFacts[] = COVENANT_VERSION_FACTS, dates: LawDates = LAW_DATES): CovenantVersionFacts & { effectiveFrom: string } {
  return covenantInForce(at, datedVersions(versions, dates));
}

/** The fixed moments retention runs from (article 16(1)). */
export type RetentionRule = 'signal-not-taken-up' | 'case-closed' | 'transferred';

const RULE_OF_FINAL_STATE: Partial<Record<CaseState, RetentionRule>> = {
  'no-action': 'signal-not-taken-up',
  referred: 'signal-not-taken-up',
  rejected: 'signal-not-taken-up',
  closed: 'case-closed',
  transferred: 'transferred',
};

export interface RetentionDeadline {
  rule: RetentionRule;
  months: number;
  /** The moment retention started (the case reached its final state). */
  from: string;
  /** From this moment on the retention function destroys the case's personal data. */
  deleteAfter: string;
  /** The version in force when retention started: its periods apply. */
  covenantVersion: string;
  article: string;
}

/** `date` plus whole calendar months (UTC), the day clamped to the end of a shorter month. */
export function addMonths(date: Date, months: number): Date {
  const result = new Date(date.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}

/**
 * The retention deadline of a case that reached `state` at `at`, under the covenant version in force
 * then; undefined for a state that is not final (the case is still being worked on).
 */
export function retentionDeadline(state: CaseState, at: Date, versions: readonly CovenantVersionFacts[] = COVENANT_VERSION_FACTS): RetentionDeadline | undefined {
  const rule = RULE_OF_FINAL_STATE[state];
  if (!rule) return undefined;
  const version = covenantVersionAt(at, versions);
  const months = { 'signal-not-taken-up': version.retention.signalNotTakenUpMonths, 'case-closed': version.retention.caseClosedMonths, transferred: version.retention.transferredMonths }[rule];
  return { rule, months, from: at.toISOString(), deleteAfter: addMonths(at, months).toISOString(), covenantVersion: version.id, article: version.retention.article };
}

/**
 * When an advice request's text is destroyed: `adviceRequestMonths` after `lastActivity` (its last
 * message, or its conversion into a signal), under the covenant version in force at that moment.
 */
export function adviceRequestDeleteAfter(lastActivity: Date, versions: readonly CovenantVersionFacts[] = COVENANT_VERSION_FACTS): { deleteAfter: string; covenantVersion: string; article: string } {
  const version = covenantVersionAt(lastActivity, versions);
  return { deleteAfter: addMonths(lastActivity, version.retention.adviceRequestMonths).toISOString(), covenantVersion: version.id, article: version.retention.article };
}

// A covenant version may rely on a law that is not in force yet (cter-pga on the Act on data
// processing in the person-centred approach, Kamerstuk 36225): its covenant.json names the setting
// (`pendingLaw.setting`, e.g. `pgaEffectiveDate`) instead of an effective date. The date is
// configuration (packages/config covenant law dates, per region or for all), which reaches every function
// as COVENANT_LAW_DATES (JSON: setting -> ISO date). Unset, the version is pending: it never governs.
// Wasm-free: functions that only stamp the version in force import this.
import { ENV } from '@cter/config';

/** The configured entry-into-force dates of laws, by setting name. */
export type LawDates = Readonly<Record<string, string>>;

/** A version as far as dating it needs: its own date, or the setting of the law it waits for. */
export interface Datable {
  readonly id: string;
  readonly effectiveFrom?: string;
  readonly pendingLaw?: { readonly setting: string };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Parses COVENANT_LAW_DATES; a malformed value fails at load, never silently leaves a version pending. */
export function parseLawDates(raw: string | undefined): LawDates {
  if (raw === undefined || raw.trim() === '') return {};
  const parsed: unknown = JSON.parse(raw);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('COVENANT_LAW_DATES must be a JSON object of setting -> ISO date');
  for (const [setting, date] of Object.entries(parsed)) {
    if (typeof date !== 'string' || !ISO_DATE.test(date) || Number.isNaN(Date.parse(date))) throw new Error(`COVENANT_LAW_DATES.${setting} must be an ISO date (YYYY-MM-DD)`);
  }
  return parsed as LawDates;
}

/** The law dates of this process (the function's environment). */
export const LAW_DATES: LawDates = parseLawDates(process.env[ENV.covenantLawDates]);

/** The versions that can govern: dated ones, and pending ones whose law has a configured date (taken as theirs). */
export function datedVersions<V extends Datable>(versions: readonly V[], dates: LawDates = LAW_DATES): Array<V & { effectiveFrom: string }> {
  const dated: Array<V & { effectiveFrom: string }> = [];
  for (const v of versions) {
    const date = v.pendingLaw ? dates[v.pendingLaw.setting] : v.effectiveFrom;
    if (date !== undefined) dated.push({ ...v, effectiveFrom: date });
  }
  return dated;
}

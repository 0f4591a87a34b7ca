// The dates laws enter into force that a covenant version relies on (packages/covenant-domain/covenants/*/
// covenant.json `pendingLaw.setting`). Configuration, not code: while a date is unset the version that
// waits for the law (cter-pga: the Act on data processing in the person-centred approach, Kamerstuk
// 36225) is pending and the version before it governs. Every function of a region gets the dates as
// COVENANT_LAW_DATES (JSON), so the version in force is the same in decisions, audit and retention.
import type { RegionId } from './regions';

export interface CovenantLawDates {
  /** Entry into force (YYYY-MM-DD, from 00:00 Europe/Amsterdam) of the Wet gegevensverwerking persoonsgerichte aanpak. */
  readonly pgaEffectiveDate?: string;
}

/** For every region. Set when the act's entry into force is published in the Staatsblad. */
export const COVENANT_LAW_DATES: CovenantLawDates = {};

/** Per region, over the dates above (e.g. a region that adopts the new covenant later). */
export const REGION_COVENANT_LAW_DATES: Partial<Record<RegionId, CovenantLawDates>> = {};

/**
 * CDK context that overrides both at synth, as JSON (`-c cter:covenantLawDates='{"pgaEffectiveDate":"2027-01-01"}'`):
 * for a twin or a stage that must run with a date before the configuration change is released.
 */
export const COVENANT_LAW_DATES_CONTEXT = 'cter:covenantLawDates';

const SETTINGS: ReadonlyArray<keyof CovenantLawDates> = ['pgaEffectiveDate'];

/** The dates a region's functions get: global, then the region's, then the context override; checked. */
export function covenantLawDatesFor(regionId: RegionId, context?: unknown): CovenantLawDates {
  const override: unknown = typeof context === 'string' ? JSON.parse(context) : (context ?? {});
  const dates = { ...COVENANT_LAW_DATES, ...REGION_COVENANT_LAW_DATES[regionId], ...(override as object) } as Record<string, unknown>;
  for (const [setting, date] of Object.entries(dates)) {
    if (!SETTINGS.includes(setting as keyof CovenantLawDates)) throw new Error(`unknown covenant law date ${setting} (known: ${SETTINGS.join(', ')})`);
    if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) throw new Error(`covenant law date ${setting} must be YYYY-MM-DD, not ${String(date)}`);
  }
  return dates as CovenantLawDates;
}

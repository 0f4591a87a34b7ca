// Which covenant version governs a disclosure at a given moment. Effective dates are Dutch calendar
// days: 00:00 Europe/Amsterdam, so a disclosure at 00:30 on the day falls under the new version.
import { amsterdamOffsetMinutes, byCodeUnits } from '@cter/domain';
import { CovenantInvalid, NoCovenantInForce } from './errors';
import type { CovenantVersion } from './publish';

/** The instant a version takes effect: midnight at the start of `isoDate` in Europe/Amsterdam. */
export function effectiveInstant(isoDate: string): Date {
  const [year, month, day] = isoDate.split('-').map(Number);
  const utcMidnight = Date.UTC(year ?? NaN, (month ?? NaN) - 1, day ?? NaN);
  if (Number.isNaN(utcMidnight)) throw new RangeError(`${isoDate} is not an ISO date`);
  // The offset can differ between UTC midnight and local midnight only on a DST switch day;
  // asking again at the corrected instant settles it.
  let instant = utcMidnight - amsterdamOffsetMinutes(utcMidnight) * 60_000;
  instant = utcMidnight - amsterdamOffsetMinutes(instant) * 60_000;
  return new Date(instant);
}

/** The version in force at `at`: the one with the latest effective instant not after it. */
export function covenantInForce<V extends Pick<CovenantVersion, 'id'> & { readonly effectiveFrom: string }>(at: Date, versions: readonly V[]): V {
  if (Number.isNaN(at.getTime())) throw new RangeError('the moment to decide at is not a valid date');
  const seen = new Map<string, string>();
  for (const v of versions) {
    const other = seen.get(v.effectiveFrom);
    if (other !== undefined && other !== v.id) {
      throw new CovenantInvalid(`${other} and ${v.id} both take effect on ${v.effectiveFrom}`, [{ path: 'effectiveFrom', message: 'two versions cannot take effect on the same day' }]);
    }
    seen.set(v.effectiveFrom, v.id);
  }
  const ordered = [...versions].sort((a, b) => byCodeUnits(a.effectiveFrom, b.effectiveFrom));
  let inForce: V | undefined;
  for (const v of ordered) {
    if (effectiveInstant(v.effectiveFrom).getTime() <= at.getTime()) inForce = v;
  }
  if (!inForce) throw new NoCovenantInForce(at, ordered[0]?.effectiveFrom);
  return inForce;
}

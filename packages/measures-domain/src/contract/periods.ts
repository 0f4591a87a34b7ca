// Periods and date ranges of the measures exports, apart from the schemas that use them
// (reference.ts): the generated validators and the handlers import these without building a schema.
/** `2026-Q1`, `2026` (its four quarters) or `2025-Q3..2026-Q2` (at most twelve quarters). */
export const PERIOD_PATTERN = /^(\d{4})(?:-Q([1-4]))?(?:\.\.(\d{4})-Q([1-4]))?$/;

/** The quarters a period names, oldest first; undefined when it is not a valid period. */
export function quartersOf(period: string, maxQuarters = 12): string[] | undefined {
  const match = PERIOD_PATTERN.exec(period);
  if (!match) return undefined;
  const [, year, quarter, toYear, toQuarter] = match;
  if (toYear !== undefined && quarter === undefined) return undefined;
  const index = (y: string, q: string) => Number(y) * 4 + Number(q) - 1;
  const from = quarter === undefined ? index(year!, '1') : index(year!, quarter);
  const to = toYear !== undefined ? index(toYear, toQuarter!) : quarter === undefined ? index(year!, '4') : from;
  if (to < from || to - from + 1 > maxQuarters) return undefined;
  return Array.from({ length: to - from + 1 }, (_, i) => `${Math.floor((from + i) / 4)}-Q${((from + i) % 4) + 1}`);
}

/** A range whose `to` does not lie before its `from` (named: the generated validators import it). */
export function fromNotAfterTo(range: { from: string; to: string }): boolean {
  return range.from <= range.to;
}

/** A range of at most three years (1,096 days). */
export function atMostThreeYears(range: { from: string; to: string }): boolean {
  return Date.parse(range.to) - Date.parse(range.from) <= 1096 * 86_400_000;
}

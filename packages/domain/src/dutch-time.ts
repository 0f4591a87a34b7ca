// Dutch civil time and text order without ICU. A process's first Intl.DateTimeFormat loads ICU's
// zone and locale data (about 25 ms on Node.js 22) and its first localeCompare ICU's collator
// (about 11 ms): in a Lambda function that is cold-start time on nearly every invocation, since every
// audited request asks which covenant version is in force. Both are plain arithmetic here.
//
// The Netherlands keep CET (UTC+1) and the EU's summer time (UTC+2) from 01:00 UTC on the last
// Sunday of March to 01:00 UTC on the last Sunday of October: Directive 2000/84/EC, the same rule
// since 1996. test/unit/dutch-time.test.ts checks it against ICU's time-zone data hour by hour.

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** 01:00 UTC on the last Sunday of a month (`monthIndex` 0-based), when EU summer time starts or ends. */
function lastSundayAtOneUtc(year: number, monthIndex: number): number {
  const lastDay = Date.UTC(year, monthIndex + 1, 0);
  return lastDay - new Date(lastDay).getUTCDay() * DAY_MS + HOUR_MS;
}

/** Minutes Europe/Amsterdam is ahead of UTC at an instant (epoch ms): 60 in winter, 120 in summer. */
export function amsterdamOffsetMinutes(at: number): number {
  const year = new Date(at).getUTCFullYear();
  return at >= lastSundayAtOneUtc(year, 2) && at < lastSundayAtOneUtc(year, 9) ? 120 : 60;
}

/** The calendar day in the Netherlands at an instant, as YYYY-MM-DD. */
export function amsterdamDate(at: Date | number): string {
  const ms = typeof at === 'number' ? at : at.getTime();
  if (Number.isNaN(ms)) throw new RangeError('not a valid date');
  return new Date(ms + amsterdamOffsetMinutes(ms) * 60_000).toISOString().slice(0, 10);
}

/** The calendar year in the Netherlands at an instant. */
export function amsterdamYear(at: Date | number): number {
  return Number(amsterdamDate(at).slice(0, 4));
}

/** Orders strings by UTF-16 code units (ids, ISO dates and times sort chronologically), as `sort()` without a comparator does. */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

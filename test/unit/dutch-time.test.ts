// Dutch civil time by arithmetic (packages/domain/src/dutch-time.ts) against ICU's time-zone data,
// which the functions no longer load: every hour from 1996 (the EU rule) to 2060, and each minute
// around every switch.
import { describe, expect, it } from 'vitest';
import { amsterdamDate, amsterdamOffsetMinutes, amsterdamYear, byCodeUnits } from '@cter/domain';

const icu = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Amsterdam', timeZoneName: 'longOffset' });
const icuDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' });

function icuOffsetMinutes(at: number): number {
  const name = icu.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? '';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!m) throw new Error(`no offset in ${name}`);
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

const HOUR = 3_600_000;

describe('Dutch civil time without ICU', () => {
  it('has the offset ICU has at every hour from 1996 to 2060', () => {
    const mismatches: string[] = [];
    for (let at = Date.UTC(1996, 0, 1); at < Date.UTC(2061, 0, 1); at += HOUR) {
      if (amsterdamOffsetMinutes(at) !== icuOffsetMinutes(at)) mismatches.push(new Date(at).toISOString());
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it('switches at the same minute as ICU, and gives the same calendar day around it', () => {
    for (let year = 1996; year <= 2060; year++) {
      for (const month of [2, 9]) {
        // Every minute of the last week of March and October, 00:00 to 03:00 UTC.
        for (let day = 25; day <= 31; day++) {
          for (let minute = 0; minute < 180; minute++) {
            const at = Date.UTC(year, month, day, 0, minute) - 1;
            if (amsterdamOffsetMinutes(at) !== icuOffsetMinutes(at)) throw new Error(`offset differs at ${new Date(at).toISOString()}`);
          }
          const lateEvening = Date.UTC(year, month, day, 22, 30);
          expect(amsterdamDate(lateEvening)).toBe(icuDay.format(lateEvening));
        }
      }
    }
  });

  it('gives the Dutch calendar day and year, which differ from UTC late in the evening', () => {
    expect(amsterdamDate(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(amsterdamYear(new Date('2026-12-31T23:30:00Z'))).toBe(2027);
    expect(amsterdamDate(new Date('2026-07-01T21:59:59Z'))).toBe('2026-07-01');
    expect(amsterdamDate(new Date('2026-07-01T22:00:00Z'))).toBe('2026-07-02');
    expect(() => amsterdamDate(new Date('not a date'))).toThrow(RangeError);
  });

  it('orders text by code units, so ISO instants sort chronologically whatever the locale', () => {
    const instants = ['2026-03-29T01:00:00.000Z', '2026-03-28T23:59:59.999Z', '2026-10-25T00:59:59.000Z'];
    expect([...instants].sort(byCodeUnits)).toEqual([...instants].sort());
    expect(['b', 'B', 'a', 'Z'].sort(byCodeUnits)).toEqual(['B', 'Z', 'a', 'b']);
    expect(byCodeUnits('x', 'x')).toBe(0);
  });
});

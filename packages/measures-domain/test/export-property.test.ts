// Property test of the suppression rules: whatever the records, no published figure describes
// fewer than five persons and a published outcome distribution adds up to its published count.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildEvaluationExport, type EvaluationRecord, MEASURE_OUTCOMES, MIN_CELL_PERSONS, median, mean } from '../src/index';

const record: fc.Arbitrary<EvaluationRecord> = fc.record({
  personKey: fc.integer({ min: 1, max: 40 }).map((n) => `person-${String(n).padStart(4, '0')}`),
  measureType: fc.constantFrom('one-on-one-mentoring', 'family-support'),
  targetGroup: fc.constantFrom('minors' as const, 'young-adults' as const),
  regionId: fc.constantFrom('kennemerland' as const, 'zaanstreek-waterland' as const),
  startedOn: fc.constantFrom('2025-01-06', '2025-03-03'),
  endedOn: fc.constantFrom('2025-04-01', '2025-06-30', '2025-08-15', '2025-11-20'),
  outcome: fc.constantFrom(...MEASURE_OUTCOMES),
});

describe('evaluation export suppression (property)', () => {
  it('never publishes a figure for fewer than five persons', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 300 }), (records) => {
        const exported = buildEvaluationExport({ records, asOf: '2026-01-10' });
        for (const row of exported.rows) {
          expect(row.suppressed).toBe(row.persons === null);
          if (row.persons === null) {
            expect([row.durationWeeksMean, row.durationWeeksMedian, row.outcomes]).toEqual([null, null, null]);
            continue;
          }
          expect(row.persons).toBeGreaterThanOrEqual(MIN_CELL_PERSONS);
          if (row.outcomes === null) continue;
          const counts = Object.values(row.outcomes);
          expect(counts.every((c) => c === 0 || c >= MIN_CELL_PERSONS)).toBe(true);
          expect(counts.reduce((a, b) => a + b, 0)).toBe(row.persons);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('summary statistics', () => {
  it('take the middle of an even list as the mean of the two middle values', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5, 1, 9])).toBe(5);
    expect(mean([1, 2, 6])).toBe(3);
  });
});

// Statistical disclosure control for the de-identified figures the platform publishes (the measures
// evaluation export, the process evaluation): which figures are withheld so that nobody in a small
// group can be singled out. Written for the measures export; the process report applies rules 1-3
// the same way and publishes a total only where protectTotal allows it.
//
// The approach, and why:
// 1. Primary suppression: a cell (measure type x target group x region x quarter) with fewer than
//    MIN_CELL_PERSONS persons publishes no figure at all: count, durations and outcomes are null.
// 2. No totals. Row or column totals (per region, per measure, per year) would let a reader
//    subtract the visible cells and recover a suppressed one. Complementary suppression across a
//    four-dimensional table needs an optimisation that is hard to verify and, at CTER's small
//    numbers, would withhold most of the table anyway. The export is the list of cells only; a
//    reader who needs a total asks for a coarser export, reviewed on its own (two exports of the
//    same data at different granularity can be differenced, so that is a privacy-officer decision).
// 3. Within a cell, the outcome counts add up to the published person count, which is a total
//    too. So the outcome distribution is published whole or not at all: if any outcome has 1 to 4
//    persons, every outcome count of that cell is withheld (complementary suppression by
//    withholding the whole distribution, the only choice that leaves no single unknown).
// 4. Only quarters that have ended are published, so two exports never show the same quarter
//    with different counts that would reveal who was added in between.

/** The smallest number of persons a published figure may describe. */
export const MIN_CELL_PERSONS = 5;

export function isBelowThreshold(persons: number): boolean {
  return persons > 0 && persons < MIN_CELL_PERSONS;
}

/** The distribution as published: whole when every non-zero count meets the threshold, else withheld. */
export function protectDistribution<K extends string>(counts: Readonly<Record<K, number>>): Record<K, number> | null {
  const values = Object.values<number>(counts);
  return values.some(isBelowThreshold) ? null : { ...counts };
}

/**
 * A total beside published parts (a year beside its quarters): published only when what it leaves
 * after subtracting the published parts is none or at least MIN_CELL_PERSONS, so no suppressed part
 * (nor a sum of suppressed parts) below the threshold can be recovered by subtraction.
 */
export function protectTotal(total: number, publishedParts: readonly number[]): number | null {
  if (isBelowThreshold(total)) return null;
  const remainder = total - publishedParts.reduce((sum, part) => sum + part, 0);
  return isBelowThreshold(remainder) ? null : total;
}

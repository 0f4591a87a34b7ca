// inBatches: every item worked on, at most `size` at a time, one batch after the other, results in
// the items' order whatever order the work finishes in.
import { describe, expect, it } from 'vitest';
import { inBatches } from '../src/in-batches';

describe('inBatches', () => {
  it('keeps the items’ order and never has more than a batch in flight', async () => {
    let inFlight = 0;
    let most = 0;
    let finished = 0;
    const finishedBefore = new Map<number, number>();
    const results = await inBatches([5, 1, 4, 2, 3, 0, 6], 3, async (n) => {
      finishedBefore.set(n, finished);
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, n * 3));
      inFlight -= 1;
      finished += 1;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30, 0, 60]);
    expect(most).toBe(3);
    // A batch starts only when the whole one before it is done (the first batch's 1 finishes long before its 5).
    expect([5, 1, 4, 2, 3, 0, 6].map((n) => finishedBefore.get(n))).toEqual([0, 0, 0, 3, 3, 3, 6]);
  });

  it('does nothing for no items, passes a failure on, and refuses a batch of less than one', async () => {
    expect(await inBatches([], 8, async () => 1)).toEqual([]);
    await expect(inBatches([1, 2], 2, async (n) => { if (n === 2) throw new Error('no'); return n; })).rejects.toThrow('no');
    await expect(inBatches([1], 0, async (n) => n)).rejects.toThrow('at least one item');
  });
});

// Work on many items a few at a time: enough side by side to be quick, few enough not to crowd a
// table (the process report and the research export read case partitions, retention deletes items).

/** `work` on every item, at most `size` at a time (one batch after the other); the results in the items' order. */
export async function inBatches<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  if (!Number.isInteger(size) || size < 1) throw new Error(`a batch holds at least one item, not ${size}`);
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  return out;
}

// The cost suite (placeholder until it lands): see docs/performance.md.
import type { BenchContext } from './support/context';

export const description = 'AWS cost of one case with two evaluation cycles and of a region-year (not built yet)';

export async function run(context: BenchContext): Promise<Record<string, unknown>> {
  context.print('cost: not built yet');
  return {};
}

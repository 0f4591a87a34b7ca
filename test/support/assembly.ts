// The cloud assembly the test run's twin runs (synthesized by the global setup into the twin's own folder).
import * as path from 'node:path';
import { ensureSynthesized, twinAssemblyDir } from '@cter/twin';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const ASSEMBLY_DIR = twinAssemblyDir(ROOT);

/** The Dutch calendar date `days` from now (YYYY-MM-DD, Europe/Amsterdam). */
export function amsterdamDate(days: number, from = Date.now()): string {
  return new Date(from + days * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });
}

/**
 * An assembly synthesized with covenant law dates configured (the CDK context packages/config reads,
 * `cter:covenantLawDates`), in a folder of its own; synthesized again only when sources or dates change.
 */
export async function assemblyWithLawDates(dates: Record<string, string>): Promise<string> {
  const outdir = path.join(ROOT, '.twin', 'cdk.out-law-dates');
  await ensureSynthesized(ROOT, outdir, () => undefined, { 'cter:covenantLawDates': JSON.stringify(dates) });
  return outdir;
}

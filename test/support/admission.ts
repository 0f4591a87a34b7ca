// Seeders write cases straight into a state; where the work process would have recorded the
// admission on the way (@cter/access gates the ZVH and invited partners on it), they record it too.
import type { CaseState } from '@cter/domain';

/** States a case reaches only through the triangle's admission: a seeded case there carries it, as the work process would record it. */
const ADMITTED_STATES: ReadonlySet<CaseState> = new Set(['consultation', 'monitoring', 'aftercare', 'closed']);
export function seededAdmission(state: CaseState, at: string): { admission?: { at: string; version: number } } {
  return ADMITTED_STATES.has(state) ? { admission: { at, version: 1 } } : {};
}

// The covenant routes' view of a case: the one authorization rule (@cter/access `visibleCase`) and
// the one audit-entry builder, stamped with the covenant version in force.
import { visibleCase, type Caller, type CaseViewLevel } from '@cter/access';
import { CaseRepository, type CaseRecord } from '@cter/case-store';
import { tables } from '../adapters/environment';

export { auditEntry } from '@cter/case-store';

export const cases = new CaseRepository(tables);

export async function loadVisibleCase(caller: Caller, caseId: string, now = new Date()): Promise<{ record: CaseRecord; level: CaseViewLevel }> {
  return visibleCase(caller, caseId, await cases.get(caseId), now);
}

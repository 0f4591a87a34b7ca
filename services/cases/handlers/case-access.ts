// Loads a case and applies the one authorization rule to it (@cter/access `visibleCase`); audit
// entries are built by the covenant's one builder, stamped with the version in force.
import { visibleCase, type Caller, type CaseViewLevel } from '@cter/access';
import { repository } from '../adapters/environment';
import type { CaseRecord } from '../domain/case';

export { auditEntry } from '@cter/covenant/audit-entry';

export async function loadVisibleCase(caller: Caller, caseId: string): Promise<{ record: CaseRecord; level: CaseViewLevel }> {
  return visibleCase(caller, caseId, await repository.get(caseId));
}

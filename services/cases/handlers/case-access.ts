// Loads a case and applies the one authorization rule to it (@cter/access `visibleCase`); audit
// entries are built by the covenant's one builder, stamped with the version in force.
import { visibleCase, type Caller, type CaseViewLevel } from '@cter/access';
import { repository } from '../adapters/environment';
import type { CaseRecord } from '@cter/case-store';
import { StaleVersion } from '@cter/domain';

export { auditEntry } from '@cter/case-store';

export async function loadVisibleCase(caller: Caller, caseId: string): Promise<{ record: CaseRecord; level: CaseViewLevel }> {
  return visibleCase(caller, caseId, await repository.get(caseId));
}

/**
 * Runs a write that reads the case itself and needs no version from the caller: a concurrent write
 * of the case (the work process writes it too) makes it read again, up to `attempts` times.
 */
export async function retryingStale<T>(write: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (!(error instanceof StaleVersion) || attempt >= attempts) throw error;
    }
  }
}

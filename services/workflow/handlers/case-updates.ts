// Writes of the work process to a case, retried when a partner wrote the case at the same moment.
import { StaleVersion } from '@cter/domain';
import type { CaseRecord, HistoryEvent } from '@cter/case-store';
import { cases } from '../adapters/environment';
import { systemAudit } from './system-audit';

const ATTEMPTS = 5;

/** Applies `change` to the current version of the case; false when the case does not exist. */
export async function updateCase(caseId: string, step: string, change: (record: CaseRecord, at: string) => { record: CaseRecord; event: HistoryEvent } | undefined): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    const record = await cases.get(caseId);
    if (!record) return false;
    const next = change(record, new Date().toISOString());
    if (!next) return true;
    try {
      await cases.update(next.record, next.event, systemAudit(caseId, 'write', ['process'], 'case-work', step));
      return true;
    } catch (error) {
      if (!(error instanceof StaleVersion) || attempt >= ATTEMPTS) throw error;
    }
  }
}

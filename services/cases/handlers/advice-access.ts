// Loads an advice request and applies its one visibility rule (domain/advice-request.ts); builds its
// audit records (ids and categories only, never the text) with the covenant version in force.
import type { Caller } from '@cter/access';
import type { AuditEntry } from '@cter/store';
import { adviceRequestDeleteAfter } from '@cter/covenant-domain/versions';
import { adviceRequests } from '../adapters/environment';
import { visibleAdviceRequest, type AdviceRequestRecord } from '../domain/advice-request';
import { auditEntry } from './case-access';

export async function loadVisibleAdvice(caller: Caller, adviceRequestId: string): Promise<AdviceRequestRecord> {
  return visibleAdviceRequest(caller, adviceRequestId, await adviceRequests.get(adviceRequestId));
}

/** The audit record of a read or write of an advice request's text, kept under `ADVICE#<id>`. */
export function adviceAudit(caller: Caller, request: { route: string; requestId: string }, record: Pick<AdviceRequestRecord, 'adviceRequestId' | 'caseId'>, action: AuditEntry['action'], purpose: string, at = new Date()): AuditEntry {
  const { caseId: _none, ...entry } = auditEntry(caller, request, '', action, ['advice'], purpose, at);
  return { ...entry, adviceRequestId: record.adviceRequestId, ...(record.caseId ? { caseId: record.caseId } : {}) };
}

/** When a request whose last activity is `at` is destroyed (covenant `adviceRequestMonths`). */
export const deleteAfterFrom = (at: Date) => adviceRequestDeleteAfter(at).deleteAfter;

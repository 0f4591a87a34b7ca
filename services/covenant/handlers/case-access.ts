// The covenant routes' view of a case: the one authorization rule (an invisible case is the same 404
// as an unknown one) and their audit entries, stamped with the covenant version in force.
import { caseViewLevel, type Caller, type CaseViewLevel } from '@cter/access';
import { CaseRepository, type CaseRecord } from '@cter/cases';
import { CaseNotFound } from '@cter/domain';
import type { AuditEntry } from '@cter/store';
import { tables } from '../adapters/environment';
import { covenantVersionAt } from '../domain/versions';

export const cases = new CaseRepository(tables);

export async function loadVisibleCase(caller: Caller, caseId: string, now = new Date()): Promise<{ record: CaseRecord; level: CaseViewLevel }> {
  const record = await cases.get(caseId);
  const level = record && caseViewLevel(caller, record, now);
  if (!record || !level) throw new CaseNotFound(caseId);
  return { record, level };
}

export function auditEntry(
  caller: Caller,
  request: { route: string; requestId: string },
  caseId: string,
  action: AuditEntry['action'],
  categories: string[],
  purpose: string,
  at = new Date(),
): AuditEntry {
  return {
    caseId,
    action,
    route: request.route,
    organisationId: caller.organisation.id,
    regionId: caller.regionId,
    principalArn: caller.principalArn,
    categories,
    purpose,
    requestId: request.requestId,
    covenantVersion: covenantVersionAt(at).id,
    at: at.toISOString(),
  };
}

// Loads a case and applies the one authorization rule to it: invisible and unknown cases are the
// same 404, so a partner cannot learn that a case exists.
import { caseViewLevel, type Caller, type CaseViewLevel } from '@cter/access';
import { CaseNotFound } from '@cter/domain';
import type { AuditEntry } from '@cter/store';
import { covenantVersionAt } from '@cter/covenant/versions';
import { repository } from '../adapters/environment';
import type { CaseRecord } from '../domain/case';

export async function loadVisibleCase(caller: Caller, caseId: string): Promise<{ record: CaseRecord; level: CaseViewLevel }> {
  const record = await repository.get(caseId);
  const level = record && caseViewLevel(caller, record);
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
    // The version in force when the data was read or written: wasm-free, so this costs bytes, not Cedar.
    covenantVersion: covenantVersionAt().id,
  };
}

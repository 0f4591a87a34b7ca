// The audit record of a partner's access to a case, as every service writes it: who (organisation,
// region, role), what (action, data categories, purpose), where (route, request id), and the
// covenant version in force at that moment. Wasm-free, so importing it costs bytes, not Cedar.
import type { Caller } from '@cter/access';
import type { AuditEntry } from '@cter/store';
import { covenantVersionAt } from '@cter/covenant-domain/versions';

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

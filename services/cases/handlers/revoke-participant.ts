// DELETE /cases/{caseId}/participants/{organisationId}: the process director or the directing
// municipality ends an invitation now; from then on the partner gets 404 on the case. Idempotent:
// revoking an organisation that takes no part (any more) changes nothing and answers the case.
import { findOrganisation } from '@cter/config';
import { NotAllowed, StaleVersion, ValidationFailed } from '@cter/domain';
import { httpRoute } from '@cter/http';
import * as routes from '@cter/routes/cases';
import { idempotency, repository } from '../adapters/environment';
import { caseView, revokeParticipant, viewCategories } from '@cter/case-store';
import { auditEntry, loadVisibleCase } from './case-access';

const ATTEMPTS = 3;

export const handler = httpRoute(routes.revokeParticipant, {
  idempotency,
  handle: async (request) => {
    const { caller, path } = request;
    // The revocation needs no version from the caller: ending access must not fail on a concurrent
    // write of the case, so a stale read is read again (the visibility check with it).
    for (let attempt = 1; ; attempt++) {
      const { record, level } = await loadVisibleCase(caller, path.caseId);
      if (level === 'invited') throw new NotAllowed('invited partners cannot end invitations');
      if (!findOrganisation(caller.regionId, path.organisationId)) {
        throw new ValidationFailed('unknown organisation', [{ path: 'organisationId', message: `not a partner organisation of ${caller.regionId}` }]);
      }
      const revoked = revokeParticipant(record, path.organisationId, caller.organisation.id, new Date().toISOString());
      if (!revoked) {
        // Nothing to end (revoked before, or never invited): the answer is a read of the case.
        await repository.recordRead(auditEntry(caller, request, record.caseId, 'read', viewCategories(level), 'case-consultation'));
        return { status: 200, body: caseView(record, level), headers: { etag: `"${record.version}"` } };
      }
      try {
        await repository.update(revoked.record, revoked.event, auditEntry(caller, request, record.caseId, 'write', ['participation'], 'case-consultation'));
        return { status: 200, body: caseView(revoked.record, level), headers: { etag: `"${revoked.record.version}"` } };
      } catch (error) {
        if (!(error instanceof StaleVersion) || attempt >= ATTEMPTS) throw error;
      }
    }
  },
});

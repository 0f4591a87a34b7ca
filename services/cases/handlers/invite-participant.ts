// POST /cases/{caseId}/participants: the process director or the directing municipality invites
// a partner to the case; the invited partner then sees the case (shaped) until the invitation ends.
// The specialist R&E is invited as advisor.
import { findOrganisation, INVITED_PARTNERS } from '@cter/config';
import { NotAllowed, StaleVersion, ValidationFailed } from '@cter/domain';
import { httpRoute } from '@cter/http';
import * as routes from '@cter/routes/cases';
import { idempotency, repository } from '../adapters/environment';
import { caseView, inviteParticipant } from '@cter/case-store';
import { auditEntry, loadVisibleCase } from './case-access';
import { replayCaseView } from './replay-case-view';

export const handler = httpRoute(routes.inviteParticipant, {
  idempotency,
  replay: replayCaseView,
  handle: async (request) => {
    const { caller, path, body } = request;
    const { record, level } = await loadVisibleCase(caller, path.caseId);
    if (level === 'invited') throw new NotAllowed('invited partners cannot invite others');
    const invitee = findOrganisation(caller.regionId, body.organisationId);
    if (!invitee) throw new ValidationFailed('unknown organisation', [{ path: 'organisationId', message: `not a partner organisation of ${caller.regionId}` }]);
    // The specialist R&E sees every case of its region by its covenant role (art. 6, 9(1)); invited, it
    // advises on this case (an attendee of its consultations), and its view stays what that role allows.
    if (invitee.type === 'specialist-re') {
      if (body.role !== 'advisor') throw new ValidationFailed('the specialist R&E takes part as advisor', [{ path: 'role', message: 'advisor, for the specialist R&E' }]);
    } else if (!INVITED_PARTNERS.includes(invitee.type)) {
      throw new ValidationFailed('only case and care partners, and the specialist R&E as advisor, are invited', [{ path: 'organisationId', message: `${invitee.type} takes part by its role, not by invitation` }]);
    }
    if (body.version !== record.version) throw new StaleVersion(body.version, record.version);
    const { record: next, event } = inviteParticipant(record, body, caller.organisation.id, new Date().toISOString());
    await repository.update(next, event, auditEntry(caller, request, record.caseId, 'write', ['participation'], 'case-consultation'));
    return { status: 201, body: caseView(next, level), headers: { etag: `"${next.version}"` } };
  },
});

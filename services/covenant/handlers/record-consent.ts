// POST /cases/{caseId}/consents: the calling organisation records a consent the person gave it
// (article 10): the municipality of the case, the ZVH, or an invited care partner. Only the holder
// shares on it later; it names the recipients, categories and purposes it covers.
import { randomUUID } from 'node:crypto';
import { findOrganisation } from '@cter/config';
import { ValidationFailed, type ErrorDetail } from '@cter/domain';
import { httpRoute } from '@cter/http';
import * as routes from '@cter/routes/covenant';
import { ConsentRepository } from '../adapters/consent-repository';
import { idempotency, tables } from '../adapters/environment';
import { recordConsent } from '@cter/covenant-domain/consent';
import { covenantVersionAt } from '@cter/covenant-domain/versions';
import { consentView } from './consent-view';
import { auditEntry, loadVisibleCase } from './case-access';

const consents = new ConsentRepository(tables);

export const handler = httpRoute(routes.recordConsent, {
  idempotency,
  handle: async (request) => {
    const { caller, path, body } = request;
    const now = new Date();
    const { record } = await loadVisibleCase(caller, path.caseId, now);
    const unknown: ErrorDetail[] = body.recipients.flatMap((id, i) => (findOrganisation(caller.regionId, id) ? [] : [{ path: `recipients.${i}`, message: `not a partner organisation of ${caller.regionId}` }]));
    if (unknown.length > 0) throw new ValidationFailed('the recipients are not valid', unknown);
    const consent = recordConsent({
      consentId: randomUUID(),
      caseId: record.caseId,
      holder: { organisationId: caller.organisation.id, type: caller.organisation.type },
      request: body,
      now,
      covenantVersion: covenantVersionAt(now).id,
    });
    await consents.create(consent, auditEntry(caller, request, record.caseId, 'write', ['consent'], 'consent-registration', now));
    return { status: 201, body: consentView(consent) };
  },
});

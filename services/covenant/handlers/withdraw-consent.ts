// POST /cases/{caseId}/consents/{consentId}/withdrawal: the person withdrew a consent. Any partner
// allowed to record consent who sees the case may record the withdrawal (the person may tell any of
// them; a withdrawal only ever narrows sharing). From this moment every disclosure relying on it is
// refused (the disclosure transaction checks the consent is still active).
import { NotFound } from '@cter/domain';
import { httpRoute } from '@cter/http';
import * as routes from '@cter/routes/covenant';
import { ConsentRepository } from '../adapters/consent-repository';
import { idempotency, tables } from '../adapters/environment';
import { withdrawConsent } from '@cter/covenant-domain/consent';
import { consentView } from './consent-view';
import { auditEntry, loadVisibleCase } from './case-access';

const consents = new ConsentRepository(tables);

export const handler = httpRoute(routes.withdrawConsent, {
  idempotency,
  handle: async (request) => {
    const { caller, path, body } = request;
    const now = new Date();
    const { record } = await loadVisibleCase(caller, path.caseId, now);
    const consent = await consents.get(record.caseId, path.consentId);
    if (!consent) throw new NotFound(`consent ${path.consentId} not found on this case`);
    const withdrawn = withdrawConsent(consent, body, caller.organisation.id, now);
    await consents.withdraw(withdrawn, auditEntry(caller, request, record.caseId, 'write', ['consent'], 'consent-withdrawal', now));
    return { status: 200, body: consentView(withdrawn) };
  },
});

// POST /cases/{caseId}/disclosures: the calling organisation discloses items of a case to partners.
// Decided by the covenant version in force at this moment, at the case's stage, with the recipients'
// invitations and the consent as they are now; refused with 403 and the articles, or stored with the
// version and its audit record in one transaction that re-checks case and consent.
import { randomUUID } from 'node:crypto';
import { ValidationFailed } from '@cter/domain';
import { BUSINESS_METRICS } from '@cter/config';
import { httpRoute } from '@cter/http';
import { countMetric } from '@cter/http/metrics';
import * as routes from '@cter/routes/covenant';
import { ConsentRepository } from '../adapters/consent-repository';
import { DisclosureRepository } from '../adapters/disclosure-repository';
import { idempotency, tables } from '../adapters/environment';
import { allCovenants, consentGaps, consentRefusal, covenantInForce, decideSharing, disclosureRecord, legalBasisOf, refusalOf, resolveRecipients, sharingRequestOf } from '@cter/covenant-domain';
import { auditEntry, loadVisibleCase } from './case-access';

const disclosures = new DisclosureRepository(tables);
const consents = new ConsentRepository(tables);

/** A refusal (the covenant's, or a consent that does not cover the disclosure) is counted, then answered with 403. */
function refuse(refusal: Error): never {
  countMetric(BUSINESS_METRICS.disclosuresRefused);
  throw refusal;
}

export const handler = httpRoute(routes.recordDisclosure, {
  idempotency,
  handle: async (request) => {
    const { caller, path, body } = request;
    const now = new Date();
    const { record } = await loadVisibleCase(caller, path.caseId, now);
    const sender = { organisationId: caller.organisation.id, type: caller.organisation.type };
    const recipients = resolveRecipients(caller.regionId, sender.organisationId, body.recipients, record.participants, now);

    let consent;
    if (body.basis.kind === 'consent') {
      consent = await consents.get(record.caseId, body.basis.consentId);
      if (!consent) throw new ValidationFailed('unknown consent', [{ path: 'basis.consentId', message: 'no consent with this id is recorded on this case' }]);
      const gaps = consentGaps(consent, sender.organisationId, body.recipients, body.categories, body.purpose);
      if (gaps.length > 0) refuse(consentRefusal(consent.consentId, gaps));
    }

    const covenant = covenantInForce(now, allCovenants());
    const decision = decideSharing(covenant, sharingRequestOf({ sender, recipients, request: body, caseState: record.state, ...(consent ? { consent } : {}) }));
    if (decision.decision === 'deny') refuse(refusalOf(decision));

    const legalBasis = legalBasisOf(covenant.document, sender.type, body.basis);
    const disclosure = disclosureRecord({ disclosureId: randomUUID(), caseId: record.caseId, caseState: record.state, sender, recipients, request: body, decision, at: now, requestId: request.requestId, ...(legalBasis ? { legalBasis } : {}) });
    const audit = { ...auditEntry(caller, request, record.caseId, 'write', [...body.categories], body.purpose, now), covenantVersion: decision.covenantVersion };
    await disclosures.record(disclosure, audit, { caseVersion: record.version, ...(consent ? { consentId: consent.consentId } : {}) });
    return {
      status: 201,
      body: {
        disclosureId: disclosure.disclosureId,
        caseId: record.caseId,
        decision: 'allow',
        covenantVersion: disclosure.covenantVersion,
        stage: disclosure.stage,
        recipients: disclosure.recipientIds,
        categories: disclosure.categories,
        purpose: disclosure.purpose,
        policies: disclosure.policies,
        articles: disclosure.articles,
        ...(disclosure.legalBasis ? { legalBasis: disclosure.legalBasis } : {}),
        disclosedAt: disclosure.disclosedAt,
      },
    };
  },
});

// A consent as the API returns it.
import type { ConsentRecord } from '@cter/covenant-domain/consent';

export function consentView(consent: ConsentRecord) {
  const { caseId, consentId, holder, recipients, categories, purposes, givenAt, form, reference, state, recordedAt, covenantVersion, withdrawnAt, withdrawalRecordedAt, withdrawalRecordedBy } = consent;
  return {
    consentId,
    caseId,
    holder,
    recipients,
    categories,
    purposes,
    givenAt,
    form,
    ...(reference ? { reference } : {}),
    state,
    recordedAt,
    covenantVersion,
    ...(withdrawnAt ? { withdrawnAt, withdrawalRecordedAt, withdrawalRecordedBy } : {}),
  };
}

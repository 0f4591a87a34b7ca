// Consent (toestemming) of the person, recorded apart from sharing on a legal basis (article 10):
// held by the organisation that obtained it, specific to recipients, categories and purposes, and
// withdrawable at any moment, which stops every further disclosure relying on it. Pure logic.
import { Conflict, ValidationFailed, type ConsentRequest, type ConsentWithdrawalRequest } from '@cter/domain';
import type { ConsentState, OrganisationType } from './vocabulary';

export interface ConsentRecord {
  consentId: string;
  caseId: string;
  /** The organisation that obtained the consent; only it shares on it. */
  holder: string;
  holderType: OrganisationType;
  recipients: string[];
  categories: string[];
  purposes: string[];
  givenAt: string;
  form: ConsentRequest['form'];
  reference?: string;
  state: ConsentState;
  recordedAt: string;
  recordedBy: string;
  covenantVersion: string;
  withdrawnAt?: string;
  withdrawalRecordedAt?: string;
  withdrawalRecordedBy?: string;
  withdrawalNote?: string;
}

/** Clocks of partner systems differ a little; more than this in the future is a mistake. */
const CLOCK_SKEW_MS = 5 * 60_000;

function notInFuture(value: string, now: Date, path: string): void {
  if (new Date(value).getTime() > now.getTime() + CLOCK_SKEW_MS) throw new ValidationFailed('a moment in the future', [{ path, message: 'must not lie in the future' }]);
}

export function recordConsent(input: {
  consentId: string;
  caseId: string;
  holder: { organisationId: string; type: OrganisationType };
  request: ConsentRequest;
  now: Date;
  covenantVersion: string;
}): ConsentRecord {
  const { request, now } = input;
  notInFuture(request.givenAt, now, 'givenAt');
  if (request.recipients.includes(input.holder.organisationId)) {
    throw new ValidationFailed('the holder is not a recipient of its own consent', [{ path: `recipients.${request.recipients.indexOf(input.holder.organisationId)}`, message: 'the holder itself' }]);
  }
  return {
    consentId: input.consentId,
    caseId: input.caseId,
    holder: input.holder.organisationId,
    holderType: input.holder.type,
    recipients: [...request.recipients],
    categories: [...request.categories],
    purposes: [...request.purposes],
    givenAt: new Date(request.givenAt).toISOString(),
    form: request.form,
    ...(request.reference ? { reference: request.reference } : {}),
    state: 'active',
    recordedAt: now.toISOString(),
    recordedBy: input.holder.organisationId,
    covenantVersion: input.covenantVersion,
  };
}

/** The withdrawal of a consent; Conflict when it was withdrawn before. */
export function withdrawConsent(consent: ConsentRecord, request: ConsentWithdrawalRequest, organisationId: string, now: Date): ConsentRecord {
  if (consent.state === 'withdrawn') throw new Conflict(`consent ${consent.consentId} was withdrawn before (${consent.withdrawnAt ?? 'earlier'})`);
  const withdrawnAt = request.withdrawnAt ? new Date(request.withdrawnAt).toISOString() : now.toISOString();
  notInFuture(withdrawnAt, now, 'withdrawnAt');
  if (withdrawnAt < consent.givenAt) throw new ValidationFailed('a withdrawal before the consent', [{ path: 'withdrawnAt', message: `must not lie before the consent was given (${consent.givenAt})` }]);
  return {
    ...consent,
    state: 'withdrawn',
    withdrawnAt,
    withdrawalRecordedAt: now.toISOString(),
    withdrawalRecordedBy: organisationId,
    ...(request.note ? { withdrawalNote: request.note } : {}),
  };
}

// A disclosure (verstrekking) by a partner of a case: the sharing request it puts to the covenant
// version in force, the consent it may rely on, and the record kept of it (article 14(2)). Pure
// logic: the handler loads the case and the consent, asks Cedar, and stores what this returns.
import { findOrganisation } from '@cter/config';
import { ValidationFailed, type CaseState, type DisclosureBasis, type DisclosureRequest, type ErrorDetail } from '@cter/domain';
import type { PolicyCitation, SharingDecision } from './decide';
import { SharingRefused } from './errors';
import type { ConsentRecord } from './consent';
import type { CovenantDocument } from './covenant-document';
import type { Recipient } from './sharing-request';
import type { SharingRequest } from './sharing-request';
import type { OrganisationType } from './vocabulary';

export interface Participation {
  organisationId: string;
  until?: string;
}

/** Whether an organisation is invited to the case at `now` (invitations end by themselves). */
export function isInvited(participants: readonly Participation[], organisationId: string, now: Date): boolean {
  const invitation = participants.find((p) => p.organisationId === organisationId);
  return invitation !== undefined && (!invitation.until || invitation.until > now.toISOString());
}

/** The recipients as the covenant needs them: type from the region's organisations, invitation from the case. */
export function resolveRecipients(regionId: string, senderId: string, ids: readonly string[], participants: readonly Participation[], now: Date): Recipient[] {
  const problems: ErrorDetail[] = [];
  const recipients: Recipient[] = [];
  ids.forEach((id, i) => {
    const organisation = findOrganisation(regionId, id);
    if (!organisation) problems.push({ path: `recipients.${i}`, message: `not a partner organisation of ${regionId}` });
    else if (id === senderId) problems.push({ path: `recipients.${i}`, message: 'the sender cannot be its own recipient' });
    else recipients.push({ organisationId: id, type: organisation.type, invited: isInvited(participants, id, now) });
  });
  if (problems.length > 0) throw new ValidationFailed('the recipients are not valid', problems);
  return recipients;
}

/**
 * Why a consent does not carry a disclosure, one line per gap (empty when it does). Consent is
 * specific to the holder that may share on it, the recipients, the categories and the purpose.
 * Its state (active or withdrawn) is for the covenant to judge.
 */
export function consentGaps(consent: ConsentRecord, senderId: string, recipientIds: readonly string[], categories: readonly string[], purpose: string): ErrorDetail[] {
  const gaps: ErrorDetail[] = [];
  const id = consent.consentId;
  if (consent.holder !== senderId) gaps.push({ path: 'basis.consentId', message: `consent ${id} is held by ${consent.holder}; only the holder shares on it` });
  recipientIds.forEach((r, i) => {
    if (!consent.recipients.includes(r)) gaps.push({ path: `recipients.${i}`, message: `consent ${id} does not cover sharing with ${r}` });
  });
  categories.forEach((c, i) => {
    if (!consent.categories.includes(c)) gaps.push({ path: `categories.${i}`, message: `consent ${id} does not cover the category ${c}` });
  });
  if (!consent.purposes.includes(purpose)) gaps.push({ path: 'purpose', message: `consent ${id} does not cover the purpose ${purpose}` });
  return gaps;
}

/** The question put to the covenant for a disclosure: stage from the case's state, basis as recorded. */
export function sharingRequestOf(input: {
  sender: { organisationId: string; type: OrganisationType };
  recipients: readonly Recipient[];
  request: Pick<DisclosureRequest, 'categories' | 'purpose' | 'basis'>;
  caseState: CaseState;
  consent?: ConsentRecord;
}): SharingRequest {
  const { request, consent } = input;
  const basis: SharingRequest['basis'] =
    request.basis.kind === 'legal-basis' ? { kind: 'legal-basis', reference: request.basis.reference } : { kind: 'consent', consentId: request.basis.consentId, state: consent?.state ?? 'withdrawn' };
  return { sender: input.sender, recipients: [...input.recipients], categories: [...request.categories], purpose: request.purpose, stage: input.caseState, basis };
}

/** The refusal of a denied decision: the forbidding (or default) articles, one detail per refused pair. */
export function refusalOf(decision: SharingDecision): SharingRefused {
  const refused = decision.outcomes.filter((o) => o.decision === 'deny');
  const articles = [...new Set(refused.flatMap((o) => o.articles))];
  return new SharingRefused(
    `the disclosure is refused under ${decision.covenantVersion}, art. ${articles.join(', art. ')}`,
    refused.map((o) => ({ path: `recipients.${o.recipient.organisationId}.${o.category}`, message: o.reason })),
  );
}

/** A refusal because the consent relied on does not cover the disclosure. */
export function consentRefusal(consentId: string, gaps: ErrorDetail[]): SharingRefused {
  return new SharingRefused(`consent ${consentId} does not cover this disclosure; consent is specific to the holder, recipients, categories and purpose`, gaps);
}

/** A legal basis as a decision cites it: its id, the GDPR ground and the law. */
export interface LegalBasisCited {
  id: string;
  gdpr: string;
  law: string;
}

/** The sender's legal basis `reference` as the version's party table lists it; undefined when not listed (the covenant refuses that). */
export function legalBasisOf(document: Pick<CovenantDocument, 'parties'>, senderType: string, basis: { kind: string; reference?: string }): LegalBasisCited | undefined {
  if (basis.kind !== 'legal-basis') return undefined;
  const found = document.parties.find((p) => p.type === senderType)?.legalBases.find((b) => b.id === basis.reference);
  return found ? { id: found.id, gdpr: found.gdpr, law: found.law } : undefined;
}

/** What is kept of a disclosure (article 14(2)): who, to whom, what, why, on what basis, under which version. */
export interface DisclosureRecord {
  disclosureId: string;
  caseId: string;
  sender: string;
  senderType: OrganisationType;
  recipients: Recipient[];
  /** The recipients' ids, for the recipients' case view. */
  recipientIds: string[];
  categories: string[];
  items: DisclosureRequest['items'];
  purpose: string;
  /** The process stage the covenant decided at, and the case state it was mapped from. */
  stage: string;
  caseState: CaseState;
  basis: DisclosureBasis;
  proportionality: string;
  subsidiarity: string;
  covenantVersion: string;
  covenantDigest: string;
  /** The legal basis relied on as the version's party table words it: the law it rests on (absent for consent). */
  legalBasis?: LegalBasisCited;
  /** The policies and articles that allowed it. */
  policies: PolicyCitation[];
  articles: string[];
  disclosedAt: string;
  requestId: string;
}

export function disclosureRecord(input: {
  disclosureId: string;
  caseId: string;
  caseState: CaseState;
  sender: { organisationId: string; type: OrganisationType };
  recipients: readonly Recipient[];
  request: DisclosureRequest;
  decision: SharingDecision;
  at: Date;
  requestId: string;
  legalBasis?: LegalBasisCited;
}): DisclosureRecord {
  const { request, decision } = input;
  const policies = [...new Map(decision.outcomes.flatMap((o) => o.policies).map((p) => [p.id, p])).values()];
  return {
    disclosureId: input.disclosureId,
    caseId: input.caseId,
    sender: input.sender.organisationId,
    senderType: input.sender.type,
    recipients: [...input.recipients],
    recipientIds: input.recipients.map((r) => r.organisationId),
    categories: [...request.categories],
    items: request.items,
    purpose: request.purpose,
    stage: decision.stage,
    caseState: input.caseState,
    basis: request.basis,
    proportionality: request.proportionality,
    subsidiarity: request.subsidiarity,
    covenantVersion: decision.covenantVersion,
    covenantDigest: decision.covenantDigest,
    ...(input.legalBasis ? { legalBasis: input.legalBasis } : {}),
    policies,
    articles: [...new Set(decision.outcomes.flatMap((o) => o.articles))],
    disclosedAt: input.at.toISOString(),
    requestId: input.requestId,
  };
}

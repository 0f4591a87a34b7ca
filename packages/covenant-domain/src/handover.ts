// The hand-over set of a warm transfer (warme overdracht, covenant art. 13): the identity of the
// person, disclosed by the organisation that offers the case to the receiving region's ZVH. Asked
// of the covenant version in force like every disclosure, and kept as a disclosure record; the
// transfer sends what that record holds and nothing else. Pure logic: no AWS here.
import type { DisclosureRequest } from '@cter/domain';
import { decideSharing, type SharingDecision } from './decide';
import { disclosureRecord, refusalOf, type DisclosureRecord } from './disclosure';
import { covenantInForce } from './in-force';
import { allCovenants } from './shipped';
import type { OrganisationType } from './vocabulary';
import { HANDOVER_LABELS, handoverRecipientId, type HandoverSubject } from './handover-set';

/**
 * Decides and builds the disclosure of the hand-over set. Throws SharingRefused (403, with the
 * articles) when the covenant in force does not allow it: then nothing is offered.
 */
export function handoverDisclosure(input: {
  disclosureId: string;
  caseId: string;
  sender: { organisationId: string; type: OrganisationType };
  toRegion: string;
  subject: HandoverSubject;
  at: Date;
  requestId: string;
}): { record: DisclosureRecord; decision: SharingDecision } {
  const covenant = covenantInForce(input.at, allCovenants());
  // The sender's own legal basis in this version (the covenant refuses a sender it lists none for).
  const reference = covenant.document.parties.find((p) => p.type === input.sender.type)?.legalBases[0]?.id ?? 'none';
  const request: DisclosureRequest = {
    recipients: [handoverRecipientId(input.toRegion)],
    categories: ['identity'],
    items: HANDOVER_LABELS.map((label) => ({ category: 'identity', label, content: input.subject[label] })),
    purpose: 'transfer',
    basis: { kind: 'legal-basis', reference },
    proportionality: 'The minimal hand-over set: name, BSN and date of birth, so the receiving ZVH can register the case and decide to accept it.',
    subsidiarity: 'The receiving region obtains everything else under its own access from the partners that hold it.',
  };
  const recipients = [{ organisationId: handoverRecipientId(input.toRegion), type: 'zvh' as const, invited: false }];
  const decision = decideSharing(covenant, { sender: input.sender, recipients, categories: request.categories, purpose: request.purpose, stage: 'transfer-requested', basis: { kind: 'legal-basis', reference } });
  if (decision.decision === 'deny') throw refusalOf(decision);
  const record = disclosureRecord({ disclosureId: input.disclosureId, caseId: input.caseId, caseState: 'transfer-requested', sender: input.sender, recipients, request, decision, at: input.at, requestId: input.requestId });
  return { record, decision };
}

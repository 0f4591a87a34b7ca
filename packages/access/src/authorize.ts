// Object-level authorization: the one module every handler asks whether the caller may see a case,
// and which fields of it. IAM at the gateway and httpRoute (@cter/http) already limited the routes;
// this layer adds the case itself: region, municipality, process stage and participation.
import { INVITED_PARTNERS, type OrganisationType } from '@cter/config';
import { CaseNotFound, EARLY_STATES, NotAllowed, type CaseState } from '@cter/domain';
import type { Caller } from './caller';

/** What authorization needs to know of a case. */
export interface CaseFacts {
  caseId: string;
  regionId: string;
  municipality: string;
  state: CaseState;
  /** Organisations invited to the case, with the moment their invitation ends. */
  participants: ReadonlyArray<{ organisationId: string; until?: string }>;
  /**
   * The admission to the integral approach (the authority triangle's decision), recorded on the case
   * when it first enters consultation and kept for good: the ZVH and invited partners take part in
   * admitted cases only, whatever state the case is in now.
   */
  admission?: { at: string; version: number };
  /** A case offered by another region, and an offer of this case to another region. */
  transferIn?: { fromRegion: string };
  transfer?: { toRegion: string };
}

/** How much of a case the caller may see. */
export type CaseViewLevel = 'full' | 'process' | 'invited';

const isType = (caller: Caller, types: readonly OrganisationType[]) => types.includes(caller.organisation.type);

/**
 * The view level the caller has on a case, or undefined when the case is invisible to it
 * (the handler then answers 404, so existence is not leaked).
 */
export function caseViewLevel(caller: Caller, facts: CaseFacts, now = new Date()): CaseViewLevel | undefined {
  if (facts.regionId !== caller.regionId) return undefined;
  const type = caller.organisation.type;
  if (type === 'municipality') return facts.municipality === caller.organisation.municipality ? 'full' : undefined;
  if (type === 'police' || type === 'prosecutor' || type === 'specialist-re') return 'full';
  // The receiving ZVH answers an offer from another region: it sees whom the offer is about.
  if (type === 'zvh' && isOfferToThisRegion(facts)) return 'process';
  // The ZVH and invited partners take part from the admission on, never in a case the triangle did
  // not admit (no action, referral, rejection, detention, an offer before admission); signal and
  // weighing data are for core partners and the specialist R&E only.
  if (!facts.admission || EARLY_STATES.has(facts.state)) return undefined;
  if (type === 'zvh') return 'process';
  if (isType(caller, INVITED_PARTNERS)) {
    const invitation = facts.participants.find((p) => p.organisationId === caller.organisation.id);
    if (invitation && (!invitation.until || invitation.until > now.toISOString())) return 'invited';
  }
  return undefined;
}

/** A case another region offers to this one, awaiting the receiving ZVH's answer. */
function isOfferToThisRegion(facts: CaseFacts): boolean {
  return facts.state === 'transfer-requested' && facts.transferIn !== undefined && facts.transfer === undefined;
}

/** How a case list is narrowed for the caller; lists never reveal counts of invisible cases. */
export type ListScope =
  | { kind: 'all' }
  | { kind: 'municipality'; municipality: string }
  | { kind: 'admitted' }
  | { kind: 'none' };

export function listScope(caller: Caller): ListScope {
  const type = caller.organisation.type;
  if (type === 'municipality' && caller.organisation.municipality) return { kind: 'municipality', municipality: caller.organisation.municipality };
  if (type === 'police' || type === 'prosecutor' || type === 'specialist-re') return { kind: 'all' };
  if (type === 'zvh') return { kind: 'admitted' };
  return { kind: 'none' };
}

/**
 * The one rule for a case read by id: an invisible case is the same 404 as an unknown one, so a
 * partner cannot learn that a case exists. `record` is what the store returned for `caseId`.
 */
export function visibleCase<T extends CaseFacts>(caller: Caller, caseId: string, record: T | undefined, now = new Date()): { record: T; level: CaseViewLevel } {
  const level = record && caseViewLevel(caller, record, now);
  if (!record || !level) throw new CaseNotFound(caseId);
  return { record, level };
}

/**
 * Whether an organisation of the region takes part in the case: it would see the case itself (the
 * one visibility rule), so a core partner of the case, the ZVH, the specialist R&E, or a partner
 * invited at `at`.
 */
export function takesPart(regionId: string, organisation: Caller['organisation'], facts: CaseFacts, at = new Date()): boolean {
  return caseViewLevel({ regionId, organisation, principalArn: '' }, facts, at) !== undefined;
}

// The platform's covenant vocabulary: the values the Cedar schema enumerates (and a test keeps
// the two equal). A covenant version lists a subset of them; requests are checked against that subset.
import { ORGANISATION_TYPES, type OrganisationType } from '@cter/config';

export { ORGANISATION_TYPES, type OrganisationType };

/** Roles a covenant gives its parties (partijrollen). */
export const PARTY_ROLES = ['core', 'case', 'care', 'process', 'specialist'] as const;
/** What Cedar sees for an organisation type the covenant in force does not list. */
export const NON_PARTY = 'non-party';

/** Process stages (processtappen); each covenant maps them onto case states. */
export const STAGES = ['signal', 'weighing', 'consultation', 'monitoring', 'aftercare', 'detention', 'transfer'] as const;
export type Stage = (typeof STAGES)[number];

// Purposes and data categories are part of the API contract (packages/domain), so the request
// schemas and the covenant speak the same words; one list, re-exported here.
export { PURPOSES, DATA_CATEGORIES, type Purpose, type DataCategory } from '@cter/domain';

/** GDPR class of a data category: art. 9 special categories and art. 10 criminal-offence data need more. */
export const GDPR_CLASSES = ['ordinary', 'special', 'criminal'] as const;

export const CONSENT_STATES = ['active', 'withdrawn'] as const;
export type ConsentState = (typeof CONSENT_STATES)[number];

/** The Cedar entity and action types the schema declares (namespace Cter). */
export const CEDAR = {
  organisation: 'Cter::Organisation',
  disclosure: 'Cter::Disclosure',
  action: 'Cter::Action',
  shareAction: 'share',
  organisationType: 'Cter::OrganisationType',
  partyRole: 'Cter::PartyRole',
  stage: 'Cter::Stage',
  purpose: 'Cter::Purpose',
  category: 'Cter::Category',
  basisKind: 'Cter::BasisKind',
  consentState: 'Cter::ConsentState',
} as const;

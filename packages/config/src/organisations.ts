// Partner organisations per region. Each organisation is a tenant with its own IAM role and
// access boundary; the organisation type decides its capabilities (see capabilities.ts).
import { REGIONS, type RegionConfig, type RegionId, regionConfig } from './regions';

export const ORGANISATION_TYPES = [
  'municipality', // gemeente: directs the case (regierol); core partner
  'police', // politie: core partner
  'prosecutor', // Openbaar Ministerie (OM): core partner
  'specialist-re', // gemeentelijk specialist Radicalisering & Extremisme
  'zvh', // the care and safety house's process director (procesregisseur)
  'child-protection', // Raad voor de Kinderbescherming (RvdK)
  'probation', // Reclassering Nederland
  'prison-service', // Dienst Justitiele Inrichtingen (DJI)
  'mental-health-care', // GGZ / forensic care
  'youth-care', // jeugdzorg
  'domestic-violence', // Veilig Thuis
  'mentoring', // ONE-on-ONE mentors
  'privacy-officer', // functionaris gegevensbescherming
  'school', // onderwijs: schools ask the specialist R&E for advice (adviesvraag); no signal capability, no case access
] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

/**
 * Which certificates under a Roles Anywhere trust anchor may assume the role: the subject CN, the
 * OIN (Organisatie-identificatienummer, which PKIoverheid certificates carry in the subject
 * serialNumber), or both. One of them is required: a CA bundle alone would let every certificate
 * it ever issued act as this partner.
 */
export type CertificateSubject = { subjectCommonName: string; oin?: string } | { subjectCommonName?: string; oin: string };

/** How a partner organisation's systems obtain credentials for its role. */
export type OrganisationTrust =
  /** Principals of this AWS account (the partner's own account) may assume the role. */
  | { kind: 'account'; accountId: string }
  /** IAM Roles Anywhere: X.509 certificates (e.g. PKIoverheid) chaining to this CA bundle, with this subject. */
  | ({ kind: 'roles-anywhere'; trustAnchorCertificatePem: string } & CertificateSubject);

export interface Organisation {
  /** Stable id, unique within a region: `gemeente-haarlem`, `politie`, `om`, ... */
  id: string;
  type: OrganisationType;
  name: string;
  /** For municipalities: the municipality id this organisation is. */
  municipality?: string;
  /**
   * Absent: nobody in AWS may assume the role. The twin's local account may (`cter:target=twin`),
   * an environment-agnostic synth trusts that placeholder too, and a synth for a real account fails
   * (infra/lib/partner-access.ts).
   */
  trust?: OrganisationTrust;
}

const shared: ReadonlyArray<Omit<Organisation, 'name'> & { name: (r: RegionConfig) => string }> = [
  { id: 'politie', type: 'police', name: () => 'Politie eenheid Noord-Holland' },
  { id: 'om', type: 'prosecutor', name: () => 'Openbaar Ministerie, arrondissement Noord-Holland' },
  { id: 'specialist-re', type: 'specialist-re', name: (r) => `Gemeentelijk specialist R&E, ${r.name}` },
  { id: 'zvh', type: 'zvh', name: (r) => r.name },
  { id: 'rvdk', type: 'child-protection', name: () => 'Raad voor de Kinderbescherming' },
  { id: 'reclassering', type: 'probation', name: () => 'Reclassering Nederland' },
  { id: 'dji', type: 'prison-service', name: () => 'Dienst Justitiele Inrichtingen' },
  { id: 'ggz', type: 'mental-health-care', name: () => 'GGZ Noord-Holland' },
  { id: 'jeugdzorg', type: 'youth-care', name: () => 'Jeugdzorg Noord-Holland' },
  { id: 'veilig-thuis', type: 'domestic-violence', name: () => 'Veilig Thuis' },
  { id: 'one-on-one', type: 'mentoring', name: () => 'ONE-on-ONE mentorprogramma' },
  { id: 'privacy-officer', type: 'privacy-officer', name: (r) => `Functionaris gegevensbescherming, ${r.name}` },
  { id: 'onderwijs', type: 'school', name: (r) => `Scholen (onderwijs), ${r.name}` },
];

/**
 * Per-organisation trust, keyed `<region>.<organisation>` (set by ops per deployment). A synth for a
 * real AWS account fails while any organisation of a region lacks an entry here (docs/runbook.md).
 */
export const TRUST_OVERRIDES: Record<string, OrganisationTrust> = {};

export function organisationsOf(regionId: RegionId | string): Organisation[] {
  const region = regionConfig(regionId);
  const municipalities: Organisation[] = region.municipalities.map((mu) => ({
    id: `gemeente-${mu.id}`,
    type: 'municipality',
    name: `Gemeente ${mu.name}`,
    municipality: mu.id,
  }));
  const others: Organisation[] = shared.map((o) => ({ id: o.id, type: o.type, name: o.name(region) }));
  return [...municipalities, ...others].map((o) => {
    const trust = TRUST_OVERRIDES[`${region.id}.${o.id}`];
    return trust ? { ...o, trust } : o;
  });
}

export function findOrganisation(regionId: string, organisationId: string): Organisation | undefined {
  return organisationsOf(regionId).find((o) => o.id === organisationId);
}

/** IAM role name of an organisation in a region; the handlers read the organisation back from it. */
export function partnerRoleName(regionId: string, organisationId: string): string {
  return `cter-${regionId}-${organisationId}`;
}

/** Inverse of partnerRoleName for a known region; undefined when the role is not a partner role. */
export function organisationIdFromRoleName(regionId: string, roleName: string): string | undefined {
  const prefix = `cter-${regionId}-`;
  return roleName.startsWith(prefix) ? roleName.slice(prefix.length) : undefined;
}

/**
 * The account the local twin runs the templates as (packages/twin/src/cfn-resolver.ts LOCAL_ACCOUNT).
 * AWS never issues it, so a role that trusts only it cannot be assumed in AWS.
 */
export const TWIN_ACCOUNT = '000000000000';

/** CDK context key naming what a synth is for; `twin` is the local twin (packages/twin/src/synth.ts). */
export const TARGET_CONTEXT = 'cter:target';

export const ALL_REGIONS = Object.values(REGIONS);

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
] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

/** How a partner organisation's systems obtain credentials for its role. */
export type OrganisationTrust =
  /** Principals of this AWS account (the partner's own account) may assume the role. */
  | { kind: 'account'; accountId: string }
  /** IAM Roles Anywhere: X.509 certificates (e.g. PKIoverheid) chaining to this CA bundle. */
  | { kind: 'roles-anywhere'; trustAnchorCertificatePem: string; subjectCommonName?: string };

export interface Organisation {
  /** Stable id, unique within a region: `gemeente-haarlem`, `politie`, `om`, ... */
  id: string;
  type: OrganisationType;
  name: string;
  /** For municipalities: the municipality id this organisation is. */
  municipality?: string;
  /** Absent: principals of the stage's own account may assume the role (demo and twin). */
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
];

/** Per-organisation overrides of trust, keyed `<region>.<organisation>` (set by ops per deployment). */
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

export const ALL_REGIONS = Object.values(REGIONS);

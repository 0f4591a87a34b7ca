// Test helpers: sharing requests written the way the scenarios read (who, what, to whom, why, when, on what).
import type { SharingRequest } from '../src/index';

/** One organisation per type, with the ids organisations.ts gives them. */
export const ORG = {
  municipality: 'gemeente-haarlem',
  police: 'politie',
  prosecutor: 'om',
  'specialist-re': 'specialist-re',
  zvh: 'zvh',
  'child-protection': 'rvdk',
  probation: 'reclassering',
  'prison-service': 'dji',
  'mental-health-care': 'ggz',
  'youth-care': 'jeugdzorg',
  'domestic-violence': 'veilig-thuis',
  mentoring: 'one-on-one',
  'privacy-officer': 'privacy-officer',
} as const;
export type OrgType = keyof typeof ORG;

/** The legal basis each party's covenant lists first (what a sender would normally cite). */
export const USUAL_BASIS: Partial<Record<OrgType, string>> = {
  municipality: 'municipal-public-task',
  'specialist-re': 'municipal-public-task',
  zvh: 'municipal-public-task',
  police: 'wpg-20',
  prosecutor: 'wjsg-39f',
  'child-protection': 'bw-rvdk',
  probation: 'probation-task',
  'prison-service': 'dji-task',
  'domestic-violence': 'wmo-veilig-thuis',
  'mental-health-care': 'wfz-forensic-care',
};

export type Basis = SharingRequest['basis'];
export const consent = (state: 'active' | 'withdrawn' = 'active'): Basis => ({ kind: 'consent', consentId: 'consent-0001', state });
export const legal = (reference: string): Basis => ({ kind: 'legal-basis', reference });

export interface Share {
  from: OrgType;
  to: OrgType;
  invited?: boolean;
  category: string;
  purpose: string;
  stage: string;
  basis?: Basis;
}

export function request(s: Share): SharingRequest {
  const usual = USUAL_BASIS[s.from];
  return {
    sender: { organisationId: ORG[s.from], type: s.from },
    // Another region's municipality when a municipality hands over to a municipality (transfer).
    recipients: [{ organisationId: s.to === s.from ? `${ORG[s.to]}-ontvangend` : ORG[s.to], type: s.to, invited: s.invited ?? false }],
    categories: [s.category],
    purpose: s.purpose,
    stage: s.stage,
    basis: s.basis ?? (usual ? legal(usual) : consent()),
  };
}

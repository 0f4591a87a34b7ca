// Organisation types grouped as the route registry (@cter/routes) grants routes to them, and as
// object-level authorization (@cter/access) tells partners apart.
import type { OrganisationType } from './organisations';

export const CORE_PARTNERS: readonly OrganisationType[] = ['municipality', 'police', 'prosecutor'];
export const INVITED_PARTNERS: readonly OrganisationType[] = [
  'child-protection',
  'probation',
  'prison-service',
  'mental-health-care',
  'youth-care',
  'domestic-violence',
  'mentoring',
];
export const CASE_WORKERS: readonly OrganisationType[] = [...CORE_PARTNERS, 'specialist-re', 'zvh'];
export const ALL_PARTNERS: readonly OrganisationType[] = [...CASE_WORKERS, ...INVITED_PARTNERS];
/** Organisation types the measures catalogue lets own a measure (a unit test keeps this in step with every catalogue version). */
export const MEASURE_OWNERS: readonly OrganisationType[] = [...CORE_PARTNERS, 'probation', 'prison-service', 'mental-health-care', 'youth-care', 'domestic-violence', 'mentoring'];
/** Care partners bound by professional secrecy: they share on the person's consent (covenant art. 10). */
export const CARE_PARTNERS: readonly OrganisationType[] = ['mental-health-care', 'youth-care', 'domestic-violence', 'mentoring'];
export const CONSENT_HOLDERS: readonly OrganisationType[] = ['municipality', 'zvh', ...CARE_PARTNERS];
/**
 * Who may ask the specialist R&E for advice without naming the person (adviesvraag): every partner
 * and the schools, which have no signal capability and no case access. The specialist answers.
 */
export const ADVICE_ASKERS: readonly OrganisationType[] = [...ALL_PARTNERS.filter((t) => t !== 'specialist-re'), 'school'];
export const ADVICE_PARTIES: readonly OrganisationType[] = [...ADVICE_ASKERS, 'specialist-re'];
/** Every partner and the privacy officer: who may ask the covenant or read the measures catalogue (neither reads case data). */
export const PARTNERS_AND_PRIVACY_OFFICER: readonly OrganisationType[] = [...ALL_PARTNERS, 'privacy-officer'];

// The capability matrix: which API routes each organisation type may call. The IAM policy of
// every partner role is generated from it (gateway layer) and the handlers check the same data
// together with the case itself (object layer). A route missing here is callable by nobody.
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
const CASE_WORKERS: readonly OrganisationType[] = [...CORE_PARTNERS, 'specialist-re', 'zvh'];
const ALL_PARTNERS: readonly OrganisationType[] = [...CASE_WORKERS, ...INVITED_PARTNERS];

export interface RouteCapability {
  /** `METHOD /path/{param}` exactly as the API defines it. */
  route: string;
  /** Organisation types whose role may invoke the route. */
  allowed: readonly OrganisationType[];
  /** Whether the route reads or writes personal data (then every call is audited). */
  personalData: boolean;
  summary: string;
}

export const CAPABILITIES: readonly RouteCapability[] = [
  { route: 'POST /signals', allowed: ALL_PARTNERS, personalData: true, summary: 'Register a signal; opens a case' },
  { route: 'GET /cases', allowed: CASE_WORKERS, personalData: false, summary: 'List the cases the caller may see' },
  { route: 'GET /cases/{caseId}', allowed: ALL_PARTNERS, personalData: true, summary: 'Read a case, shaped to the caller' },
  { route: 'PATCH /cases/{caseId}', allowed: ['municipality', 'zvh'], personalData: true, summary: 'Correct the recorded data of the person' },
  { route: 'GET /cases/{caseId}/history', allowed: ALL_PARTNERS, personalData: true, summary: 'The history of a case' },
  { route: 'GET /cases/{caseId}/tasks', allowed: ALL_PARTNERS, personalData: false, summary: 'Open decisions of the case the caller may take' },
  { route: 'POST /cases/{caseId}/decisions', allowed: ALL_PARTNERS, personalData: true, summary: 'Decide a pending human step of the work process' },
  { route: 'POST /cases/{caseId}/participants', allowed: ['municipality', 'zvh'], personalData: true, summary: 'Invite a partner organisation to a case' },
];

export function capabilityOf(route: string): RouteCapability | undefined {
  return CAPABILITIES.find((c) => c.route === route);
}

export function routesAllowedFor(type: OrganisationType): string[] {
  return CAPABILITIES.filter((c) => c.allowed.includes(type)).map((c) => c.route);
}

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
/** Organisation types the measures catalogue lets own a measure (a unit test keeps this in step with every catalogue version). */
export const MEASURE_OWNERS: readonly OrganisationType[] = [...CORE_PARTNERS, 'probation', 'prison-service', 'mental-health-care', 'youth-care', 'domestic-violence', 'mentoring'];
/** Care partners bound by professional secrecy: they share on the person's consent (covenant art. 10). */
const CARE_PARTNERS: readonly OrganisationType[] = ['mental-health-care', 'youth-care', 'domestic-violence', 'mentoring'];
const CONSENT_HOLDERS: readonly OrganisationType[] = ['municipality', 'zvh', ...CARE_PARTNERS];
/**
 * Who may ask the specialist R&E for advice without naming the person (adviesvraag): every partner
 * and the schools, which have no signal capability and no case access. The specialist answers.
 */
const ADVICE_ASKERS: readonly OrganisationType[] = [...ALL_PARTNERS.filter((t) => t !== 'specialist-re'), 'school'];
const ADVICE_PARTIES: readonly OrganisationType[] = [...ADVICE_ASKERS, 'specialist-re'];

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
  { route: 'POST /cases/{caseId}/transfers', allowed: ['municipality', 'zvh'], personalData: true, summary: 'Transfer a case to another region (the receiving ZVH accepts or refuses)' },
  { route: 'PUT /cases/{caseId}/detention', allowed: ['municipality', 'zvh'], personalData: true, summary: 'Record that the person is detained during the case, or move the release date' },
  { route: 'POST /cases/{caseId}/participants', allowed: ['municipality', 'zvh'], personalData: true, summary: 'Invite a partner organisation to a case' },
  { route: 'DELETE /cases/{caseId}/participants/{organisationId}', allowed: ['municipality', 'zvh'], personalData: true, summary: 'End the invitation of a partner organisation now' },
  // The process director (or the directing municipality) runs the case consultation; participants read what they attend.
  { route: 'POST /cases/{caseId}/consultations', allowed: ['municipality', 'zvh'], personalData: true, summary: 'Schedule a case consultation: date, attendees, agenda' },
  { route: 'POST /cases/{caseId}/consultations/{consultationId}/outcome', allowed: ['municipality', 'zvh'], personalData: true, summary: 'Record the outcome of a consultation and the decisions taken in it' },
  { route: 'GET /cases/{caseId}/consultations', allowed: ALL_PARTNERS, personalData: true, summary: 'The consultations of a case the caller may see' },
  { route: 'GET /tasks', allowed: ALL_PARTNERS, personalData: false, summary: 'The open tasks the caller may take across cases, by due date' },
  // Covenant service. Asking the covenant reads no data: every partner and the privacy officer may ask.
  { route: 'POST /covenant/decisions', allowed: [...ALL_PARTNERS, 'privacy-officer'], personalData: false, summary: 'Ask whether the covenant allows a disclosure, and under which articles' },
  // Any partner that sees the case may disclose what it holds; the covenant in force decides each disclosure.
  { route: 'POST /cases/{caseId}/disclosures', allowed: ALL_PARTNERS, personalData: true, summary: 'Disclose items of a case to partners, checked against the covenant' },
  // Consent is held by whoever obtained it: the directing municipality, the ZVH, or an invited care partner.
  { route: 'POST /cases/{caseId}/consents', allowed: CONSENT_HOLDERS, personalData: true, summary: 'Record a consent of the person' },
  { route: 'POST /cases/{caseId}/consents/{consentId}/withdrawal', allowed: CONSENT_HOLDERS, personalData: true, summary: 'Record that the person withdrew a consent' },
  // The municipality informs the person (covenant art. 15); the ZVH may record it on its behalf.
  { route: 'POST /cases/{caseId}/informing', allowed: ['municipality', 'zvh'], personalData: true, summary: 'Record that the person was informed, or a deferral with reason and review date' },
  { route: 'GET /cases/{caseId}/audit', allowed: ['privacy-officer'], personalData: true, summary: 'The audit trail of a case and its destruction record' },
  { route: 'POST /subjects/report', allowed: ['privacy-officer'], personalData: true, summary: 'Subject access: everything stored about a person (BSN in the body)' },
  // Anonymous advice requests (adviesvraag; docs/decisions.md). The asker sees its organisation's own
  // requests, the specialist R&E the region's (the handlers check which). Conversion is a signal: the
  // asker converts when its organisation may report signals, the specialist on behalf of one that may not.
  { route: 'POST /advice-requests', allowed: ADVICE_ASKERS, personalData: false, summary: 'Ask the specialist R&E for advice about a worry, without naming the person' },
  { route: 'GET /advice-requests', allowed: ADVICE_PARTIES, personalData: false, summary: "The advice requests the caller may see: its organisation's own, or the region's for the specialist R&E" },
  { route: 'GET /advice-requests/{adviceRequestId}', allowed: ADVICE_PARTIES, personalData: false, summary: 'An advice request with its thread of messages' },
  { route: 'POST /advice-requests/{adviceRequestId}/messages', allowed: ADVICE_PARTIES, personalData: false, summary: 'Answer or ask back (the specialist R&E), or reply (the asker)' },
  { route: 'POST /advice-requests/{adviceRequestId}/conversion', allowed: ALL_PARTNERS, personalData: true, summary: 'Convert an advice request into a signal once the person is named; opens a case' },
  // Measures service (docs/measures.md). The plan is drafted by the ZVH or the directing municipality and
  // read by every participant, shaped to it; a measure is moved and noted by its owner only (the handler
  // checks the owner); ONE-on-ONE sessions and matching are the mentoring organisation's.
  { route: 'GET /measures/catalogue', allowed: [...ALL_PARTNERS, 'privacy-officer'], personalData: false, summary: 'The measures catalogue: versioned reference data' },
  { route: 'GET /cases/{caseId}/plan', allowed: ALL_PARTNERS, personalData: true, summary: 'The plan of action, shaped to the caller (status only for measures of others)' },
  { route: 'POST /cases/{caseId}/plan', allowed: ['municipality', 'zvh'], personalData: true, summary: 'Draft or revise the plan of action (a new version each time)' },
  { route: 'GET /cases/{caseId}/measures/suggestions', allowed: CASE_WORKERS, personalData: true, summary: 'Catalogue measures that fit the case, each with its reasons' },
  { route: 'POST /cases/{caseId}/measures/{measureId}/transitions', allowed: MEASURE_OWNERS, personalData: true, summary: 'Start, complete or stop a measure (its owner)' },
  { route: 'POST /cases/{caseId}/measures/{measureId}/notes', allowed: MEASURE_OWNERS, personalData: true, summary: 'Record a progress note on a measure (its owner)' },
  { route: 'POST /cases/{caseId}/measures/{measureId}/sessions', allowed: ['mentoring'], personalData: true, summary: 'Log a ONE-on-ONE session (the matched mentor)' },
  { route: 'POST /cases/{caseId}/measures/{measureId}/mentor', allowed: ['mentoring'], personalData: true, summary: 'Match the young person to a ONE-on-ONE mentor' },
  { route: 'PUT /measures/mentors/{mentorId}', allowed: ['mentoring'], personalData: false, summary: "Keep a mentor of the region's ONE-on-ONE pool (capacity, no name)" },
  // Aggregated and de-identified, yet a release of figures: the ZVH reports on the programme, the privacy officer reviews.
  { route: 'GET /measures/evaluation-export', allowed: ['zvh', 'privacy-officer'], personalData: false, summary: 'De-identified evaluation figures per measure type, target group, region and quarter' },
  // Reads the sessions of every consented trajectory of the region (audited per case) to release them pseudonymised to the HvA:
  // the ZVH, which coordinates the region's ONE-on-ONE package and its evaluation, pulls it; the privacy officer reviews what leaves.
  // Not the municipalities: the dataset spans every municipality of the region.
  { route: 'GET /exports/one-on-one', allowed: ['zvh', 'privacy-officer'], personalData: true, summary: 'ONE-on-ONE research export for the Hogeschool van Amsterdam: consented trajectories, pseudonymised per export, small groups suppressed' },
  // The process evaluation: aggregated and de-identified, for the ZVH process director and the steering group (the municipalities).
  { route: 'GET /reports/process', allowed: ['zvh', 'municipality'], personalData: false, summary: 'De-identified process evaluation: lead times per phase, outcomes, overdue steps and escalations per quarter and year' },
];

/**
 * Writes that accept an `Idempotency-Key` header: the same key with the same request answers the
 * first outcome again (header `Idempotent-Replayed: true`) instead of writing twice, so a client may
 * retry them after a timeout or a 5xx. POST /signals keeps its key inside its own transaction; the
 * other POSTs read (the covenant's answer, the subject report) and PUT is idempotent by itself.
 */
export const IDEMPOTENT_WRITES: ReadonlySet<string> = new Set([
  'PATCH /cases/{caseId}',
  'POST /cases/{caseId}/decisions',
  'POST /cases/{caseId}/transfers',
  'PUT /cases/{caseId}/detention',
  'POST /cases/{caseId}/participants',
  'DELETE /cases/{caseId}/participants/{organisationId}',
  'POST /cases/{caseId}/consultations',
  'POST /cases/{caseId}/consultations/{consultationId}/outcome',
  'POST /cases/{caseId}/disclosures',
  'POST /cases/{caseId}/consents',
  'POST /cases/{caseId}/consents/{consentId}/withdrawal',
  'POST /cases/{caseId}/informing',
  'POST /cases/{caseId}/plan',
  'POST /cases/{caseId}/measures/{measureId}/transitions',
  'POST /cases/{caseId}/measures/{measureId}/notes',
  'POST /cases/{caseId}/measures/{measureId}/sessions',
  'POST /cases/{caseId}/measures/{measureId}/mentor',
]);

/** The key a caller chooses per request: 8 to 128 of A-Z a-z 0-9 _ . : - (a UUID fits). */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,128}$/;

export function capabilityOf(route: string): RouteCapability | undefined {
  return CAPABILITIES.find((c) => c.route === route);
}

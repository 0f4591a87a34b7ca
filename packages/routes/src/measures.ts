// The measures service's routes (docs/measures.md): catalogue, plan of action, measure lifecycle,
// ONE-on-ONE mentoring and the research and evaluation exports.
import { ALL_PARTNERS, CASE_WORKERS, MEASURE_OWNERS, PARTNERS_AND_PRIVACY_OFFICER } from '@cter/config';
import {
  CaseIdPath,
  CatalogueResponse,
  EvaluationExportData,
  MeasureSuggestions,
  MeasureTransitioned,
  MentorMatched,
  MentorView,
  PlanResponse,
  PlanView,
  ProgressNoteRecorded,
  ResearchExportData,
  SessionLogged,
} from '@cter/domain';
import {
  CaseMeasurePath,
  CatalogueQuery,
  DraftPlanRequest,
  EvaluationExportQuery,
  GetPlanQuery,
  MeasureCommand,
  MentorMatchRequest,
  MentorPath,
  MentorPoolRequest,
  ProgressNoteRequest,
  ResearchExportQuery,
  SessionRequest,
} from '@cter/measures-domain';
import { ETAG, type RouteEntry } from './route-entry';

// Measures service (docs/measures.md). The plan is drafted by the ZVH or the directing municipality and
// read by every participant, shaped to it; a measure is moved and noted by its owner only (the handler
// checks the owner); ONE-on-ONE sessions and matching are the mentoring organisation's.
export const getCatalogue = {
  route: 'GET /measures/catalogue',
  operationId: 'getCatalogue',
  service: 'measures',
  summary: 'The measures catalogue: versioned reference data',
  allowed: PARTNERS_AND_PRIVACY_OFFICER,
  personalData: false,
  handler: { id: 'GetCatalogue', entry: 'services/measures/handlers/get-catalogue.ts', description: 'Reads the measures catalogue' },
  grants: { cases: [], audit: 'none' },
  query: CatalogueQuery,
  responses: { 200: { description: 'The catalogue in force (or the version asked for) and the published versions', schema: CatalogueResponse } },
  errors: [404],
} as const satisfies RouteEntry;

export const getPlan = {
  route: 'GET /cases/{caseId}/plan',
  operationId: 'getPlan',
  service: 'measures',
  summary: 'The plan of action, shaped to the caller (status only for measures of others)',
  allowed: ALL_PARTNERS,
  personalData: true,
  handler: { id: 'GetPlan', entry: 'services/measures/handlers/get-plan.ts', description: 'Reads the plan of action shaped to the caller' },
  grants: { cases: ['GetItem', 'Query'], audit: 'append' },
  path: CaseIdPath,
  query: GetPlanQuery,
  description: 'Signed as a ONE-on-ONE role session named by a mentor id of the pool, the mentor\'s view: their own mentee\'s measure only (403 without one).',
  responses: { 200: { description: 'The plan of action shaped to the caller', schema: PlanResponse } },
} as const satisfies RouteEntry;

export const draftPlan = {
  route: 'POST /cases/{caseId}/plan',
  operationId: 'draftPlan',
  service: 'measures',
  summary: 'Draft or revise the plan of action (a new version each time)',
  allowed: ['municipality', 'zvh'],
  personalData: true,
  idempotency: 'runner',
  handler: { id: 'DraftPlan', entry: 'services/measures/handlers/draft-plan.ts', description: 'Drafts or revises the plan of action' },
  grants: { cases: ['GetItem', 'PutItem', 'UpdateItem'], audit: 'append' },
  description: 'Without `basedOnVersion` drafts the first plan (201); with the version read last, revises it (200). Each call writes a new version. New measures are sent without `measureId` (the platform gives each its id); a revision names the measures it keeps by those ids. A measure with progress notes keeps its owner and type (409).',
  path: CaseIdPath,
  body: DraftPlanRequest,
  responses: {
    201: { description: 'The first version of the plan', schema: PlanView, headers: ETAG },
    200: { description: 'The revised plan', schema: PlanView, headers: ETAG },
  },
  errors: [409],
} as const satisfies RouteEntry;

export const getSuggestions = {
  route: 'GET /cases/{caseId}/measures/suggestions',
  operationId: 'getSuggestions',
  service: 'measures',
  summary: 'Catalogue measures that fit the case, each with its reasons',
  allowed: CASE_WORKERS,
  personalData: true,
  handler: { id: 'GetSuggestions', entry: 'services/measures/handlers/get-suggestions.ts', description: 'Suggests fitting catalogue measures with reasons' },
  grants: { cases: ['GetItem'], audit: 'append' },
  path: CaseIdPath,
  responses: { 200: { description: 'Fitting catalogue measures with reasons', schema: MeasureSuggestions } },
} as const satisfies RouteEntry;

export const transitionMeasure = {
  route: 'POST /cases/{caseId}/measures/{measureId}/transitions',
  operationId: 'transitionMeasure',
  service: 'measures',
  summary: 'Start, complete or stop a measure (its owner)',
  allowed: MEASURE_OWNERS,
  personalData: true,
  idempotency: 'runner',
  handler: { id: 'TransitionMeasure', entry: 'services/measures/handlers/transition-measure.ts', description: 'Starts or ends a measure by its owner' },
  grants: { cases: ['GetItem', 'PutItem', 'UpdateItem'], audit: 'append' },
  path: CaseMeasurePath,
  body: MeasureCommand,
  responses: { 200: { description: 'The measure in its new status', schema: MeasureTransitioned } },
  errors: [409],
  example: { action: 'start', startedOn: '2026-03-02' },
} as const satisfies RouteEntry;

export const addProgressNote = {
  route: 'POST /cases/{caseId}/measures/{measureId}/notes',
  operationId: 'addProgressNote',
  service: 'measures',
  summary: 'Record a progress note on a measure (its owner)',
  allowed: MEASURE_OWNERS,
  personalData: true,
  idempotency: 'runner',
  handler: { id: 'AddProgressNote', entry: 'services/measures/handlers/add-progress-note.ts', description: 'Records a progress note by the owner' },
  grants: { cases: ['GetItem', 'PutItem', 'ConditionCheckItem'], audit: 'append' },
  description: 'Send your own `noteId` to make a retry safe (a repeated id is a 409).',
  path: CaseMeasurePath,
  body: ProgressNoteRequest,
  responses: { 201: { description: 'The note is recorded', schema: ProgressNoteRecorded } },
  errors: [409],
  example: { noteId: 'note-2026-03-10', text: 'Tweede gesprek gevoerd; afspraken over school nagekomen' },
} as const satisfies RouteEntry;

export const logSession = {
  route: 'POST /cases/{caseId}/measures/{measureId}/sessions',
  operationId: 'logSession',
  service: 'measures',
  summary: 'Log a ONE-on-ONE session (the matched mentor)',
  allowed: ['mentoring'],
  personalData: true,
  idempotency: 'runner',
  handler: { id: 'LogSession', entry: 'services/measures/handlers/log-session.ts', description: 'Logs a ONE-on-ONE session by the mentor' },
  grants: { cases: ['GetItem', 'PutItem', 'ConditionCheckItem'], audit: 'append' },
  description: 'Signed by the mentor: the ONE-on-ONE role assumed with the mentor id as role session name; only the mentor matched to the measure (403 otherwise). The mentor is never a body field.',
  path: CaseMeasurePath,
  body: SessionRequest,
  responses: { 201: { description: 'The session is logged', schema: SessionLogged } },
  errors: [409],
} as const satisfies RouteEntry;

export const matchMentor = {
  route: 'POST /cases/{caseId}/measures/{measureId}/mentor',
  operationId: 'matchMentor',
  service: 'measures',
  summary: 'Match the young person to a ONE-on-ONE mentor',
  allowed: ['mentoring'],
  personalData: true,
  idempotency: 'runner',
  handler: { id: 'MatchMentor', entry: 'services/measures/handlers/match-mentor.ts', description: 'Matches a young person to a ONE-on-ONE mentor' },
  grants: { cases: ['GetItem', 'Query', 'PutItem', 'UpdateItem'], audit: 'append' },
  path: CaseMeasurePath,
  body: MentorMatchRequest,
  responses: { 200: { description: 'The matched mentor and why', schema: MentorMatched } },
  errors: [409],
  example: { preferences: { language: 'nl' } },
} as const satisfies RouteEntry;

export const putMentor = {
  route: 'PUT /measures/mentors/{mentorId}',
  operationId: 'putMentor',
  service: 'measures',
  summary: "Keep a mentor of the region's ONE-on-ONE pool (capacity, no name)",
  allowed: ['mentoring'],
  personalData: false,
  handler: { id: 'PutMentor', entry: 'services/measures/handlers/put-mentor.ts', description: 'Keeps a mentor of the region pool' },
  grants: { cases: ['UpdateItem'], audit: 'none' },
  path: MentorPath,
  body: MentorPoolRequest,
  responses: { 200: { description: 'The mentor as kept in the pool', schema: MentorView } },
  example: { capacity: 3, languages: ['nl', 'ar'], gender: 'female' },
} as const satisfies RouteEntry;

// Aggregated and de-identified, yet a release of figures: the ZVH reports on the programme, the privacy officer reviews.
export const evaluationExport = {
  route: 'GET /measures/evaluation-export',
  operationId: 'evaluationExport',
  service: 'measures',
  summary: 'De-identified evaluation figures per measure type, target group, region and quarter',
  allowed: ['zvh', 'privacy-officer'],
  personalData: false,
  handler: { id: 'EvaluationExport', entry: 'services/measures/handlers/evaluation-export.ts', description: 'Exports de-identified evaluation figures' },
  grants: { cases: ['Query'], audit: 'none' },
  description: 'Aggregated and de-identified: small cells are suppressed. `format=csv` answers text/csv.',
  query: EvaluationExportQuery,
  responses: {
    200: { description: 'The evaluation figures', schema: EvaluationExportData, alternative: { mediaType: 'text/csv', description: 'The same figures as CSV (format=csv)' } },
  },
} as const satisfies RouteEntry;

// Reads the sessions of every consented trajectory of the region (audited per case) to release them pseudonymised to the HvA:
// the ZVH, which coordinates the region's ONE-on-ONE package and its evaluation, pulls it; the privacy officer reviews what leaves.
// Not the municipalities: the dataset spans every municipality of the region.
export const oneOnOneResearchExport = {
  route: 'GET /exports/one-on-one',
  operationId: 'oneOnOneResearchExport',
  service: 'measures',
  summary: 'ONE-on-ONE research export for the Hogeschool van Amsterdam: consented trajectories, pseudonymised per export, small groups suppressed',
  allowed: ['zvh', 'privacy-officer'],
  personalData: true,
  handler: { id: 'ResearchExport', entry: 'services/measures/handlers/research-export.ts', description: 'Exports pseudonymised ONE-on-ONE trajectories for research' },
  grants: { cases: ['Query'], casesIndexes: ['cases-by-created'], audit: 'append' },
  description: 'For the Hogeschool van Amsterdam: ONE-on-ONE trajectories that started from `from` to `to`, only of persons with an active consent for the purpose `research`; pseudonymised with a key drawn per export, small groups suppressed, with the data dictionary (docs/measures-research-export.md). Each case whose trajectory is released is audited.',
  query: ResearchExportQuery,
  responses: { 200: { description: 'The research export', schema: ResearchExportData } },
} as const satisfies RouteEntry;

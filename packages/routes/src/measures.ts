// The measures service's routes (docs/measures.md): catalogue, plan of action, measure lifecycle,
// ONE-on-ONE mentoring and the research and evaluation exports.
import { ALL_PARTNERS, CASE_WORKERS, MEASURE_OWNERS, PARTNERS_AND_PRIVACY_OFFICER } from '@cter/config';
import { CaseIdPath, CatalogueResponse, EvaluationExportData, MeasureSuggestions, MeasureTransitioned, MentorMatched, MentorView, PlanResponse, PlanView, ProgressNoteRecorded, ResearchExportData, SessionLogged } from '@cter/domain/schemas';
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
import { getCatalogueValidation } from './compiled/get-catalogue';
import { getPlanValidation } from './compiled/get-plan';
import { draftPlanValidation } from './compiled/draft-plan';
import { getSuggestionsValidation } from './compiled/get-suggestions';
import { transitionMeasureValidation } from './compiled/transition-measure';
import { addProgressNoteValidation } from './compiled/add-progress-note';
import { logSessionValidation } from './compiled/log-session';
import { matchMentorValidation } from './compiled/match-mentor';
import { putMentorValidation } from './compiled/put-mentor';
import { evaluationExportValidation } from './compiled/evaluation-export';
import { oneOnOneResearchExportValidation } from './compiled/one-on-one-research-export';
import { ETAG, type RouteContract, type RouteDocs } from './route-entry';

// Measures service (docs/measures.md). The plan is drafted by the ZVH or the directing municipality and
// read by every participant, shaped to it; a measure is moved and noted by its owner only (the handler
// checks the owner); ONE-on-ONE sessions and matching are the mentoring organisation's.
export const getCatalogue = {
  route: 'GET /measures/catalogue',
  allowed: PARTNERS_AND_PRIVACY_OFFICER,
  personalData: false,
  validate: getCatalogueValidation,
} as const satisfies RouteContract;
export const getCatalogueDocs = {
  operationId: 'getCatalogue',
  query: CatalogueQuery,
  service: 'measures',
  summary: 'The measures catalogue: versioned reference data',
  handler: { id: 'GetCatalogue', entry: 'services/measures/handlers/get-catalogue.ts', description: 'Reads the measures catalogue' },
  grants: { cases: [], audit: 'none' },
  responses: { 200: { description: 'The catalogue in force (or the version asked for) and the published versions', schema: CatalogueResponse } },
  errors: [404],
} as const satisfies RouteDocs;

export const getPlan = {
  route: 'GET /cases/{caseId}/plan',
  allowed: ALL_PARTNERS,
  personalData: true,
  validate: getPlanValidation,
} as const satisfies RouteContract;
export const getPlanDocs = {
  operationId: 'getPlan',
  path: CaseIdPath,
  query: GetPlanQuery,
  service: 'measures',
  summary: 'The plan of action, shaped to the caller (status only for measures of others)',
  handler: { id: 'GetPlan', entry: 'services/measures/handlers/get-plan.ts', description: 'Reads the plan of action shaped to the caller' },
  grants: { cases: ['GetItem', 'Query'], audit: 'append' },
  description: 'Signed as a ONE-on-ONE role session named by a mentor id of the pool, the mentor\'s view: their own mentee\'s measure only (403 without one).',
  responses: { 200: { description: 'The plan of action shaped to the caller', schema: PlanResponse } },
} as const satisfies RouteDocs;

export const draftPlan = {
  route: 'POST /cases/{caseId}/plan',
  allowed: ['municipality', 'zvh'],
  personalData: true,
  idempotency: 'runner',
  validate: draftPlanValidation,
} as const satisfies RouteContract;
export const draftPlanDocs = {
  operationId: 'draftPlan',
  path: CaseIdPath,
  body: DraftPlanRequest,
  service: 'measures',
  summary: 'Draft or revise the plan of action (a new version each time)',
  handler: { id: 'DraftPlan', entry: 'services/measures/handlers/draft-plan.ts', description: 'Drafts or revises the plan of action' },
  grants: { cases: ['GetItem', 'PutItem', 'UpdateItem'], audit: 'append' },
  description: 'Without `basedOnVersion` drafts the first plan (201); with the version read last, revises it (200). Each call writes a new version. New measures are sent without `measureId` (the platform gives each its id); a revision names the measures it keeps by those ids. A measure with progress notes keeps its owner and type (409).',
  responses: {
    201: { description: 'The first version of the plan', schema: PlanView, headers: ETAG },
    200: { description: 'The revised plan', schema: PlanView, headers: ETAG },
  },
  errors: [409],
} as const satisfies RouteDocs;

export const getSuggestions = {
  route: 'GET /cases/{caseId}/measures/suggestions',
  allowed: CASE_WORKERS,
  personalData: true,
  validate: getSuggestionsValidation,
} as const satisfies RouteContract;
export const getSuggestionsDocs = {
  operationId: 'getSuggestions',
  path: CaseIdPath,
  service: 'measures',
  summary: 'Catalogue measures that fit the case, each with its reasons',
  handler: { id: 'GetSuggestions', entry: 'services/measures/handlers/get-suggestions.ts', description: 'Suggests fitting catalogue measures with reasons' },
  grants: { cases: ['GetItem'], audit: 'append' },
  responses: { 200: { description: 'Fitting catalogue measures with reasons', schema: MeasureSuggestions } },
} as const satisfies RouteDocs;

export const transitionMeasure = {
  route: 'POST /cases/{caseId}/measures/{measureId}/transitions',
  allowed: MEASURE_OWNERS,
  personalData: true,
  idempotency: 'runner',
  validate: transitionMeasureValidation,
} as const satisfies RouteContract;
export const transitionMeasureDocs = {
  operationId: 'transitionMeasure',
  path: CaseMeasurePath,
  body: MeasureCommand,
  service: 'measures',
  summary: 'Start, complete or stop a measure (its owner)',
  handler: { id: 'TransitionMeasure', entry: 'services/measures/handlers/transition-measure.ts', description: 'Starts or ends a measure by its owner' },
  grants: { cases: ['GetItem', 'PutItem', 'UpdateItem'], audit: 'append' },
  responses: { 200: { description: 'The measure in its new status', schema: MeasureTransitioned } },
  errors: [409],
  example: { action: 'start', startedOn: '2026-03-02' },
} as const satisfies RouteDocs;

export const addProgressNote = {
  route: 'POST /cases/{caseId}/measures/{measureId}/notes',
  allowed: MEASURE_OWNERS,
  personalData: true,
  idempotency: 'runner',
  validate: addProgressNoteValidation,
} as const satisfies RouteContract;
export const addProgressNoteDocs = {
  operationId: 'addProgressNote',
  path: CaseMeasurePath,
  body: ProgressNoteRequest,
  service: 'measures',
  summary: 'Record a progress note on a measure (its owner)',
  handler: { id: 'AddProgressNote', entry: 'services/measures/handlers/add-progress-note.ts', description: 'Records a progress note by the owner' },
  grants: { cases: ['GetItem', 'PutItem', 'ConditionCheckItem'], audit: 'append' },
  description: 'Send your own `noteId` to make a retry safe (a repeated id is a 409).',
  responses: { 201: { description: 'The note is recorded', schema: ProgressNoteRecorded } },
  errors: [409],
  example: { noteId: 'note-2026-03-10', text: 'Tweede gesprek gevoerd; afspraken over school nagekomen' },
} as const satisfies RouteDocs;

export const logSession = {
  route: 'POST /cases/{caseId}/measures/{measureId}/sessions',
  allowed: ['mentoring'],
  personalData: true,
  idempotency: 'runner',
  validate: logSessionValidation,
} as const satisfies RouteContract;
export const logSessionDocs = {
  operationId: 'logSession',
  path: CaseMeasurePath,
  body: SessionRequest,
  service: 'measures',
  summary: 'Log a ONE-on-ONE session (the matched mentor)',
  handler: { id: 'LogSession', entry: 'services/measures/handlers/log-session.ts', description: 'Logs a ONE-on-ONE session by the mentor' },
  grants: { cases: ['GetItem', 'PutItem', 'ConditionCheckItem'], audit: 'append' },
  description: 'Signed by the mentor: the ONE-on-ONE role assumed with the mentor id as role session name; only the mentor matched to the measure (403 otherwise). The mentor is never a body field.',
  responses: { 201: { description: 'The session is logged', schema: SessionLogged } },
  errors: [409],
} as const satisfies RouteDocs;

export const matchMentor = {
  route: 'POST /cases/{caseId}/measures/{measureId}/mentor',
  allowed: ['mentoring'],
  personalData: true,
  idempotency: 'runner',
  validate: matchMentorValidation,
} as const satisfies RouteContract;
export const matchMentorDocs = {
  operationId: 'matchMentor',
  path: CaseMeasurePath,
  body: MentorMatchRequest,
  service: 'measures',
  summary: 'Match the young person to a ONE-on-ONE mentor',
  handler: { id: 'MatchMentor', entry: 'services/measures/handlers/match-mentor.ts', description: 'Matches a young person to a ONE-on-ONE mentor' },
  grants: { cases: ['GetItem', 'Query', 'PutItem', 'UpdateItem'], audit: 'append' },
  responses: { 200: { description: 'The matched mentor and why', schema: MentorMatched } },
  errors: [409],
  example: { preferences: { language: 'nl' } },
} as const satisfies RouteDocs;

export const putMentor = {
  route: 'PUT /measures/mentors/{mentorId}',
  allowed: ['mentoring'],
  personalData: false,
  validate: putMentorValidation,
} as const satisfies RouteContract;
export const putMentorDocs = {
  operationId: 'putMentor',
  path: MentorPath,
  body: MentorPoolRequest,
  service: 'measures',
  summary: "Keep a mentor of the region's ONE-on-ONE pool (capacity, no name)",
  handler: { id: 'PutMentor', entry: 'services/measures/handlers/put-mentor.ts', description: 'Keeps a mentor of the region pool' },
  grants: { cases: ['UpdateItem'], audit: 'none' },
  responses: { 200: { description: 'The mentor as kept in the pool', schema: MentorView } },
  example: { capacity: 3, languages: ['nl', 'ar'], gender: 'female' },
} as const satisfies RouteDocs;

// Aggregated and de-identified, yet a release of figures: the ZVH reports on the programme, the privacy officer reviews.
export const evaluationExport = {
  route: 'GET /measures/evaluation-export',
  allowed: ['zvh', 'privacy-officer'],
  personalData: false,
  validate: evaluationExportValidation,
} as const satisfies RouteContract;
export const evaluationExportDocs = {
  operationId: 'evaluationExport',
  query: EvaluationExportQuery,
  service: 'measures',
  summary: 'De-identified evaluation figures per measure type, target group, region and quarter',
  handler: { id: 'EvaluationExport', entry: 'services/measures/handlers/evaluation-export.ts', description: 'Exports de-identified evaluation figures' },
  grants: { cases: ['Query'], audit: 'none' },
  description: 'Aggregated and de-identified: small cells are suppressed. `format=csv` answers text/csv.',
  responses: {
    200: { description: 'The evaluation figures', schema: EvaluationExportData, alternative: { mediaType: 'text/csv', description: 'The same figures as CSV (format=csv)' } },
  },
} as const satisfies RouteDocs;

// Reads the sessions of every consented trajectory of the region (audited per case) to release them pseudonymised to the HvA:
// the ZVH, which coordinates the region's ONE-on-ONE package and its evaluation, pulls it; the privacy officer reviews what leaves.
// Not the municipalities: the dataset spans every municipality of the region.
export const oneOnOneResearchExport = {
  route: 'GET /exports/one-on-one',
  allowed: ['zvh', 'privacy-officer'],
  personalData: true,
  validate: oneOnOneResearchExportValidation,
} as const satisfies RouteContract;
export const oneOnOneResearchExportDocs = {
  operationId: 'oneOnOneResearchExport',
  query: ResearchExportQuery,
  service: 'measures',
  summary: 'ONE-on-ONE research export for the Hogeschool van Amsterdam: consented trajectories, pseudonymised per export, small groups suppressed',
  handler: { id: 'ResearchExport', entry: 'services/measures/handlers/research-export.ts', description: 'Exports pseudonymised ONE-on-ONE trajectories for research' },
  grants: { cases: ['Query'], casesIndexes: ['cases-by-created'], audit: 'append' },
  description: 'For the Hogeschool van Amsterdam: ONE-on-ONE trajectories that started from `from` to `to`, only of persons with an active consent for the purpose `research`; pseudonymised with a key drawn per export, small groups suppressed, with the data dictionary (docs/measures-research-export.md). Each case whose trajectory is released is audited.',
  responses: { 200: { description: 'The research export', schema: ResearchExportData } },
} as const satisfies RouteDocs;

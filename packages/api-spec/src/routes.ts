// The route table: every API route with the zod schemas of its path, query, body and responses.
// One source for the OpenAPI document, the API Gateway request models and the typed client. Who
// may call a route and its one-line summary come from the capability matrix (@cter/config); a
// route the matrix has but this table lacks still appears in the document, and a test fails.
import type * as z from 'zod/v4/core';
import {
  AdviceConversionRequest,
  AdviceConverted,
  AdviceMessageAdded,
  AdviceMessageRequest,
  AdviceRequestCreated,
  AdviceRequestIdPath,
  AdviceRequestPage,
  AdviceRequestView,
  CreateAdviceRequest,
  ListAdviceRequestsQuery,
  AuditTrail,
  AuditTrailQuery,
  CaseHistory,
  CaseIdPath,
  CaseListPage,
  CaseView,
  CatalogueResponse,
  ConsultationList,
  ConsultationOutcomeRequest,
  ConsultationPath,
  ConsultationView,
  ConsentPath,
  ConsentRequest,
  ConsentView,
  ConsentWithdrawalRequest,
  CovenantDecision,
  CovenantDecisionRequest,
  DecisionAccepted,
  DecisionRequest,
  DetentionRequest,
  DisclosureRecorded,
  DisclosureRequest,
  EvaluationExportData,
  ResearchExportData,
  InformingRecorded,
  InformingRequest,
  InviteParticipantRequest,
  ListCasesQuery,
  ListTasksQuery,
  ParticipantPath,
  ProcessReportData,
  ProcessReportQuery,
  MeasureSuggestions,
  MeasureTransitioned,
  MentorMatched,
  MentorView,
  PlanResponse,
  PlanView,
  ProgressNoteRecorded,
  RegisterSignalRequest,
  RegisterSignalResponse,
  SessionLogged,
  SubjectReport,
  SubjectReportRequest,
  ScheduleConsultationRequest,
  TaskList,
  TaskPage,
  TransferRequest,
  UpdateSubjectRequest,
} from '@cter/domain';
import {
  CaseMeasurePath,
  CatalogueQuery,
  DraftPlanRequest,
  EvaluationExportQuery,
  GetPlanQuery,
  ResearchExportQuery,
  MeasureCommand,
  MentorMatchRequest,
  MentorPath,
  MentorPoolRequest,
  ProgressNoteRequest,
  SessionRequest,
} from '@cter/measures-domain';

export type Service = 'cases' | 'workflow' | 'covenant' | 'measures';

/** A response header, described for the document (JSON Schema). */
export interface HeaderSpec {
  description: string;
  schema: Record<string, unknown>;
  required?: boolean;
}

export interface ResponseSpec {
  description: string;
  schema: z.$ZodType;
  headers?: Readonly<Record<string, HeaderSpec>>;
  /** The route can also answer this media type (e.g. text/csv), as a string. */
  alternative?: { mediaType: string; description: string };
}

export interface RouteSpec {
  /** Also the method name on the typed client. */
  operationId: string;
  service: Service;
  /** Longer text under the capability matrix's summary. */
  description?: string;
  path?: z.$ZodType;
  query?: z.$ZodType;
  body?: z.$ZodType;
  /** Request headers the route reads. */
  headers?: Readonly<Record<string, HeaderSpec>>;
  /** Success responses by status; the first is the usual one. */
  responses: Readonly<Record<number, ResponseSpec>>;
  /** Error statuses beyond the ones every route of its kind has (see openapi.ts). */
  errors?: readonly number[];
  /** A valid request body, shown in the document and checked against the schema by a test. */
  example?: unknown;
}

const ETAG: Readonly<Record<string, HeaderSpec>> = { ETag: { description: 'The version of the resource, quoted', schema: { type: 'string' } } };

export const ROUTES = {
  // --- cases ------------------------------------------------------------------------------------
  'POST /signals': {
    operationId: 'registerSignal',
    service: 'cases',
    description:
      'Opens a case in `signal-received`; the reporting organisation is the caller. Send an `Idempotency-Key` to make retries safe: the same key with the same body answers the first registration again (`Idempotent-Replayed: true`), with another body 422.',
    body: RegisterSignalRequest,
    headers: {
      'Idempotency-Key': { description: 'Chosen by the caller per signal: 8 to 128 characters of A-Z, a-z, 0-9, _ . : -', schema: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{8,128}$' } },
    },
    responses: {
      201: {
        description: 'The case is opened (or an earlier registration with the same Idempotency-Key is replayed)',
        schema: RegisterSignalResponse,
        headers: {
          Location: { description: 'The new case', schema: { type: 'string' } },
          'Idempotent-Replayed': { description: '`true` when this answers an earlier request with the same key', schema: { type: 'string', enum: ['true'] } },
        },
      },
    },
    example: {
      subject: { name: 'Voorbeeld Persoon', bsn: '111222333', birthDate: '2006-04-01', municipality: 'haarlem' },
      reason: 'Zorgen over uitingen op school',
      reporter: { name: 'J. de Mentor', phone: '+31 23 555 0101' },
    },
  },
  'GET /cases': {
    operationId: 'listCases',
    service: 'cases',
    description: 'Newest first, narrowed to what the caller may see (a municipality its own cases). Page with `nextCursor`.',
    query: ListCasesQuery,
    responses: { 200: { description: 'One page of case summaries', schema: CaseListPage } },
  },
  'GET /cases/{caseId}': {
    operationId: 'getCase',
    service: 'cases',
    description: 'Every read is audited. An unknown case and a case the caller may not see are the same 404.',
    path: CaseIdPath,
    responses: { 200: { description: 'The case, shaped to the caller', schema: CaseView, headers: ETAG } },
  },
  'PATCH /cases/{caseId}': {
    operationId: 'updateSubject',
    service: 'cases',
    description: 'Rectification of the recorded data of the person, conditional on `version` (409 when stale).',
    path: CaseIdPath,
    body: UpdateSubjectRequest,
    responses: { 200: { description: 'The corrected case', schema: CaseView, headers: ETAG } },
    errors: [409],
    example: { version: 3, subject: { name: 'Voorbeeld Persoon-Jansen' }, reasoning: 'Naam gecorrigeerd na controle in de BRP' },
  },
  'GET /cases/{caseId}/history': {
    operationId: 'getCaseHistory',
    service: 'cases',
    path: CaseIdPath,
    responses: { 200: { description: 'The events of the case in version order', schema: CaseHistory } },
  },
  'POST /cases/{caseId}/participants': {
    operationId: 'inviteParticipant',
    service: 'cases',
    description: 'The invitation ends by itself at `until`; conditional on `version`.',
    path: CaseIdPath,
    body: InviteParticipantRequest,
    responses: { 201: { description: 'The case with the invited partner', schema: CaseView, headers: ETAG } },
    errors: [409],
    example: { version: 4, organisationId: 'ggz', role: 'consultation', until: '2027-01-31T17:00:00Z', reasoning: 'Zorgpartner nodig voor het casusoverleg' },
  },
  'DELETE /cases/{caseId}/participants/{organisationId}': {
    operationId: 'revokeParticipant',
    service: 'cases',
    description:
      'Ends the invitation at once: the partner no longer sees the case (404). Recorded as `participant.revoked` in the history and audited. Idempotent: revoking an organisation that takes no part (any more) answers the case unchanged.',
    path: ParticipantPath,
    responses: { 200: { description: 'The case without the partner', schema: CaseView, headers: ETAG } },
  },
  'POST /cases/{caseId}/transfers': {
    operationId: 'requestTransfer',
    service: 'cases',
    description: 'Offers the case to another region (warme overdracht), conditional on `version`; the work process hands it over when the receiving ZVH accepts.',
    path: CaseIdPath,
    body: TransferRequest,
    responses: { 202: { description: 'The transfer is offered; the case as it is now', schema: CaseView, headers: ETAG } },
    errors: [409],
    example: { version: 5, toRegion: 'zaanstreek-waterland', toMunicipality: 'zaanstad', reasoning: 'Betrokkene is verhuisd; warme overdracht afgesproken met ZVH Zaanstreek-Waterland' },
  },
  'POST /cases/{caseId}/consultations': {
    operationId: 'scheduleConsultation',
    service: 'cases',
    description:
      'Schedules a case consultation of an admitted, running case (409 otherwise). Every attendee must take part in the case at that moment (422 naming each that does not): a core partner of the case, the ZVH, the specialist R&E, or a partner invited at least until then. Recorded as `consultation.scheduled` in the history and audited.',
    path: CaseIdPath,
    body: ScheduleConsultationRequest,
    responses: { 201: { description: 'The consultation is scheduled', schema: ConsultationView, headers: { Location: { description: 'The consultation', schema: { type: 'string' } } } } },
    errors: [409],
    example: { scheduledAt: '2027-01-14T09:30:00Z', attendees: ['zvh', 'gemeente-haarlem', 'politie', 'ggz'], agenda: ['Gedeeld beeld', 'Risicotaxatie', 'Plan van aanpak'] },
  },
  'POST /cases/{caseId}/consultations/{consultationId}/outcome': {
    operationId: 'recordConsultationOutcome',
    service: 'cases',
    description: 'Records, once, the outcome of a consultation that took place (409 before its time and when recorded already), with the decisions taken in it; their owners take part in the case. Recorded as `consultation.held` in the history and audited.',
    path: ConsultationPath,
    body: ConsultationOutcomeRequest,
    responses: { 200: { description: 'The held consultation', schema: ConsultationView } },
    errors: [409],
    example: { summary: 'Gedeeld beeld opgesteld; plan van aanpak besproken', decisions: [{ text: 'GGZ start ambulante behandeling', owner: 'ggz' }], absent: [] },
  },
  'GET /cases/{caseId}/consultations': {
    operationId: 'listConsultations',
    service: 'cases',
    description: 'Every read is audited. An invited partner sees the consultations it attends only.',
    path: CaseIdPath,
    responses: { 200: { description: 'The consultations of the case the caller may see', schema: ConsultationList } },
  },
  'POST /advice-requests': {
    operationId: 'createAdviceRequest',
    service: 'cases',
    description:
      'An anonymous advice request (adviesvraag) to the region\'s specialist R&E: the concern without naming the person, and how to reach the asking professional. The asking organisation is the caller, the id is minted by the server. A BSN-shaped number in the text is refused (422); other identifying details cannot be screened in free text, so leave them out. Reads and writes of the text are audited.',
    body: CreateAdviceRequest,
    responses: { 201: { description: 'The request is recorded; the specialist R&E sees it', schema: AdviceRequestCreated, headers: { Location: { description: 'The advice request', schema: { type: 'string' } } } } },
    example: { concern: 'Een leerling deelt filmpjes die geweld verheerlijken en zoekt contact met oudere jongeren.', contact: { name: 'M. de Leerkracht', phone: '+31 23 555 0199' } },
  },
  'GET /advice-requests': {
    operationId: 'listAdviceRequests',
    service: 'cases',
    description: "Newest first: the caller organisation's own requests, or every request of the region for the specialist R&E. Summaries carry no text. Page with `nextCursor`.",
    query: ListAdviceRequestsQuery,
    responses: { 200: { description: 'One page of advice request summaries', schema: AdviceRequestPage } },
  },
  'GET /advice-requests/{adviceRequestId}': {
    operationId: 'getAdviceRequest',
    service: 'cases',
    description: 'For the asking organisation and the specialist R&E of the region; for anyone else the same 404 as an unknown id. Every read is audited.',
    path: AdviceRequestIdPath,
    responses: { 200: { description: 'The advice request with its thread', schema: AdviceRequestView, headers: ETAG } },
  },
  'POST /advice-requests/{adviceRequestId}/messages': {
    operationId: 'postAdviceMessage',
    service: 'cases',
    description:
      'The specialist R&E answers (`answer`) or asks back (`question`); the asker replies (`reply`); another kind for the caller is 403. 409 once the request is converted. Each message moves the retention deadline (a year after the last message under the covenant in force).',
    path: AdviceRequestIdPath,
    body: AdviceMessageRequest,
    responses: { 201: { description: 'The message is added', schema: AdviceMessageAdded } },
    errors: [409],
    example: { kind: 'answer', text: 'Goed dat u dit meldt. Bespreek het met de ouders en houd bij wat u ziet.' },
  },
  'POST /advice-requests/{adviceRequestId}/conversion': {
    operationId: 'convertAdviceRequest',
    service: 'cases',
    description:
      'The asker named the person: the request becomes a signal (a case in `signal-received`, its work process starts), with the request\'s contact as reporter. The case keeps the thread (full view) and the request the case id, in one transaction. The asking organisation converts when it may report signals itself; the specialist R&E converts on behalf of one that may not (a school); otherwise 403. Once only (409).',
    path: AdviceRequestIdPath,
    body: AdviceConversionRequest,
    responses: { 201: { description: 'The case is opened', schema: AdviceConverted, headers: { Location: { description: 'The new case', schema: { type: 'string' } } } } },
    errors: [409],
    example: { subject: { name: 'Voorbeeld Persoon', bsn: '111222333', birthDate: '2012-04-01', municipality: 'haarlem' }, reason: 'Zorgen na adviesvraag: geweldverheerlijking en ronselen' },
  },
  'PUT /cases/{caseId}/detention': {
    operationId: 'recordDetention',
    service: 'cases',
    description:
      'Records that the person of a case in monitoring or aftercare is detained, with the expected release date (202: the running evaluation cycle stops and the safe re-integration track starts), or moves the release date of a detained person (200), conditional on `version`. The date stays in the case. 422 for a date not in the future, 409 for a case in another state.',
    path: CaseIdPath,
    body: DetentionRequest,
    responses: {
      202: { description: 'Detained: the re-integration track starts; the case as it is now', schema: CaseView, headers: ETAG },
      200: { description: 'The release date moved; the case as it is now', schema: CaseView, headers: ETAG },
    },
    errors: [409],
    example: { version: 7, releaseDate: '2027-09-01T09:00:00Z', reasoning: 'Betrokkene is gedetineerd; DJI meldt de verwachte ontslagdatum' },
  },

  // --- workflow ---------------------------------------------------------------------------------
  'GET /tasks': {
    operationId: 'listOpenTasks',
    service: 'workflow',
    description:
      'The open tasks the caller may take in every case of the region (the same rule as `GET /cases/{caseId}/tasks`: a municipality those of its own cases), the earliest due first. Page with `nextCursor`.',
    query: ListTasksQuery,
    responses: { 200: { description: 'One page of open tasks', schema: TaskPage } },
  },
  'GET /cases/{caseId}/tasks': {
    operationId: 'listTasks',
    service: 'workflow',
    description: 'The open human steps of the work process that the caller may decide. They appear shortly after the step is reached (the work process runs asynchronously).',
    path: CaseIdPath,
    responses: { 200: { description: 'Open tasks of the case for the caller', schema: TaskList } },
  },
  'POST /cases/{caseId}/decisions': {
    operationId: 'decide',
    service: 'workflow',
    description: 'Decides one open task with one of its `allowedOutcomes`. A plan-adoption decision names the `planVersion` it adopts. 409 when the task is no longer open.',
    path: CaseIdPath,
    body: DecisionRequest,
    responses: { 202: { description: 'The decision is recorded; the work process continues from it', schema: DecisionAccepted } },
    errors: [409],
    example: { task: '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d', outcome: 'contributed', reasoning: 'Bekend bij de politie: twee meldingen in 2025; criteria en afweging vastgelegd' },
  },

  // --- covenant ---------------------------------------------------------------------------------
  'POST /covenant/decisions': {
    operationId: 'askCovenant',
    service: 'covenant',
    description: 'A question only: nothing is read or shared. Decided under the covenant version in force now, or at `at`.',
    body: CovenantDecisionRequest,
    responses: { 200: { description: 'The decision per recipient and category', schema: CovenantDecision } },
    example: { recipients: [{ organisationId: 'politie' }], categories: ['identity'], purpose: 'weighing', stage: 'weighing', basis: { kind: 'legal-basis', reference: 'municipal-public-task' } },
  },
  'POST /cases/{caseId}/disclosures': {
    operationId: 'recordDisclosure',
    service: 'covenant',
    description: 'Decided by the covenant version in force, at the stage of the case; a refusal is a 403 that names the articles.',
    path: CaseIdPath,
    body: DisclosureRequest,
    responses: { 201: { description: 'The disclosure is stored', schema: DisclosureRecorded } },
    errors: [409],
    example: {
      recipients: ['politie'],
      categories: ['identity'],
      items: [{ category: 'identity', label: 'Contactgegevens', content: 'Woont sinds 2024 op het adres in de BRP' }],
      purpose: 'case-consultation',
      basis: { kind: 'legal-basis', reference: 'municipal-public-task' },
      proportionality: 'Alleen wat het overleg nodig heeft',
      subsidiarity: 'Het overleg kan niet zonder deze gegevens',
    },
  },
  'POST /cases/{caseId}/consents': {
    operationId: 'recordConsent',
    service: 'covenant',
    path: CaseIdPath,
    body: ConsentRequest,
    responses: { 201: { description: 'The consent is recorded', schema: ConsentView } },
    example: { recipients: ['politie'], categories: ['care-information'], purposes: ['case-consultation'], givenAt: '2026-01-15T10:00:00Z', form: 'written', reference: 'TOE-2026-0042' },
  },
  'POST /cases/{caseId}/consents/{consentId}/withdrawal': {
    operationId: 'withdrawConsent',
    service: 'covenant',
    path: ConsentPath,
    body: ConsentWithdrawalRequest,
    responses: { 200: { description: 'The consent, withdrawn', schema: ConsentView } },
    errors: [409],
    example: { note: 'Telefonisch ingetrokken' },
  },
  'POST /cases/{caseId}/informing': {
    operationId: 'recordInforming',
    service: 'covenant',
    path: CaseIdPath,
    body: InformingRequest,
    responses: { 201: { description: 'Informing or the deferral is recorded', schema: InformingRecorded } },
    example: { kind: 'informed', informedAt: '2026-02-01T14:00:00Z', channel: 'conversation' },
  },
  'GET /cases/{caseId}/audit': {
    operationId: 'getAuditTrail',
    service: 'covenant',
    path: CaseIdPath,
    query: AuditTrailQuery,
    responses: { 200: { description: 'One page of the audit trail', schema: AuditTrail } },
  },
  'POST /subjects/report': {
    operationId: 'subjectReport',
    service: 'covenant',
    description: 'The BSN travels in the body, never in a URL (paths end up in access logs).',
    body: SubjectReportRequest,
    responses: { 200: { description: 'The subject access report', schema: SubjectReport } },
    example: { bsn: '111222333' },
  },

  // --- measures ---------------------------------------------------------------------------------
  'GET /measures/catalogue': {
    operationId: 'getCatalogue',
    service: 'measures',
    query: CatalogueQuery,
    responses: { 200: { description: 'The catalogue in force (or the version asked for) and the published versions', schema: CatalogueResponse } },
    errors: [404],
  },
  'GET /cases/{caseId}/plan': {
    operationId: 'getPlan',
    service: 'measures',
    path: CaseIdPath,
    query: GetPlanQuery,
    description: 'Signed as a ONE-on-ONE role session named by a mentor id of the pool, the mentor\'s view: their own mentee\'s measure only (403 without one).',
    responses: { 200: { description: 'The plan of action shaped to the caller', schema: PlanResponse } },
  },
  'POST /cases/{caseId}/plan': {
    operationId: 'draftPlan',
    service: 'measures',
    description: 'Without `basedOnVersion` drafts the first plan (201); with the version read last, revises it (200). Each call writes a new version. New measures are sent without `measureId` (the platform gives each its id); a revision names the measures it keeps by those ids. A measure with progress notes keeps its owner and type (409).',
    path: CaseIdPath,
    body: DraftPlanRequest,
    responses: {
      201: { description: 'The first version of the plan', schema: PlanView, headers: ETAG },
      200: { description: 'The revised plan', schema: PlanView, headers: ETAG },
    },
    errors: [409],
  },
  'GET /cases/{caseId}/measures/suggestions': {
    operationId: 'getSuggestions',
    service: 'measures',
    path: CaseIdPath,
    responses: { 200: { description: 'Fitting catalogue measures with reasons', schema: MeasureSuggestions } },
  },
  'POST /cases/{caseId}/measures/{measureId}/transitions': {
    operationId: 'transitionMeasure',
    service: 'measures',
    path: CaseMeasurePath,
    body: MeasureCommand,
    responses: { 200: { description: 'The measure in its new status', schema: MeasureTransitioned } },
    errors: [409],
    example: { action: 'start', startedOn: '2026-03-02' },
  },
  'POST /cases/{caseId}/measures/{measureId}/notes': {
    operationId: 'addProgressNote',
    service: 'measures',
    description: 'Send your own `noteId` to make a retry safe (a repeated id is a 409).',
    path: CaseMeasurePath,
    body: ProgressNoteRequest,
    responses: { 201: { description: 'The note is recorded', schema: ProgressNoteRecorded } },
    errors: [409],
    example: { noteId: 'note-2026-03-10', text: 'Tweede gesprek gevoerd; afspraken over school nagekomen' },
  },
  'POST /cases/{caseId}/measures/{measureId}/sessions': {
    operationId: 'logSession',
    service: 'measures',
    description: 'Signed by the mentor: the ONE-on-ONE role assumed with the mentor id as role session name; only the mentor matched to the measure (403 otherwise). The mentor is never a body field.',
    path: CaseMeasurePath,
    body: SessionRequest,
    responses: { 201: { description: 'The session is logged', schema: SessionLogged } },
    errors: [409],
  },
  'POST /cases/{caseId}/measures/{measureId}/mentor': {
    operationId: 'matchMentor',
    service: 'measures',
    path: CaseMeasurePath,
    body: MentorMatchRequest,
    responses: { 200: { description: 'The matched mentor and why', schema: MentorMatched } },
    errors: [409],
    example: { preferences: { language: 'nl' } },
  },
  'PUT /measures/mentors/{mentorId}': {
    operationId: 'putMentor',
    service: 'measures',
    path: MentorPath,
    body: MentorPoolRequest,
    responses: { 200: { description: 'The mentor as kept in the pool', schema: MentorView } },
    example: { capacity: 3, languages: ['nl', 'ar'], gender: 'female' },
  },
  'GET /measures/evaluation-export': {
    operationId: 'evaluationExport',
    service: 'measures',
    description: 'Aggregated and de-identified: small cells are suppressed. `format=csv` answers text/csv.',
    query: EvaluationExportQuery,
    responses: {
      200: { description: 'The evaluation figures', schema: EvaluationExportData, alternative: { mediaType: 'text/csv', description: 'The same figures as CSV (format=csv)' } },
    },
  },
  'GET /exports/one-on-one': {
    operationId: 'oneOnOneResearchExport',
    service: 'measures',
    description: 'For the Hogeschool van Amsterdam: ONE-on-ONE trajectories that started from `from` to `to`, only of persons with an active consent for the purpose `research`; pseudonymised with a key drawn per export, small groups suppressed, with the data dictionary (docs/measures-research-export.md). Each case whose trajectory is released is audited.',
    query: ResearchExportQuery,
    responses: { 200: { description: 'The research export', schema: ResearchExportData } },
  },
  'GET /reports/process': {
    operationId: 'processReport',
    service: 'workflow',
    description:
      'Computed from the cases\' history events and tasks: per quarter and per year, lead times per phase (each counted in the period its phase ended), outcomes, overdue steps, escalations and anonymous advice requests; no ids, cells of fewer than 5 cases suppressed. `Accept: text/csv` or `format=csv` answers text/csv. A range covers at most 5 years.',
    query: ProcessReportQuery,
    responses: {
      200: { description: 'The process evaluation', schema: ProcessReportData, alternative: { mediaType: 'text/csv', description: 'The same figures as CSV, one line per period' } },
    },
  },
} as const satisfies Record<string, RouteSpec>;

export type Routes = typeof ROUTES;
export type RouteKey = keyof Routes;

// The cases service's routes: signals, cases, participants, transfers, detention, consultations
// and anonymous advice requests (adviesvraag).
import { ADVICE_ASKERS, ADVICE_PARTIES, ALL_PARTNERS, CASE_WORKERS } from '@cter/config';
import { AdviceConversionRequest, AdviceConverted, AdviceMessageAdded, AdviceMessageRequest, AdviceRequestCreated, AdviceRequestIdPath, AdviceRequestPage, AdviceRequestView, CaseHistory, CaseIdPath, CaseListPage, CaseView, ConsultationList, ConsultationOutcomeRequest, ConsultationPath, ConsultationView, CreateAdviceRequest, DetentionRequest, InviteParticipantRequest, ListAdviceRequestsQuery, ListCasesQuery, ParticipantPath, RegisterSignalRequest, RegisterSignalResponse, ScheduleConsultationRequest, TransferRequest, UpdateSubjectRequest } from '@cter/domain/schemas';
import { registerSignalValidation } from './compiled/register-signal';
import { listCasesValidation } from './compiled/list-cases';
import { getCaseValidation } from './compiled/get-case';
import { updateSubjectValidation } from './compiled/update-subject';
import { getCaseHistoryValidation } from './compiled/get-case-history';
import { inviteParticipantValidation } from './compiled/invite-participant';
import { revokeParticipantValidation } from './compiled/revoke-participant';
import { requestTransferValidation } from './compiled/request-transfer';
import { scheduleConsultationValidation } from './compiled/schedule-consultation';
import { recordConsultationOutcomeValidation } from './compiled/record-consultation-outcome';
import { listConsultationsValidation } from './compiled/list-consultations';
import { createAdviceRequestValidation } from './compiled/create-advice-request';
import { listAdviceRequestsValidation } from './compiled/list-advice-requests';
import { getAdviceRequestValidation } from './compiled/get-advice-request';
import { postAdviceMessageValidation } from './compiled/post-advice-message';
import { convertAdviceRequestValidation } from './compiled/convert-advice-request';
import { recordDetentionValidation } from './compiled/record-detention';
import { ETAG, type RouteContract, type RouteDocs } from './route-entry';

export const registerSignal = {
  route: 'POST /signals',
  allowed: ALL_PARTNERS,
  personalData: true,
  idempotency: 'in-handler',
  validate: registerSignalValidation,
} as const satisfies RouteContract;
export const registerSignalDocs = {
  operationId: 'registerSignal',
  body: RegisterSignalRequest,
  service: 'cases',
  summary: 'Register a signal; opens a case',
  handler: { id: 'RegisterSignal', entry: 'services/cases/handlers/register-signal.ts', description: 'Registers a signal and opens a case' },
  grants: { cases: ['GetItem', 'PutItem', 'UpdateItem'], audit: 'append' },
  description:
    'Opens a case in `signal-received`; the reporting organisation is the caller. Send an `Idempotency-Key` to make retries safe: the same key with the same body answers the first registration again (`Idempotent-Replayed: true`), with another body 422.',
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
} as const satisfies RouteDocs;

export const listCases = {
  route: 'GET /cases',
  allowed: CASE_WORKERS,
  personalData: false,
  validate: listCasesValidation,
} as const satisfies RouteContract;
export const listCasesDocs = {
  operationId: 'listCases',
  query: ListCasesQuery,
  service: 'cases',
  summary: 'List the cases the caller may see',
  handler: { id: 'ListCases', entry: 'services/cases/handlers/list-cases.ts', description: 'Lists the cases a partner may see' },
  grants: { cases: ['Query'], casesIndexes: ['cases-by-created', 'cases-by-state', 'cases-by-municipality'], audit: 'append' },
  description: 'Newest first, narrowed to what the caller may see (a municipality its own cases). Page with `nextCursor`.',
  responses: { 200: { description: 'One page of case summaries', schema: CaseListPage } },
} as const satisfies RouteDocs;

export const getCase = {
  route: 'GET /cases/{caseId}',
  allowed: ALL_PARTNERS,
  personalData: true,
  validate: getCaseValidation,
} as const satisfies RouteContract;
export const getCaseDocs = {
  operationId: 'getCase',
  path: CaseIdPath,
  service: 'cases',
  summary: 'Read a case, shaped to the caller',
  handler: { id: 'GetCase', entry: 'services/cases/handlers/get-case.ts', description: 'Reads a case shaped to the caller' },
  grants: { cases: ['GetItem', 'Query'], audit: 'append' },
  description: 'Every read is audited. An unknown case and a case the caller may not see are the same 404.',
  responses: { 200: { description: 'The case, shaped to the caller', schema: CaseView, headers: ETAG } },
} as const satisfies RouteDocs;

export const updateSubject = {
  route: 'PATCH /cases/{caseId}',
  allowed: ['municipality', 'zvh'],
  personalData: true,
  idempotency: 'runner',
  validate: updateSubjectValidation,
} as const satisfies RouteContract;
export const updateSubjectDocs = {
  operationId: 'updateSubject',
  path: CaseIdPath,
  body: UpdateSubjectRequest,
  service: 'cases',
  summary: 'Correct the recorded data of the person',
  handler: { id: 'UpdateSubject', entry: 'services/cases/handlers/update-subject.ts', description: 'Corrects the recorded data of the person' },
  grants: { cases: ['GetItem', 'PutItem'], audit: 'append' },
  description: 'Rectification of the recorded data of the person, conditional on `version` (409 when stale).',
  responses: { 200: { description: 'The corrected case', schema: CaseView, headers: ETAG } },
  errors: [409],
  example: { version: 3, subject: { name: 'Voorbeeld Persoon-Jansen' }, reasoning: 'Naam gecorrigeerd na controle in de BRP' },
} as const satisfies RouteDocs;

export const getCaseHistory = {
  route: 'GET /cases/{caseId}/history',
  allowed: ALL_PARTNERS,
  personalData: true,
  validate: getCaseHistoryValidation,
} as const satisfies RouteContract;
export const getCaseHistoryDocs = {
  operationId: 'getCaseHistory',
  path: CaseIdPath,
  service: 'cases',
  summary: 'The history of a case',
  handler: { id: 'GetCaseHistory', entry: 'services/cases/handlers/get-case-history.ts', description: 'Reads the history of a case' },
  grants: { cases: ['GetItem', 'Query'], audit: 'append' },
  responses: { 200: { description: 'The events of the case in version order', schema: CaseHistory } },
} as const satisfies RouteDocs;

export const inviteParticipant = {
  route: 'POST /cases/{caseId}/participants',
  allowed: ['municipality', 'zvh'],
  personalData: true,
  idempotency: 'runner',
  validate: inviteParticipantValidation,
} as const satisfies RouteContract;
export const inviteParticipantDocs = {
  operationId: 'inviteParticipant',
  path: CaseIdPath,
  body: InviteParticipantRequest,
  service: 'cases',
  summary: 'Invite a partner organisation to a case',
  handler: { id: 'InviteParticipant', entry: 'services/cases/handlers/invite-participant.ts', description: 'Invites a partner organisation to a case' },
  grants: { cases: ['GetItem', 'PutItem'], audit: 'append' },
  description: 'The invitation ends by itself at `until`; conditional on `version`.',
  responses: { 201: { description: 'The case with the invited partner', schema: CaseView, headers: ETAG } },
  errors: [409],
  example: { version: 4, organisationId: 'ggz', role: 'consultation', until: '2027-01-31T17:00:00Z', reasoning: 'Zorgpartner nodig voor het casusoverleg' },
} as const satisfies RouteDocs;

export const revokeParticipant = {
  route: 'DELETE /cases/{caseId}/participants/{organisationId}',
  allowed: ['municipality', 'zvh'],
  personalData: true,
  idempotency: 'runner',
  validate: revokeParticipantValidation,
} as const satisfies RouteContract;
export const revokeParticipantDocs = {
  operationId: 'revokeParticipant',
  path: ParticipantPath,
  service: 'cases',
  summary: 'End the invitation of a partner organisation now',
  handler: { id: 'RevokeParticipant', entry: 'services/cases/handlers/revoke-participant.ts', description: 'Ends the invitation of a partner organisation' },
  grants: { cases: ['GetItem', 'PutItem'], audit: 'append' },
  description:
    'Ends the invitation at once: the partner no longer sees the case (404). Recorded as `participant.revoked` in the history and audited. Idempotent: revoking an organisation that takes no part (any more) answers the case unchanged.',
  responses: { 200: { description: 'The case without the partner', schema: CaseView, headers: ETAG } },
} as const satisfies RouteDocs;

export const requestTransfer = {
  route: 'POST /cases/{caseId}/transfers',
  allowed: ['municipality', 'zvh'],
  personalData: true,
  idempotency: 'runner',
  validate: requestTransferValidation,
} as const satisfies RouteContract;
export const requestTransferDocs = {
  operationId: 'requestTransfer',
  path: CaseIdPath,
  body: TransferRequest,
  service: 'cases',
  summary: 'Transfer a case to another region (the receiving ZVH accepts or refuses)',
  handler: { id: 'RequestTransfer', entry: 'services/cases/handlers/request-transfer.ts', description: 'Offers a case to another region', cedar: true },
  grants: { cases: ['GetItem', 'PutItem'], audit: 'append' },
  description: 'Offers the case to another region (warme overdracht), conditional on `version`; the work process hands it over when the receiving ZVH accepts.',
  responses: { 202: { description: 'The transfer is offered; the case as it is now', schema: CaseView, headers: ETAG } },
  errors: [409],
  example: { version: 5, toRegion: 'zaanstreek-waterland', toMunicipality: 'zaanstad', reasoning: 'Betrokkene is verhuisd; warme overdracht afgesproken met ZVH Zaanstreek-Waterland' },
} as const satisfies RouteDocs;

// The process director (or the directing municipality) runs the case consultation; participants read what they attend.
export const scheduleConsultation = {
  route: 'POST /cases/{caseId}/consultations',
  allowed: ['municipality', 'zvh'],
  personalData: true,
  idempotency: 'runner',
  validate: scheduleConsultationValidation,
} as const satisfies RouteContract;
export const scheduleConsultationDocs = {
  operationId: 'scheduleConsultation',
  path: CaseIdPath,
  body: ScheduleConsultationRequest,
  service: 'cases',
  summary: 'Schedule a case consultation: date, attendees, agenda',
  handler: { id: 'ScheduleConsultation', entry: 'services/cases/handlers/schedule-consultation.ts', description: 'Schedules a case consultation' },
  grants: { cases: ['GetItem', 'PutItem'], audit: 'append' },
  description:
    'Schedules a case consultation of an admitted, running case (409 otherwise). Every attendee must take part in the case at that moment (422 naming each that does not): a core partner of the case, the ZVH, the specialist R&E, or a partner invited at least until then. Recorded as `consultation.scheduled` in the history and audited.',
  responses: { 201: { description: 'The consultation is scheduled', schema: ConsultationView, headers: { Location: { description: 'The consultation', schema: { type: 'string' } } } } },
  errors: [409],
  example: { scheduledAt: '2027-01-14T09:30:00Z', attendees: ['zvh', 'gemeente-haarlem', 'politie', 'ggz'], agenda: ['Gedeeld beeld', 'Risicotaxatie', 'Plan van aanpak'] },
} as const satisfies RouteDocs;

export const recordConsultationOutcome = {
  route: 'POST /cases/{caseId}/consultations/{consultationId}/outcome',
  allowed: ['municipality', 'zvh'],
  personalData: true,
  idempotency: 'runner',
  validate: recordConsultationOutcomeValidation,
} as const satisfies RouteContract;
export const recordConsultationOutcomeDocs = {
  operationId: 'recordConsultationOutcome',
  path: ConsultationPath,
  body: ConsultationOutcomeRequest,
  service: 'cases',
  summary: 'Record the outcome of a consultation and the decisions taken in it',
  handler: { id: 'RecordConsultationOutcome', entry: 'services/cases/handlers/record-consultation-outcome.ts', description: 'Records the outcome of a case consultation' },
  grants: { cases: ['GetItem', 'PutItem'], audit: 'append' },
  description: 'Records, once, the outcome of a consultation that took place (409 before its time and when recorded already), with the decisions taken in it; their owners take part in the case. Recorded as `consultation.held` in the history and audited.',
  responses: { 200: { description: 'The held consultation', schema: ConsultationView } },
  errors: [409],
  example: { summary: 'Gedeeld beeld opgesteld; plan van aanpak besproken', decisions: [{ text: 'GGZ start ambulante behandeling', owner: 'ggz' }], absent: [] },
} as const satisfies RouteDocs;

export const listConsultations = {
  route: 'GET /cases/{caseId}/consultations',
  allowed: ALL_PARTNERS,
  personalData: true,
  validate: listConsultationsValidation,
} as const satisfies RouteContract;
export const listConsultationsDocs = {
  operationId: 'listConsultations',
  path: CaseIdPath,
  service: 'cases',
  summary: 'The consultations of a case the caller may see',
  handler: { id: 'ListConsultations', entry: 'services/cases/handlers/list-consultations.ts', description: 'Reads the consultations of a case shaped to the caller' },
  grants: { cases: ['GetItem', 'Query'], audit: 'append' },
  description: 'Every read is audited. An invited partner sees the consultations it attends only.',
  responses: { 200: { description: 'The consultations of the case the caller may see', schema: ConsultationList } },
} as const satisfies RouteDocs;

// Anonymous advice requests (adviesvraag; docs/decisions.md). The asker sees its organisation's own
// requests, the specialist R&E the region's (the handlers check which). Conversion is a signal: the
// asker converts when its organisation may report signals, the specialist on behalf of one that may not.
export const createAdviceRequest = {
  route: 'POST /advice-requests',
  allowed: ADVICE_ASKERS,
  personalData: false,
  validate: createAdviceRequestValidation,
} as const satisfies RouteContract;
export const createAdviceRequestDocs = {
  operationId: 'createAdviceRequest',
  body: CreateAdviceRequest,
  service: 'cases',
  summary: 'Ask the specialist R&E for advice about a worry, without naming the person',
  handler: { id: 'CreateAdviceRequest', entry: 'services/cases/handlers/create-advice-request.ts', description: 'Records an anonymous advice request to the specialist R&E' },
  // Anonymous advice requests: the request, its list summaries, retention queue item and facts (@cter/store advice-items).
  grants: { cases: ['PutItem'], audit: 'append' },
  description:
    'An anonymous advice request (adviesvraag) to the region\'s specialist R&E: the concern without naming the person, and how to reach the asking professional. The asking organisation is the caller, the id is minted by the server. A BSN-shaped number in the text is refused (422); other identifying details cannot be screened in free text, so leave them out. Reads and writes of the text are audited.',
  responses: { 201: { description: 'The request is recorded; the specialist R&E sees it', schema: AdviceRequestCreated, headers: { Location: { description: 'The advice request', schema: { type: 'string' } } } } },
  example: { concern: 'Een leerling deelt filmpjes die geweld verheerlijken en zoekt contact met oudere jongeren.', contact: { name: 'M. de Leerkracht', phone: '+31 23 555 0199' } },
} as const satisfies RouteDocs;

export const listAdviceRequests = {
  route: 'GET /advice-requests',
  allowed: ADVICE_PARTIES,
  personalData: false,
  validate: listAdviceRequestsValidation,
} as const satisfies RouteContract;
export const listAdviceRequestsDocs = {
  operationId: 'listAdviceRequests',
  query: ListAdviceRequestsQuery,
  service: 'cases',
  summary: "The advice requests the caller may see: its organisation's own, or the region's for the specialist R&E",
  handler: { id: 'ListAdviceRequests', entry: 'services/cases/handlers/list-advice-requests.ts', description: 'Lists the advice requests a partner may see' },
  grants: { cases: ['Query'], audit: 'append' },
  description: "Newest first: the caller organisation's own requests, or every request of the region for the specialist R&E. Summaries carry no text. Page with `nextCursor`.",
  responses: { 200: { description: 'One page of advice request summaries', schema: AdviceRequestPage } },
} as const satisfies RouteDocs;

export const getAdviceRequest = {
  route: 'GET /advice-requests/{adviceRequestId}',
  allowed: ADVICE_PARTIES,
  personalData: false,
  validate: getAdviceRequestValidation,
} as const satisfies RouteContract;
export const getAdviceRequestDocs = {
  operationId: 'getAdviceRequest',
  path: AdviceRequestIdPath,
  service: 'cases',
  summary: 'An advice request with its thread of messages',
  handler: { id: 'GetAdviceRequest', entry: 'services/cases/handlers/get-advice-request.ts', description: 'Reads an advice request with its thread' },
  grants: { cases: ['GetItem'], audit: 'append' },
  description: 'For the asking organisation and the specialist R&E of the region; for anyone else the same 404 as an unknown id. Every read is audited.',
  responses: { 200: { description: 'The advice request with its thread', schema: AdviceRequestView, headers: ETAG } },
} as const satisfies RouteDocs;

export const postAdviceMessage = {
  route: 'POST /advice-requests/{adviceRequestId}/messages',
  allowed: ADVICE_PARTIES,
  personalData: false,
  validate: postAdviceMessageValidation,
} as const satisfies RouteContract;
export const postAdviceMessageDocs = {
  operationId: 'postAdviceMessage',
  path: AdviceRequestIdPath,
  body: AdviceMessageRequest,
  service: 'cases',
  summary: 'Answer or ask back (the specialist R&E), or reply (the asker)',
  handler: { id: 'PostAdviceMessage', entry: 'services/cases/handlers/post-advice-message.ts', description: 'Adds an answer, question or reply to an advice request' },
  // DeleteItem: the retention queue item moves with the last message.
  grants: { cases: ['GetItem', 'PutItem', 'DeleteItem'], audit: 'append' },
  description:
    'The specialist R&E answers (`answer`) or asks back (`question`); the asker replies (`reply`); another kind for the caller is 403. 409 once the request is converted. Each message moves the retention deadline (a year after the last message under the covenant in force).',
  responses: { 201: { description: 'The message is added', schema: AdviceMessageAdded } },
  errors: [409],
  example: { kind: 'answer', text: 'Goed dat u dit meldt. Bespreek het met de ouders en houd bij wat u ziet.' },
} as const satisfies RouteDocs;

export const convertAdviceRequest = {
  route: 'POST /advice-requests/{adviceRequestId}/conversion',
  allowed: ALL_PARTNERS,
  personalData: true,
  validate: convertAdviceRequestValidation,
} as const satisfies RouteContract;
export const convertAdviceRequestDocs = {
  operationId: 'convertAdviceRequest',
  path: AdviceRequestIdPath,
  body: AdviceConversionRequest,
  service: 'cases',
  summary: 'Convert an advice request into a signal once the person is named; opens a case',
  handler: { id: 'ConvertAdviceRequest', entry: 'services/cases/handlers/convert-advice-request.ts', description: 'Converts an advice request into a signal and opens a case' },
  grants: { cases: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'], audit: 'append' },
  description:
    'The asker named the person: the request becomes a signal (a case in `signal-received`, its work process starts), with the request\'s contact as reporter. The case keeps the thread (full view) and the request the case id, in one transaction. The asking organisation converts when it may report signals itself; the specialist R&E converts on behalf of one that may not (a school); otherwise 403. Once only (409).',
  responses: { 201: { description: 'The case is opened', schema: AdviceConverted, headers: { Location: { description: 'The new case', schema: { type: 'string' } } } } },
  errors: [409],
  example: { subject: { name: 'Voorbeeld Persoon', bsn: '111222333', birthDate: '2012-04-01', municipality: 'haarlem' }, reason: 'Zorgen na adviesvraag: geweldverheerlijking en ronselen' },
} as const satisfies RouteDocs;

export const recordDetention = {
  route: 'PUT /cases/{caseId}/detention',
  allowed: ['municipality', 'zvh'],
  personalData: true,
  idempotency: 'runner',
  validate: recordDetentionValidation,
} as const satisfies RouteContract;
export const recordDetentionDocs = {
  operationId: 'recordDetention',
  path: CaseIdPath,
  body: DetentionRequest,
  service: 'cases',
  summary: 'Record that the person is detained during the case, or move the release date',
  handler: { id: 'RecordDetention', entry: 'services/cases/handlers/record-detention.ts', description: 'Records a detention during the case or a new release date' },
  grants: { cases: ['GetItem', 'PutItem'], audit: 'append' },
  description:
    'Records that the person of a case in monitoring or aftercare is detained, with the expected release date (202: the running evaluation cycle stops and the safe re-integration track starts), or moves the release date of a detained person (200), conditional on `version`. The date stays in the case. 422 for a date not in the future, 409 for a case in another state.',
  responses: {
    202: { description: 'Detained: the re-integration track starts; the case as it is now', schema: CaseView, headers: ETAG },
    200: { description: 'The release date moved; the case as it is now', schema: CaseView, headers: ETAG },
  },
  errors: [409],
  example: { version: 7, releaseDate: '2027-09-01T09:00:00Z', reasoning: 'Betrokkene is gedetineerd; DJI meldt de verwachte ontslagdatum' },
} as const satisfies RouteDocs;

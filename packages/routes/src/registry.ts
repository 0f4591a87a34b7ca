// The route registry: every API route of a region, once. The CDK app builds a function per entry
// with the entry's grants, the partner roles' IAM policies allow exactly `allowed`, httpRoute
// validates with the validators generated from the entry's schemas (src/compiled/) and refuses
// other organisation types, and the typed client, the OpenAPI document and the fuzz tests read the
// same entries. A route missing here does not exist.
import { convertAdviceRequest, convertAdviceRequestDocs, createAdviceRequest, createAdviceRequestDocs, getAdviceRequest, getAdviceRequestDocs, getCase, getCaseDocs, getCaseHistory, getCaseHistoryDocs, inviteParticipant, inviteParticipantDocs, listAdviceRequests, listAdviceRequestsDocs, listCases, listCasesDocs, listConsultations, listConsultationsDocs, postAdviceMessage, postAdviceMessageDocs, recordConsultationOutcome, recordConsultationOutcomeDocs, recordDetention, recordDetentionDocs, registerSignal, registerSignalDocs, requestTransfer, requestTransferDocs, revokeParticipant, revokeParticipantDocs, scheduleConsultation, scheduleConsultationDocs, updateSubject, updateSubjectDocs } from './cases';
import { decide, decideDocs, listOpenTasks, listOpenTasksDocs, listTasks, listTasksDocs, processReport, processReportDocs } from './workflow';
import { askCovenant, askCovenantDocs, getAuditTrail, getAuditTrailDocs, recordConsent, recordConsentDocs, recordDisclosure, recordDisclosureDocs, recordInforming, recordInformingDocs, subjectReport, subjectReportDocs, withdrawConsent, withdrawConsentDocs } from './covenant';
import { addProgressNote, addProgressNoteDocs, draftPlan, draftPlanDocs, evaluationExport, evaluationExportDocs, getCatalogue, getCatalogueDocs, getPlan, getPlanDocs, getSuggestions, getSuggestionsDocs, logSession, logSessionDocs, matchMentor, matchMentorDocs, oneOnOneResearchExport, oneOnOneResearchExportDocs, putMentor, putMentorDocs, transitionMeasure, transitionMeasureDocs } from './measures';
import type { RouteEntry } from './route-entry';

/** Keys must be the entries' own routes (checked by the compiler). */
function byRoute<const T extends Record<string, RouteEntry>>(routes: T & { [K in keyof T]: { route: K } }): T {
  return routes;
}

/** Every route, in the order of the capability matrix (docs, partner policies). */
export const ROUTES = byRoute({
  'POST /signals': { ...registerSignal, ...registerSignalDocs },
  'GET /cases': { ...listCases, ...listCasesDocs },
  'GET /cases/{caseId}': { ...getCase, ...getCaseDocs },
  'PATCH /cases/{caseId}': { ...updateSubject, ...updateSubjectDocs },
  'GET /cases/{caseId}/history': { ...getCaseHistory, ...getCaseHistoryDocs },
  'GET /cases/{caseId}/tasks': { ...listTasks, ...listTasksDocs },
  'POST /cases/{caseId}/decisions': { ...decide, ...decideDocs },
  'POST /cases/{caseId}/transfers': { ...requestTransfer, ...requestTransferDocs },
  'PUT /cases/{caseId}/detention': { ...recordDetention, ...recordDetentionDocs },
  'POST /cases/{caseId}/participants': { ...inviteParticipant, ...inviteParticipantDocs },
  'DELETE /cases/{caseId}/participants/{organisationId}': { ...revokeParticipant, ...revokeParticipantDocs },
  'POST /cases/{caseId}/consultations': { ...scheduleConsultation, ...scheduleConsultationDocs },
  'POST /cases/{caseId}/consultations/{consultationId}/outcome': { ...recordConsultationOutcome, ...recordConsultationOutcomeDocs },
  'GET /cases/{caseId}/consultations': { ...listConsultations, ...listConsultationsDocs },
  'GET /tasks': { ...listOpenTasks, ...listOpenTasksDocs },
  'POST /covenant/decisions': { ...askCovenant, ...askCovenantDocs },
  'POST /cases/{caseId}/disclosures': { ...recordDisclosure, ...recordDisclosureDocs },
  'POST /cases/{caseId}/consents': { ...recordConsent, ...recordConsentDocs },
  'POST /cases/{caseId}/consents/{consentId}/withdrawal': { ...withdrawConsent, ...withdrawConsentDocs },
  'POST /cases/{caseId}/informing': { ...recordInforming, ...recordInformingDocs },
  'GET /cases/{caseId}/audit': { ...getAuditTrail, ...getAuditTrailDocs },
  'POST /subjects/report': { ...subjectReport, ...subjectReportDocs },
  'POST /advice-requests': { ...createAdviceRequest, ...createAdviceRequestDocs },
  'GET /advice-requests': { ...listAdviceRequests, ...listAdviceRequestsDocs },
  'GET /advice-requests/{adviceRequestId}': { ...getAdviceRequest, ...getAdviceRequestDocs },
  'POST /advice-requests/{adviceRequestId}/messages': { ...postAdviceMessage, ...postAdviceMessageDocs },
  'POST /advice-requests/{adviceRequestId}/conversion': { ...convertAdviceRequest, ...convertAdviceRequestDocs },
  'GET /measures/catalogue': { ...getCatalogue, ...getCatalogueDocs },
  'GET /cases/{caseId}/plan': { ...getPlan, ...getPlanDocs },
  'POST /cases/{caseId}/plan': { ...draftPlan, ...draftPlanDocs },
  'GET /cases/{caseId}/measures/suggestions': { ...getSuggestions, ...getSuggestionsDocs },
  'POST /cases/{caseId}/measures/{measureId}/transitions': { ...transitionMeasure, ...transitionMeasureDocs },
  'POST /cases/{caseId}/measures/{measureId}/notes': { ...addProgressNote, ...addProgressNoteDocs },
  'POST /cases/{caseId}/measures/{measureId}/sessions': { ...logSession, ...logSessionDocs },
  'POST /cases/{caseId}/measures/{measureId}/mentor': { ...matchMentor, ...matchMentorDocs },
  'PUT /measures/mentors/{mentorId}': { ...putMentor, ...putMentorDocs },
  'GET /measures/evaluation-export': { ...evaluationExport, ...evaluationExportDocs },
  'GET /exports/one-on-one': { ...oneOnOneResearchExport, ...oneOnOneResearchExportDocs },
  'GET /reports/process': { ...processReport, ...processReportDocs },
});

export type Routes = typeof ROUTES;
export type RouteKey = keyof Routes;

/** Every entry, in registry order. */
export const ROUTE_ENTRIES: readonly RouteEntry[] = Object.values(ROUTES);

/** The registry entry of a route, if the API has it. */
export function routeEntry(route: string): RouteEntry | undefined {
  return (ROUTES as Record<string, RouteEntry>)[route];
}

/** Routes whose writes accept an Idempotency-Key through httpRoute's runner. */
export const IDEMPOTENT_WRITES: ReadonlySet<string> = new Set(ROUTE_ENTRIES.filter((r) => r.idempotency === 'runner').map((r) => r.route));

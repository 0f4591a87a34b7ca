// The route registry: every API route of a region, once. The CDK app builds a function per entry
// with the entry's grants, the partner roles' IAM policies allow exactly `allowed`, httpRoute
// validates with the entry's schemas and refuses other organisation types, and the typed client,
// the OpenAPI document and the fuzz tests read the same entries. A route missing here does not exist.
import { convertAdviceRequest, createAdviceRequest, getAdviceRequest, getCase, getCaseHistory, inviteParticipant, listAdviceRequests, listCases, listConsultations, postAdviceMessage, recordConsultationOutcome, recordDetention, registerSignal, requestTransfer, revokeParticipant, scheduleConsultation, updateSubject } from './cases';
import { decide, listOpenTasks, listTasks, processReport } from './workflow';
import { askCovenant, getAuditTrail, recordConsent, recordDisclosure, recordInforming, subjectReport, withdrawConsent } from './covenant';
import { addProgressNote, draftPlan, evaluationExport, getCatalogue, getPlan, getSuggestions, logSession, matchMentor, oneOnOneResearchExport, putMentor, transitionMeasure } from './measures';
import type { RouteEntry } from './route-entry';

/** Keys must be the entries' own routes (checked by the compiler). */
function byRoute<const T extends Record<string, RouteEntry>>(routes: T & { [K in keyof T]: { route: K } }): T {
  return routes;
}

/** Every route, in the order of the capability matrix (docs, partner policies). */
export const ROUTES = byRoute({
  'POST /signals': registerSignal,
  'GET /cases': listCases,
  'GET /cases/{caseId}': getCase,
  'PATCH /cases/{caseId}': updateSubject,
  'GET /cases/{caseId}/history': getCaseHistory,
  'GET /cases/{caseId}/tasks': listTasks,
  'POST /cases/{caseId}/decisions': decide,
  'POST /cases/{caseId}/transfers': requestTransfer,
  'PUT /cases/{caseId}/detention': recordDetention,
  'POST /cases/{caseId}/participants': inviteParticipant,
  'DELETE /cases/{caseId}/participants/{organisationId}': revokeParticipant,
  'POST /cases/{caseId}/consultations': scheduleConsultation,
  'POST /cases/{caseId}/consultations/{consultationId}/outcome': recordConsultationOutcome,
  'GET /cases/{caseId}/consultations': listConsultations,
  'GET /tasks': listOpenTasks,
  'POST /covenant/decisions': askCovenant,
  'POST /cases/{caseId}/disclosures': recordDisclosure,
  'POST /cases/{caseId}/consents': recordConsent,
  'POST /cases/{caseId}/consents/{consentId}/withdrawal': withdrawConsent,
  'POST /cases/{caseId}/informing': recordInforming,
  'GET /cases/{caseId}/audit': getAuditTrail,
  'POST /subjects/report': subjectReport,
  'POST /advice-requests': createAdviceRequest,
  'GET /advice-requests': listAdviceRequests,
  'GET /advice-requests/{adviceRequestId}': getAdviceRequest,
  'POST /advice-requests/{adviceRequestId}/messages': postAdviceMessage,
  'POST /advice-requests/{adviceRequestId}/conversion': convertAdviceRequest,
  'GET /measures/catalogue': getCatalogue,
  'GET /cases/{caseId}/plan': getPlan,
  'POST /cases/{caseId}/plan': draftPlan,
  'GET /cases/{caseId}/measures/suggestions': getSuggestions,
  'POST /cases/{caseId}/measures/{measureId}/transitions': transitionMeasure,
  'POST /cases/{caseId}/measures/{measureId}/notes': addProgressNote,
  'POST /cases/{caseId}/measures/{measureId}/sessions': logSession,
  'POST /cases/{caseId}/measures/{measureId}/mentor': matchMentor,
  'PUT /measures/mentors/{mentorId}': putMentor,
  'GET /measures/evaluation-export': evaluationExport,
  'GET /exports/one-on-one': oneOnOneResearchExport,
  'GET /reports/process': processReport,
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

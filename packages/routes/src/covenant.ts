// The covenant service's routes: sharing decisions, disclosures, consent, informing the person, the
// audit trail and subject access.
import { ALL_PARTNERS, CONSENT_HOLDERS, PARTNERS_AND_PRIVACY_OFFICER } from '@cter/config';
import { AuditTrail, AuditTrailQuery, CaseIdPath, ConsentPath, ConsentRequest, ConsentView, ConsentWithdrawalRequest, CovenantDecision, CovenantDecisionRequest, DisclosureRecorded, DisclosureRequest, InformingRecorded, InformingRequest, SubjectReport, SubjectReportRequest } from '@cter/domain/schemas';
import { askCovenantValidation } from './compiled/ask-covenant';
import { recordDisclosureValidation } from './compiled/record-disclosure';
import { recordConsentValidation } from './compiled/record-consent';
import { withdrawConsentValidation } from './compiled/withdraw-consent';
import { recordInformingValidation } from './compiled/record-informing';
import { getAuditTrailValidation } from './compiled/get-audit-trail';
import { subjectReportValidation } from './compiled/subject-report';
import { type RouteContract, type RouteDocs } from './route-entry';

// Covenant service. Asking the covenant reads no data: every partner and the privacy officer may ask.
export const askCovenant = {
  route: 'POST /covenant/decisions',
  allowed: PARTNERS_AND_PRIVACY_OFFICER,
  personalData: false,
  validate: askCovenantValidation,
} as const satisfies RouteContract;
export const askCovenantDocs = {
  operationId: 'askCovenant',
  body: CovenantDecisionRequest,
  service: 'covenant',
  summary: 'Ask whether the covenant allows a disclosure, and under which articles',
  handler: { id: 'Decide', entry: 'services/covenant/handlers/decide.ts', description: 'Answers whether the covenant allows a disclosure', cedar: true },
  grants: { cases: [], audit: 'none' },
  description: 'A question only: nothing is read or shared. Decided under the covenant version in force now, or at `at`.',
  responses: { 200: { description: 'The decision per recipient and category', schema: CovenantDecision } },
  example: { recipients: [{ organisationId: 'politie' }], categories: ['identity'], purpose: 'weighing', stage: 'weighing', basis: { kind: 'legal-basis', reference: 'municipal-public-task' } },
} as const satisfies RouteDocs;

// Any partner that sees the case may disclose what it holds; the covenant in force decides each disclosure.
export const recordDisclosure = {
  route: 'POST /cases/{caseId}/disclosures',
  allowed: ALL_PARTNERS,
  personalData: true,
  idempotency: 'runner',
  validate: recordDisclosureValidation,
} as const satisfies RouteContract;
export const recordDisclosureDocs = {
  operationId: 'recordDisclosure',
  path: CaseIdPath,
  body: DisclosureRequest,
  service: 'covenant',
  summary: 'Disclose items of a case to partners, checked against the covenant',
  handler: { id: 'RecordDisclosure', entry: 'services/covenant/handlers/record-disclosure.ts', description: 'Records a disclosure the covenant in force allows', cedar: true },
  grants: { cases: ['GetItem', 'Query', 'PutItem', 'ConditionCheckItem'], audit: 'append' },
  description: 'Decided by the covenant version in force, at the stage of the case; a refusal is a 403 that names the articles.',
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
} as const satisfies RouteDocs;

// Consent is held by whoever obtained it: the directing municipality, the ZVH, or an invited care partner.
export const recordConsent = {
  route: 'POST /cases/{caseId}/consents',
  allowed: CONSENT_HOLDERS,
  personalData: true,
  idempotency: 'runner',
  validate: recordConsentValidation,
} as const satisfies RouteContract;
export const recordConsentDocs = {
  operationId: 'recordConsent',
  path: CaseIdPath,
  body: ConsentRequest,
  service: 'covenant',
  summary: 'Record a consent of the person',
  handler: { id: 'RecordConsent', entry: 'services/covenant/handlers/record-consent.ts', description: 'Records a consent of the person' },
  grants: { cases: ['GetItem', 'PutItem'], audit: 'append' },
  responses: { 201: { description: 'The consent is recorded', schema: ConsentView } },
  example: { recipients: ['politie'], categories: ['care-information'], purposes: ['case-consultation'], givenAt: '2026-01-15T10:00:00Z', form: 'written', reference: 'TOE-2026-0042' },
} as const satisfies RouteDocs;

export const withdrawConsent = {
  route: 'POST /cases/{caseId}/consents/{consentId}/withdrawal',
  allowed: CONSENT_HOLDERS,
  personalData: true,
  idempotency: 'runner',
  validate: withdrawConsentValidation,
} as const satisfies RouteContract;
export const withdrawConsentDocs = {
  operationId: 'withdrawConsent',
  path: ConsentPath,
  body: ConsentWithdrawalRequest,
  service: 'covenant',
  summary: 'Record that the person withdrew a consent',
  handler: { id: 'WithdrawConsent', entry: 'services/covenant/handlers/withdraw-consent.ts', description: 'Records the withdrawal of a consent' },
  grants: { cases: ['GetItem', 'PutItem'], audit: 'append' },
  responses: { 200: { description: 'The consent, withdrawn', schema: ConsentView } },
  errors: [409],
  example: { note: 'Telefonisch ingetrokken' },
} as const satisfies RouteDocs;

// The municipality informs the person (covenant art. 15); the ZVH may record it on its behalf.
export const recordInforming = {
  route: 'POST /cases/{caseId}/informing',
  allowed: ['municipality', 'zvh'],
  personalData: true,
  idempotency: 'runner',
  validate: recordInformingValidation,
} as const satisfies RouteContract;
export const recordInformingDocs = {
  operationId: 'recordInforming',
  path: CaseIdPath,
  body: InformingRequest,
  service: 'covenant',
  summary: 'Record that the person was informed, or a deferral with reason and review date',
  handler: { id: 'RecordInforming', entry: 'services/covenant/handlers/record-informing.ts', description: 'Records informing the person or a deferral' },
  grants: { cases: ['GetItem', 'Query', 'PutItem', 'UpdateItem'], audit: 'append' },
  responses: { 201: { description: 'Informing or the deferral is recorded', schema: InformingRecorded } },
  example: { kind: 'informed', informedAt: '2026-02-01T14:00:00Z', channel: 'conversation' },
} as const satisfies RouteDocs;

export const getAuditTrail = {
  route: 'GET /cases/{caseId}/audit',
  allowed: ['privacy-officer'],
  personalData: true,
  validate: getAuditTrailValidation,
} as const satisfies RouteContract;
export const getAuditTrailDocs = {
  operationId: 'getAuditTrail',
  path: CaseIdPath,
  query: AuditTrailQuery,
  service: 'covenant',
  summary: 'The audit trail of a case and its destruction record',
  handler: { id: 'GetAuditTrail', entry: 'services/covenant/handlers/get-audit-trail.ts', description: 'Reads the audit trail of a case for the privacy officer' },
  grants: { cases: ['GetItem'], audit: 'append-and-read', pseudonyms: true },
  responses: { 200: { description: 'One page of the audit trail', schema: AuditTrail } },
} as const satisfies RouteDocs;

export const subjectReport = {
  route: 'POST /subjects/report',
  allowed: ['privacy-officer'],
  personalData: true,
  validate: subjectReportValidation,
} as const satisfies RouteContract;
export const subjectReportDocs = {
  operationId: 'subjectReport',
  body: SubjectReportRequest,
  service: 'covenant',
  summary: 'Subject access: everything stored about a person (BSN in the body)',
  handler: { id: 'SubjectReport', entry: 'services/covenant/handlers/subject-report.ts', description: 'Reports everything stored about a person (subject access)' },
  grants: { cases: ['Query', 'GetItem'], audit: 'append-and-read', pseudonyms: true },
  description: 'The BSN travels in the body, never in a URL (paths end up in access logs).',
  responses: { 200: { description: 'The subject access report', schema: SubjectReport } },
  example: { bsn: '111222333' },
} as const satisfies RouteDocs;

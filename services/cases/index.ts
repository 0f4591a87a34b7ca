// Entry points of the cases service, by route. Infra builds one function per entry.
export const CASES_HANDLERS = {
  'POST /signals': 'handlers/register-signal.ts',
  'GET /cases': 'handlers/list-cases.ts',
  'GET /cases/{caseId}': 'handlers/get-case.ts',
  'PATCH /cases/{caseId}': 'handlers/update-subject.ts',
  'GET /cases/{caseId}/history': 'handlers/get-case-history.ts',
  'POST /cases/{caseId}/participants': 'handlers/invite-participant.ts',
  'DELETE /cases/{caseId}/participants/{organisationId}': 'handlers/revoke-participant.ts',
  'POST /cases/{caseId}/consultations': 'handlers/schedule-consultation.ts',
  'POST /cases/{caseId}/consultations/{consultationId}/outcome': 'handlers/record-consultation-outcome.ts',
  'GET /cases/{caseId}/consultations': 'handlers/list-consultations.ts',
  'POST /advice-requests': 'handlers/create-advice-request.ts',
  'GET /advice-requests': 'handlers/list-advice-requests.ts',
  'GET /advice-requests/{adviceRequestId}': 'handlers/get-advice-request.ts',
  'POST /advice-requests/{adviceRequestId}/messages': 'handlers/post-advice-message.ts',
  'POST /advice-requests/{adviceRequestId}/conversion': 'handlers/convert-advice-request.ts',
} as const;
export * from './domain/case';
export * from './domain/history-view';
export * from './domain/advice-request';
export * from './adapters/case-repository';

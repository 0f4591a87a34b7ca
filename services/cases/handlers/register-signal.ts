// POST /signals: a partner registers a signal about a person; a case opens in `signal-received`.
import { randomUUID } from 'node:crypto';
import { assertRouteAllowed } from '@cter/access';
import { RegisterSignalRequest, ValidationFailed } from '@cter/domain';
import { BUSINESS_METRICS } from '@cter/config';
import { countMetric, httpRoute, idempotencyKeyOf, type HttpRequest, type HttpResult } from '@cter/http';
import { idempotent, PseudonymKey, type IdempotencyClaim } from '@cter/store';
import { region, repository, tables } from '../adapters/environment';
import { formatCaseNumber, openCase } from '../domain/case';
import { auditEntry } from './case-access';

const pseudonyms = PseudonymKey.fromEnvironment();
const yearInAmsterdam = new Intl.DateTimeFormat('en', { timeZone: 'Europe/Amsterdam', year: 'numeric' });

export const handler = httpRoute({
  route: 'POST /signals',
  body: RegisterSignalRequest,
  handle: async (request): Promise<HttpResult> => {
    const { body, caller, headers } = request;
    assertRouteAllowed(caller, request.route);
    if (!region.municipalities.some((m) => m.id === body.subject.municipality)) {
      throw new ValidationFailed('the municipality is not served by this region', [
        { path: 'subject.municipality', message: `not a municipality of ${region.id}; one of ${region.municipalities.map((m) => m.id).join(', ')}` },
      ]);
    }
    // The same key rules as every write's, and the same mechanism: the key is claimed with one
    // conditional PutItem before anything is written, so copies of the request sent at the same
    // moment wait for the first and answer its case; the case's own transaction completes the claim.
    const key = idempotencyKeyOf(headers);
    if (!key) return register(request);
    const reply = await idempotent(
      { table: tables.cases, organisationId: caller.organisation.id, key, route: request.route, request: body, remember: (outcome) => outcome.body as Record<string, unknown> },
      (claim) => register(request, claim),
      // The receipt only (ids, number, state, time): nothing of the person.
      async (stored) => ({ status: stored.status, body: stored.ids, headers: { ...stored.headers, 'idempotent-replayed': 'true' } }),
    );
    const { replayed: _replayed, ...answer } = reply;
    return answer;
  },
});

async function register(request: HttpRequest<RegisterSignalRequest, unknown, unknown>, claim?: IdempotencyClaim): Promise<HttpResult> {
  const { body, caller } = request;
  const now = new Date();
  const at = now.toISOString();
  const year = Number(yearInAmsterdam.format(now));
  // The lookup key (one KMS GenerateMac) is computed beside the case number: no extra round trip.
  const [sequence, subjectKey] = await Promise.all([repository.nextSequence(region.caseNumberPrefix, year), pseudonyms.subjectKeyOf(body.subject.bsn)]);
  const { record, event } = openCase({
    caseId: randomUUID(),
    caseNumber: formatCaseNumber(region.caseNumberPrefix, year, sequence),
    regionId: region.id,
    signal: body,
    reportingOrganisation: caller.organisation.id,
    at,
  });
  const answer: HttpResult = {
    status: 201,
    body: { caseId: record.caseId, caseNumber: record.caseNumber, state: record.state, createdAt: record.createdAt },
    headers: { location: `/cases/${record.caseId}` },
  };
  await repository.create(record, event, auditEntry(caller, request, record.caseId, 'write', ['identity', 'signal'], 'signal-registration'), subjectKey, undefined, claim?.completion(answer));
  // The work process starts from the table's stream once the case is stored (see services/workflow).
  countMetric(BUSINESS_METRICS.signalsReceived);
  return answer;
}


// POST /signals: a partner registers a signal about a person; a case opens in `signal-received`.
import { randomUUID } from 'node:crypto';
import { assertRouteAllowed } from '@cter/access';
import { RegisterSignalRequest, ValidationFailed } from '@cter/domain';
import { BUSINESS_METRICS } from '@cter/config';
import { countMetric, httpRoute, idempotencyKeyOf, type HttpResult } from '@cter/http';
import { PseudonymKey } from '@cter/store';
import { region, repository } from '../adapters/environment';
import { requestFingerprint } from '../adapters/case-repository';
import { formatCaseNumber, openCase } from '../domain/case';
import { auditEntry } from './case-access';

/** The region's HMAC key for the subject lookup; a function without it fails at load. */
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
    // The same key rules as every write's; a signal keeps its key in the case's own transaction.
    const key = idempotencyKeyOf(headers);
    const idempotency = key ? { organisationId: caller.organisation.id, key, fingerprint: requestFingerprint(body) } : undefined;
    if (idempotency) {
      const earlier = await repository.findRegistration(idempotency.organisationId, idempotency.key, idempotency.fingerprint);
      if (earlier) return { status: 201, body: earlier, headers: { 'idempotent-replayed': 'true' } };
    }

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
    const outcome = await repository.create(record, event, auditEntry(caller, request, record.caseId, 'write', ['identity', 'signal'], 'signal-registration'), subjectKey, idempotency);
    // The work process starts from the table's stream once the case is stored (see services/workflow).
    if (!outcome.created) return { status: 201, body: outcome.registration, headers: { 'idempotent-replayed': 'true' } };
    countMetric(BUSINESS_METRICS.signalsReceived);
    return {
      status: 201,
      body: { caseId: record.caseId, caseNumber: record.caseNumber, state: record.state, createdAt: record.createdAt },
      headers: { location: `/cases/${record.caseId}` },
    };
  },
});


// The one way a signal opens a case, for POST /signals and for an advice request converted into a
// signal: the case, its first history event, its audit record, its subject lookup's pending marker
// and its case number in one transaction (with whatever else the write must put with them). From the
// table's stream, the work process starts (services/workflow) and IndexSubject writes the lookup.
import { randomUUID } from 'node:crypto';
import type { Caller } from '@cter/access';
import { BUSINESS_METRICS } from '@cter/config';
import { amsterdamYear, ValidationFailed, type RegisterSignalRequest } from '@cter/domain';
import { type HttpResult } from '@cter/http';
import { countMetric } from '@cter/http/metrics';
import type { IdempotencyClaim } from '@cter/store';
import { region, repository } from '../adapters/environment';
import { openCase, type CaseAdvice, type CaseRecord, type TransactItems } from '@cter/case-store';
import { auditEntry } from './case-access';

/** Refuses a municipality the region does not serve (the signal belongs in another region). */
export function assertServedMunicipality(municipality: string, path = 'subject.municipality'): void {
  if (!region.municipalities.some((m) => m.id === municipality)) {
    throw new ValidationFailed('the municipality is not served by this region', [
      { path, message: `not a municipality of ${region.id}; one of ${region.municipalities.map((m) => m.id).join(', ')}` },
    ]);
  }
}

export async function registerSignal(input: {
  caller: Caller;
  request: { route: string; requestId: string };
  signal: RegisterSignalRequest;
  now: Date;
  claim?: IdempotencyClaim;
  advice?: CaseAdvice;
  /** Written in the case's transaction; a failed condition among them answers 409 `conflict`. */
  alsoWrite?: (record: CaseRecord) => { items: TransactItems; conflict: string };
}): Promise<{ record: CaseRecord; answer: HttpResult }> {
  const { caller, now } = input;
  const at = now.toISOString();
  const caseId = randomUUID();
  const { record, answer } = await repository.open({ prefix: region.caseNumberPrefix, year: amsterdamYear(now) }, (caseNumber) => {
    const { record, event } = openCase({
      caseId,
      caseNumber,
      regionId: region.id,
      signal: input.signal,
      reportingOrganisation: caller.organisation.id,
      at,
      ...(input.advice ? { advice: input.advice } : {}),
    });
    const answer: HttpResult = {
      status: 201,
      body: { caseId: record.caseId, caseNumber: record.caseNumber, state: record.state, createdAt: record.createdAt },
      headers: { location: `/cases/${record.caseId}` },
    };
    const audit = auditEntry(caller, input.request, record.caseId, 'write', ['identity', 'signal'], input.advice ? 'advice-conversion' : 'signal-registration');
    return { record, event, audit, answer, ...(input.claim ? { completion: input.claim.completion(answer) } : {}), ...(input.alsoWrite ? { alsoWrite: input.alsoWrite(record) } : {}) };
  });
  countMetric(BUSINESS_METRICS.signalsReceived);
  return { record, answer };
}

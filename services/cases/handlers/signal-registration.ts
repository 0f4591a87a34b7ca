// The one way a signal opens a case, for POST /signals and for an advice request converted into a
// signal: the subject lookup key, then the case, its first history event, its audit record, its
// lookup item and its case number in one transaction (with whatever else the write must put with them).
// The work process starts from the table's stream once the case is stored (see services/workflow).
import { randomUUID } from 'node:crypto';
import type { Caller } from '@cter/access';
import { BUSINESS_METRICS } from '@cter/config';
import { amsterdamYear, ValidationFailed, type RegisterSignalRequest } from '@cter/domain';
import { type HttpResult } from '@cter/http';
import { countMetric } from '@cter/http/metrics';
import { PseudonymKey, type IdempotencyClaim } from '@cter/store';
import { region, repository } from '../adapters/environment';
import { openCase, type CaseAdvice, type CaseRecord, type TransactItems } from '@cter/case-store';
import { auditEntry } from './case-access';

const pseudonyms = PseudonymKey.fromEnvironment();

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
  // The lookup key (one KMS GenerateMac) is under way while `open` finds the number to try.
  const subjectKey = pseudonyms.subjectKeyOf(input.signal.subject.bsn);
  const { record, answer } = await repository.open({ prefix: region.caseNumberPrefix, year: amsterdamYear(now) }, subjectKey, (caseNumber) => {
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

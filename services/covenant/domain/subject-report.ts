// What the subject report (art. 15 GDPR) carries of each record type: an allowlist, so a field added
// to a record later stays out of the report until someone decides it belongs to the person. Never
// in it: task tokens (a transfer's answer token would let its holder answer the transfer), execution
// ARNs, request ids, digests and other workflow or integrity internals.
import type { CaseRecord, HistoryEvent } from '@cter/cases';
import type { AuditRecord } from '../adapters/audit-trail';
import type { ConsentRecord } from './consent';
import type { DisclosureRecord } from './disclosure';
import type { InformingRecord } from './informing';

/** The listed fields of `record` that are set, in the listed order. */
function pick<T extends object, K extends keyof T>(record: T, fields: readonly K[]): Pick<T, K> {
  return Object.fromEntries(fields.filter((f) => record[f] !== undefined).map((f) => [f, record[f]])) as Pick<T, K>;
}

const CASE_FIELDS = ['caseId', 'caseNumber', 'regionId', 'state', 'municipality', 'createdAt', 'updatedAt', 'subject', 'signal', 'participants', 'detention', 'supervision'] as const;

export function reportedCase(record: CaseRecord) {
  return {
    ...pick(record, CASE_FIELDS),
    ...(record.transfer ? { transfer: pick(record.transfer, ['toRegion', 'toMunicipality', 'requestedAt'] as const) } : {}),
    // Where the data came from (art. 15(1)(g)); the answer token stays out.
    ...(record.transferIn ? { transferIn: pick(record.transferIn, ['fromRegion', 'originCaseId', 'originCaseNumber', 'receivedAt'] as const) } : {}),
    // How long it is kept (art. 15(1)(d)).
    ...(record.retention ? { retention: pick(record.retention, ['rule', 'article', 'covenantVersion', 'from', 'deleteAfter'] as const) } : {}),
  };
}

export const reportedHistoryEvent = (event: HistoryEvent) => pick(event, ['version', 'type', 'at', 'organisationId', 'fromState', 'toState', 'reasoning', 'fields'] as const);

export const reportedDisclosure = (d: DisclosureRecord) => ({
  ...pick(d, ['disclosureId', 'disclosedAt', 'sender', 'categories', 'items', 'purpose', 'stage', 'basis', 'proportionality', 'subsidiarity', 'covenantVersion', 'articles'] as const),
  recipients: d.recipientIds,
});

export const reportedConsent = (c: ConsentRecord) =>
  pick(c, ['consentId', 'holder', 'recipients', 'categories', 'purposes', 'givenAt', 'form', 'reference', 'state', 'recordedAt', 'recordedBy', 'covenantVersion', 'withdrawnAt', 'withdrawalRecordedAt', 'withdrawalRecordedBy', 'withdrawalNote'] as const);

export const reportedInforming = (i: InformingRecord) => pick(i, ['informingId', 'kind', 'informedAt', 'channel', 'note', 'ground', 'reason', 'reviewAt', 'recordedAt', 'recordedBy', 'covenantVersion'] as const);

/** Who processed the person's data: the recipients of art. 15(1)(c) GDPR and more. */
export const reportedAccess = (a: AuditRecord) => pick(a, ['at', 'organisationId', 'action', 'route', 'categories', 'purpose', 'covenantVersion'] as const);

// The lookup from a person to their cases, so subject access finds them without a scan: one item
// per case under a key derived from the BSN by a one-way hash. No BSN ever appears in a key (keys
// reach logs, metrics, stream records and error messages that item contents never do).
import { createHash } from 'node:crypto';

/** The partition key of a person's lookup items: `SUBJECT#<sha256 of the BSN>`. */
export function subjectKeyOf(bsn: string): string {
  return `SUBJECT#${createHash('sha256').update(`cter-subject-v1\u0000${bsn}`).digest('hex')}`;
}

/** The lookup item written with a case: person -> case id, nothing else. */
export function subjectLookupItem(bsn: string, caseId: string): Record<string, unknown> {
  return { pk: subjectKeyOf(bsn), sk: `CASE#${caseId}`, entity: 'subject-case', caseId };
}

// The cases of a person: those under their lookup items (pk SUBJECT#<HMAC of the BSN>,
// PseudonymKey.subjectKeyOf), and those whose lookup item is not written yet (the pending markers,
// @cter/store subject-index.ts), matched on the case's BSN. Queries by key, never a scan, and no BSN
// in any key.
import { inBatches, queryAll, SUBJECT_PENDING, subjectBsnOf } from '@cter/store';

/** Pending cases read side by side (the partition is normally empty: IndexSubject empties it within a second). */
const PARALLEL_PENDING = 4;

export async function caseIdsOfSubject(casesTable: string, subjectKey: string, bsn: string): Promise<string[]> {
  // The markers first: IndexSubject writes a case's lookup item and deletes its marker in one
  // transaction, so a case not pending when the markers are read is under its key when the lookup is.
  const pending = await pendingCaseIdsOf(casesTable, bsn);
  const items = await queryAll({
    TableName: casesTable,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': subjectKey },
    ConsistentRead: true,
  });
  const indexed = items.map((i) => String(i.caseId));
  return [...new Set([...indexed, ...pending])];
}

/** The pending cases whose subject has this BSN: only the BSN of each is read, and compared here. */
async function pendingCaseIdsOf(casesTable: string, bsn: string): Promise<string[]> {
  const markers = await queryAll({ TableName: casesTable, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': SUBJECT_PENDING }, ConsistentRead: true });
  const matches = await inBatches(markers, PARALLEL_PENDING, async (marker) => {
    const caseId = String(marker.caseId);
    return (await subjectBsnOf(casesTable, caseId)) === bsn ? caseId : undefined;
  });
  return matches.filter((caseId) => caseId !== undefined);
}

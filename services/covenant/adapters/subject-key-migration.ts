// Re-keys the subject lookup items the old code wrote under an unkeyed sha256 of the BSN (run once
// per region by handlers/migrate-subject-keys.ts). For every case (the cases-by-created index, by
// key, no scan) it reads the BSN from the case, writes the lookup item under the keyed MAC (a put of
// the same item: harmless when it exists) and deletes the legacy item. Idempotent: a second run finds
// no legacy item and changes nothing; a run that stops halfway is finished by the next.
import { createHash } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, guarded, type PseudonymKey, queryAll, subjectBsnOf, subjectLookupItem } from '@cter/store';

/** The old, unkeyed lookup key (reversible by brute force): kept here only, to find what to re-key. */
export function legacySubjectKeyOf(bsn: string): string {
  return `SUBJECT#${createHash('sha256').update(`cter-subject-v1\u0000${bsn}`).digest('hex')}`;
}

export async function migrateSubjectKeys(casesTable: string, keys: PseudonymKey): Promise<{ cases: number; rekeyed: number }> {
  const summaries = await queryAll({ TableName: casesTable, IndexName: 'cases-by-created', KeyConditionExpression: 'gsi1pk = :case', ExpressionAttributeValues: { ':case': 'CASE' } });
  let rekeyed = 0;
  for (const summary of summaries) {
    const caseId = String(summary.caseId);
    const bsn = await subjectBsnOf(casesTable, caseId);
    if (!bsn) continue; // destroyed meanwhile: retention deleted its lookup
    const legacy = { pk: legacySubjectKeyOf(bsn), sk: `CASE#${caseId}` };
    const found = await guarded(() => dynamo().send(new GetCommand({ TableName: casesTable, Key: legacy, ConsistentRead: true })));
    if (!found.Item) continue;
    // The new item first, then the old one goes: at no moment is the case unfindable by subject access.
    const subjectKey = await keys.subjectKeyOf(bsn);
    await guarded(() => dynamo().send(new PutCommand({ TableName: casesTable, Item: subjectLookupItem(subjectKey, caseId) })));
    await guarded(() => dynamo().send(new DeleteCommand({ TableName: casesTable, Key: legacy })));
    rekeyed += 1;
  }
  return { cases: summaries.length, rekeyed };
}

// The cases of a person, found through the lookup items the cases service writes with every case
// (pk SUBJECT#<HMAC of the BSN>, PseudonymKey.subjectKeyOf): a query by key, never a scan, and no BSN
// in any key.
import { queryAll } from '@cter/store';

export async function caseIdsOfSubject(casesTable: string, subjectKey: string): Promise<string[]> {
  const items = await queryAll({
    TableName: casesTable,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': subjectKey },
    ConsistentRead: true,
  });
  return items.map((i) => String(i.caseId));
}

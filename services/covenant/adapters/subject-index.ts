// The cases of a person, found through the lookup items the cases service writes with every case
// (pk SUBJECT#<sha256 of the BSN>): a query by key, never a scan, and no BSN in any key.
import { queryAll, subjectKeyOf } from '@cter/store';

export async function caseIdsOfSubject(casesTable: string, bsn: string): Promise<string[]> {
  const items = await queryAll({
    TableName: casesTable,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': subjectKeyOf(bsn) },
    ConsistentRead: true,
  });
  return items.map((i) => String(i.caseId));
}

// The cases of a person, found through the lookup items the cases service writes with every case
// (pk SUBJECT#<sha256 of the BSN>): a query by key, never a scan, and no BSN in any key.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, guarded, subjectKeyOf } from '@cter/store';

export async function caseIdsOfSubject(casesTable: string, bsn: string): Promise<string[]> {
  const ids: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await guarded(() =>
      dynamo().send(
        new QueryCommand({
          TableName: casesTable,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': subjectKeyOf(bsn) },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      ),
    );
    ids.push(...(out.Items ?? []).map((i) => String(i.caseId)));
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return ids;
}

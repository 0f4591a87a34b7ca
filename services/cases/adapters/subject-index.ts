// The subject lookup's writer (@cter/store subject-index.ts): a new case's pending marker becomes its
// lookup item. Reads the case's BSN only, and writes the lookup and removes the marker together.
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { cancellationReasons, dynamo, guarded, subjectLookupItem, subjectPendingKey } from '@cter/store';

/**
 * Writes the lookup item and deletes the marker in one transaction, on the condition that the marker
 * is still there: a redelivered record finds it gone (already indexed), and so does a record of a case
 * that retention destroyed meanwhile (it deletes the marker before the case), which then gets no
 * lookup item back. Either way nothing is written and the answer is `done-before`.
 */
export async function replacePendingMarker(casesTable: string, caseId: string, subjectKey: string): Promise<'indexed' | 'done-before'> {
  try {
    await guarded(() =>
      dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            { Delete: { TableName: casesTable, Key: subjectPendingKey(caseId), ConditionExpression: 'attribute_exists(pk)' } },
            { Put: { TableName: casesTable, Item: subjectLookupItem(subjectKey, caseId) } },
          ],
        }),
      ),
    );
    return 'indexed';
  } catch (error) {
    if (cancellationReasons(error)?.[0] === 'ConditionalCheckFailed') return 'done-before';
    throw error;
  }
}

// Task items shared by the services that close tasks inside their own transactions (a decision in
// workflow, an informing record in covenant). Types only from the SDK: nothing here pulls another
// service's code into a bundle.
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * The transaction item that marks an open task done with its outcome. Its condition fails (and
 * with it the transaction) when the task is no longer open, so two decisions cannot both close it.
 */
export function taskDoneUpdate(table: string, key: { pk: string; sk: string }, decision: { outcome: string; decidedBy: string; decidedAt: string }): TransactItem {
  return {
    Update: {
      TableName: table,
      Key: key,
      UpdateExpression: 'SET #status = :done, outcome = :outcome, decidedBy = :by, decidedAt = :at',
      ConditionExpression: '#status = :open',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':done': 'done', ':open': 'open', ':outcome': decision.outcome, ':by': decision.decidedBy, ':at': decision.decidedAt },
    },
  };
}

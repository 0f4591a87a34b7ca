// Task items shared by the services that close tasks inside their own transactions (a decision in
// workflow, an informing record in covenant). Types only from the SDK: nothing here pulls another
// service's code into a bundle.
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { TASK_INDEX } from './tables';

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
      // Leaves the open-task index (GET /tasks) with its status.
      UpdateExpression: `SET #status = :done, outcome = :outcome, decidedBy = :by, decidedAt = :at REMOVE ${OPEN_TASK_INDEX_KEYS}`,
      ConditionExpression: '#status = :open',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':done': 'done', ':open': 'open', ':outcome': decision.outcome, ':by': decision.decidedBy, ':at': decision.decidedAt },
    },
  };
}

/** The sparse index of open tasks by due date (TASK_INDEX of ./tables): GET /tasks reads it. */
export const OPEN_TASK_INDEX = TASK_INDEX.indexName;
/** Its key attributes, removed when a task is closed (`REMOVE` in an update expression). */
export const OPEN_TASK_INDEX_KEYS = `${TASK_INDEX.partitionKey}, ${TASK_INDEX.sortKey}`;

/** The index keys of an open task: one partition of open tasks, sorted by due date. */
export function openTaskIndexKeys(task: { taskId: string; dueAt: string }): { gsi4pk: string; gsi4sk: string } {
  return { gsi4pk: 'OPEN-TASK', gsi4sk: `${task.dueAt}#${task.taskId}` };
}

// Informing records live beside their case (sk INFORMING#<at>#<id>); a deferral also puts an item in
// the review queue (pk REVIEW#informing, sorted by review date), which the daily review function
// reads by key instead of scanning. Recording closes the open review tasks of the case in the same
// transaction as the record and its audit record.
import { DeleteCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { Conflict } from '@cter/domain';
import { auditPut, cancellationReasons, dynamo, guarded, openTaskIndexKeys, queryAll, taskDoneUpdate, type AuditEntry, type EntityItem } from '@cter/store';
import type { TaskRecord } from '@cter/case-store';
import type { InformingRecord } from '../domain/informing';
import { informingKey, queryCase, REVIEW_QUEUE, reviewQueueKey, taskKey, withoutKeys } from '@cter/case-store';

type TransactItems = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>;

export interface DueReview {
  key: { pk: string; sk: string };
  caseId: string;
  informingId: string;
  reviewAt: string;
}

export class InformingRepository {
  constructor(private readonly tables: { cases: string; audit: string }) {}

  async list(caseId: string): Promise<InformingRecord[]> {
    return (await queryCase(this.tables.cases, caseId, 'INFORMING#')).map((i) => withoutKeys<InformingRecord>(i));
  }

  async openReviewTasks(caseId: string): Promise<TaskRecord[]> {
    const tasks = (await queryCase(this.tables.cases, caseId, 'TASK#')).map((i) => withoutKeys<TaskRecord>(i));
    return tasks.filter((t) => t.kind === 'informing-review' && t.status === 'open');
  }

  /** Stores the record with its audit record, queues a deferral's review and closes the open review tasks. */
  async record(informing: InformingRecord, audit: AuditEntry, resolve: { tasks: readonly TaskRecord[]; decidedBy: string }): Promise<void> {
    const items: TransactItems = [
      { Put: { TableName: this.tables.cases, Item: { ...informingKey(informing.caseId, informing.recordedAt, informing.informingId), entity: 'informing', ...informing } satisfies EntityItem, ConditionExpression: 'attribute_not_exists(pk)' } },
      auditPut(this.tables.audit, audit),
    ];
    if (informing.kind === 'deferred' && informing.reviewAt) {
      items.push({ Put: { TableName: this.tables.cases, Item: { ...reviewQueueKey(informing.reviewAt, informing.caseId, informing.informingId), entity: 'informing-review', caseId: informing.caseId, informingId: informing.informingId, reviewAt: informing.reviewAt } satisfies EntityItem } });
    }
    for (const task of resolve.tasks) {
      const outcome = informing.kind === 'informed' ? 'informed' : 'deferral-renewed';
      items.push(taskDoneUpdate(this.tables.cases, taskKey(task.caseId, task.taskId), { outcome, decidedBy: resolve.decidedBy, decidedAt: informing.recordedAt }));
    }
    try {
      await guarded(() => dynamo().send(new TransactWriteCommand({ TransactItems: items })));
    } catch (error) {
      if (cancellationReasons(error)) throw new Conflict('the informing of this case was recorded concurrently; read it again and retry');
      throw error;
    }
  }

  /** Reviews whose date has come (on or before `today`, YYYY-MM-DD), oldest first. */
  async dueReviews(today: string): Promise<DueReview[]> {
    const items = await queryAll({
      TableName: this.tables.cases,
      KeyConditionExpression: 'pk = :pk AND sk <= :until',
      ExpressionAttributeValues: { ':pk': REVIEW_QUEUE, ':until': `${today}#\uffff` },
      ConsistentRead: true,
    });
    return items.map((item) => ({ key: { pk: String(item.pk), sk: String(item.sk) }, caseId: String(item.caseId), informingId: String(item.informingId), reviewAt: String(item.reviewAt) }));
  }

  /** Opens the review task and takes the review off the queue, together. */
  async openReviewTask(task: TaskRecord, review: DueReview): Promise<void> {
    await guarded(() =>
      dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            // In the open-task index (GET /tasks) until informing is recorded.
            { Put: { TableName: this.tables.cases, Item: { ...taskKey(task.caseId, task.taskId), entity: 'task', ...task, ...openTaskIndexKeys(task) } satisfies EntityItem, ConditionExpression: 'attribute_not_exists(pk)' } },
            { Delete: { TableName: this.tables.cases, Key: review.key } },
          ],
        }),
      ),
    );
  }

  /** Takes a review off the queue that no longer applies (superseded by a later record, or the case is gone). */
  async dropReview(review: DueReview): Promise<void> {
    await guarded(() => dynamo().send(new DeleteCommand({ TableName: this.tables.cases, Key: review.key })));
  }
}

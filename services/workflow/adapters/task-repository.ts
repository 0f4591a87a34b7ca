// Tasks live beside their case (pk CASE#<id>, sk TASK#<id>). A decision claims its task, moves
// the case to its next version and appends history and audit in one transaction, so two
// decisions on one task cannot both win.
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Conflict, StaleVersion } from '@cter/domain';
import { auditItem, cancellationReasons, dynamo, guarded, queryAll, taskDoneUpdate, type AuditEntry } from '@cter/store';
import { caseItem, historyItem, type CaseRecord, type HistoryEvent } from '@cter/cases';
import type { TaskRecord } from '../domain/task';

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

const taskKey = (caseId: string, taskId: string) => ({ pk: `CASE#${caseId}`, sk: `TASK#${taskId}` });

function strip(item: Record<string, unknown>): Record<string, unknown> {
  const { pk: _pk, sk: _sk, entity: _entity, ...rest } = item;
  return rest;
}

export class TaskRepository {
  constructor(private readonly tables: { cases: string; audit: string }) {}

  async put(task: TaskRecord): Promise<void> {
    await guarded(() => dynamo().send(new PutCommand({ TableName: this.tables.cases, Item: { ...taskKey(task.caseId, task.taskId), entity: 'task', ...task }, ConditionExpression: 'attribute_not_exists(pk)' })));
  }

  async get(caseId: string, taskId: string): Promise<TaskRecord | undefined> {
    const out = await guarded(() => dynamo().send(new GetCommand({ TableName: this.tables.cases, Key: taskKey(caseId, taskId), ConsistentRead: true })));
    return out.Item ? (strip(out.Item) as unknown as TaskRecord) : undefined;
  }

  async list(caseId: string): Promise<TaskRecord[]> {
    const items = await queryAll({
      TableName: this.tables.cases,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `CASE#${caseId}`, ':prefix': 'TASK#' },
      ConsistentRead: true,
    });
    return items.map((i) => strip(i) as unknown as TaskRecord);
  }

  /** Marks open tasks as expired, and why (their deadline passed, or the case left the region); returns the ones it expired. */
  async expire(caseId: string, predicate: (task: TaskRecord) => boolean, because: 'overdue' | 'case-left'): Promise<TaskRecord[]> {
    const expired: TaskRecord[] = [];
    for (const task of (await this.list(caseId)).filter((t) => t.status === 'open' && predicate(t))) {
      try {
        await guarded(() =>
          dynamo().send(
            new UpdateCommand({
              TableName: this.tables.cases,
              Key: taskKey(caseId, task.taskId),
              UpdateExpression: 'SET #status = :expired, expiredBecause = :because',
              ConditionExpression: '#status = :open',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':expired': 'expired', ':open': 'open', ':because': because },
            }),
          ),
        );
        expired.push({ ...task, status: 'expired', expiredBecause: because });
      } catch (error) {
        if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      }
    }
    return expired;
  }

  /**
   * Claims the task with the decision and writes the case's next version, its history event and
   * the audit record in one transaction. Conflict when the task is no longer open. `effects` are
   * written in the same transaction (a plan adoption); their conditions failing is a Conflict too.
   */
  async decide(task: TaskRecord, decision: { outcome: string; decidedBy: string; decidedAt: string }, next: CaseRecord, event: HistoryEvent, audit: AuditEntry, effects: TransactItem[] = []): Promise<void> {
    try {
      await guarded(() =>
        dynamo().send(
          new TransactWriteCommand({
            TransactItems: [
              taskDoneUpdate(this.tables.cases, taskKey(task.caseId, task.taskId), decision),
              { Put: { TableName: this.tables.cases, Item: caseItem(next), ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': next.version - 1 } } },
              { Put: { TableName: this.tables.cases, Item: historyItem(next.caseId, event), ConditionExpression: 'attribute_not_exists(pk)' } },
              { Put: { TableName: this.tables.audit, Item: auditItem(audit), ConditionExpression: 'attribute_not_exists(pk)' } },
              ...effects,
            ],
          }),
        ),
      );
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (reasons?.[0] === 'ConditionalCheckFailed') throw new Conflict(`task ${task.taskId} is not pending`);
      if (reasons?.slice(4).includes('ConditionalCheckFailed')) throw new Conflict('the plan of action changed while deciding; read it again and retry');
      if (reasons) throw new StaleVersion(next.version - 1);
      throw error;
    }
  }
}

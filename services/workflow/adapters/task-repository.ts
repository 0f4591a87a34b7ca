// Tasks live beside their case (pk CASE#<id>, sk TASK#<id>). A decision claims its task, moves
// the case to its next version and appends history and audit in one transaction, so two
// decisions on one task cannot both win.
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Conflict, StaleVersion } from '@cter/domain';
import { auditPut, type EntityItem, cancellationReasons, decodeCursor, dynamo, encodeCursor, guarded, OPEN_TASK_INDEX, OPEN_TASK_INDEX_KEYS, openTaskIndexKeys, queryAll, taskDoneUpdate, type AuditEntry } from '@cter/store';
import type { OrganisationType } from '@cter/config';
import { caseItem, historyItem, taskKey, type CaseRecord, type HistoryEvent } from '@cter/case-store';
import type { TaskRecord } from '@cter/case-store';

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];


function strip(item: Record<string, unknown>): Record<string, unknown> {
  const { pk: _pk, sk: _sk, entity: _entity, gsi4pk: _ipk, gsi4sk: _isk, municipality: _m, ...rest } = item;
  return rest;
}

const OPEN_TASK_CURSOR = ['pk', 'sk', 'gsi4pk', 'gsi4sk'];

export class TaskRepository {
  constructor(private readonly tables: { cases: string; audit: string }) {}

  /** Stores a new open task, in the open-task index with the case's municipality (what narrows GET /tasks). */
  async put(task: TaskRecord, caseMunicipality?: string): Promise<void> {
    const item = { ...taskKey(task.caseId, task.taskId), entity: 'task', ...task, ...openTaskIndexKeys(task), ...(caseMunicipality ? { municipality: caseMunicipality } : {}) } satisfies EntityItem;
    await guarded(() => dynamo().send(new PutCommand({ TableName: this.tables.cases, Item: item, ConditionExpression: 'attribute_not_exists(pk)' })));
  }

  /**
   * A page of open tasks across cases that an organisation type may take (a municipality: of its own
   * municipality's cases, or of cases whose municipality the task does not carry), earliest due first.
   * The caller still checks each against its case.
   */
  async openFor(type: OrganisationType, municipality: string | undefined, page: { limit: number; cursor?: string }): Promise<{ items: TaskRecord[]; nextCursor?: string }> {
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = { ':pk': openTaskIndexKeys({ taskId: '', dueAt: '' }).gsi4pk, ':type': type, ':open': 'open' };
    const filters = ['contains(assignees, :type)', '#status = :open'];
    if (type === 'municipality') {
      names['#municipality'] = 'municipality';
      values[':municipality'] = municipality ?? '';
      filters.push('(attribute_not_exists(#municipality) OR #municipality = :municipality)');
    }
    const out = await guarded(() =>
      dynamo().send(
        new QueryCommand({
          TableName: this.tables.cases,
          IndexName: OPEN_TASK_INDEX,
          KeyConditionExpression: 'gsi4pk = :pk',
          FilterExpression: filters.join(' AND '),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          Limit: page.limit,
          ExclusiveStartKey: decodeCursor(page.cursor, OPEN_TASK_CURSOR),
        }),
      ),
    );
    const items = (out.Items ?? []).map((i) => strip(i) as unknown as TaskRecord);
    const nextCursor = encodeCursor(out.LastEvaluatedKey);
    return nextCursor ? { items, nextCursor } : { items };
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
  async expire(caseId: string, predicate: (task: TaskRecord) => boolean, because: 'overdue' | 'case-left' | 'case-detained'): Promise<TaskRecord[]> {
    const expired: TaskRecord[] = [];
    for (const task of (await this.list(caseId)).filter((t) => t.status === 'open' && predicate(t))) {
      try {
        await guarded(() =>
          dynamo().send(
            new UpdateCommand({
              TableName: this.tables.cases,
              Key: taskKey(caseId, task.taskId),
              UpdateExpression: `SET #status = :expired, expiredBecause = :because REMOVE ${OPEN_TASK_INDEX_KEYS}`,
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
              auditPut(this.tables.audit, audit),
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

// Advice requests in the region's cases table (key scheme: @cter/store advice-items). Every write puts
// the request (conditional on the version read), its two list summaries, its retention queue item,
// the facts a process report counts and the audit record in one transaction.
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { Conflict, StaleVersion, ValidationFailed } from '@cter/domain';
import {
  ADVICE_REGION_PK,
  adviceAskerPk,
  adviceFactItem,
  adviceKey,
  adviceRetentionItem,
  adviceRetentionKey,
  adviceSummaryItems,
  auditPut,
  cancellationReasons,
  decodeCursor,
  dynamo,
  encodeCursor,
  guarded,
  type AdviceFactKind,
  type AdviceSummary,
  type AuditEntry,
  type EntityItem,
} from '@cter/store';
import type { AdviceRequestRecord } from '../domain/advice-request';
import type { Tables, TransactItems } from '@cter/case-store';


function summaryOf(record: AdviceRequestRecord): AdviceSummary {
  return { adviceRequestId: record.adviceRequestId, askedBy: record.askedBy, status: record.status, createdAt: record.createdAt, updatedAt: record.updatedAt, ...(record.caseId ? { caseId: record.caseId } : {}) };
}

export class AdviceRepository {
  constructor(private readonly tables: Tables) {}

  async get(adviceRequestId: string): Promise<AdviceRequestRecord | undefined> {
    const out = await guarded(() => dynamo().send(new GetCommand({ TableName: this.tables.cases, Key: adviceKey(adviceRequestId), ConsistentRead: true })));
    if (!out.Item) return undefined;
    const { pk: _pk, sk: _sk, entity: _e, ...record } = out.Item;
    return record as AdviceRequestRecord;
  }

  /**
   * The items that store `next` (the first version when `previous` is undefined): the request, its
   * summaries, its retention queue item (moved when the deadline moved), the facts and the audit record.
   * The caller runs them in one transaction, with more items when the write does more (a conversion).
   */
  writeItems(next: AdviceRequestRecord, previous: AdviceRequestRecord | undefined, facts: AdviceFactKind[], audit: AuditEntry): TransactItems {
    const items: TransactItems = [
      {
        Put: {
          TableName: this.tables.cases,
          Item: { ...adviceKey(next.adviceRequestId), entity: 'advice-request', ...next } satisfies EntityItem,
          ConditionExpression: previous ? 'version = :expected' : 'attribute_not_exists(pk)',
          ...(previous ? { ExpressionAttributeValues: { ':expected': previous.version } } : {}),
        },
      },
      ...adviceSummaryItems(summaryOf(next)).map((Item) => ({ Put: { TableName: this.tables.cases, Item } })),
      auditPut(this.tables.audit, audit),
      ...facts.map((kind) => ({
        Put: { TableName: this.tables.cases, Item: adviceFactItem({ kind, at: next.updatedAt, adviceRequestId: next.adviceRequestId, regionId: next.regionId, askerType: next.askerType }) },
      })),
    ];
    if (previous?.deleteAfter !== next.deleteAfter) {
      if (previous) items.push({ Delete: { TableName: this.tables.cases, Key: adviceRetentionKey(previous.deleteAfter, previous.adviceRequestId) } });
      items.push({ Put: { TableName: this.tables.cases, Item: adviceRetentionItem(next.adviceRequestId, next.deleteAfter) } });
    }
    return items;
  }

  /** Runs a write's items; a changed request (version) answers 409 StaleVersion, a taken id Conflict. */
  async write(items: TransactItems, previous: AdviceRequestRecord | undefined): Promise<void> {
    try {
      await guarded(() => dynamo().send(new TransactWriteCommand({ TransactItems: items })));
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (reasons?.[0] === 'ConditionalCheckFailed') {
        if (previous) throw new StaleVersion(previous.version);
        throw new Conflict('an advice request with this id exists');
      }
      if (reasons) throw new Conflict('the advice request changed concurrently; read it again and retry');
      throw error;
    }
  }

  /** A page of summaries, newest first: the organisation's own (`askedBy`) or the region's. Queries only. */
  async list(scope: { askedBy?: string }, filter: { status?: string }, page: { limit: number; cursor?: string }): Promise<{ items: AdviceSummary[]; nextCursor?: string }> {
    const pk = scope.askedBy ? adviceAskerPk(scope.askedBy) : ADVICE_REGION_PK;
    const startKey = decodeCursor(page.cursor, ['pk', 'sk']);
    // A cursor of another list cannot steer this query into it.
    if (startKey && startKey.pk !== pk) throw new ValidationFailed('the cursor is not valid for this query', [{ path: 'cursor', message: 'use the nextCursor of the previous page' }]);
    const out = await guarded(() =>
      dynamo().send(
        new QueryCommand({
          TableName: this.tables.cases,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk, ...(filter.status ? { ':status': filter.status } : {}) },
          ...(filter.status ? { FilterExpression: '#status = :status', ExpressionAttributeNames: { '#status': 'status' } } : {}),
          ScanIndexForward: false,
          Limit: page.limit,
          ExclusiveStartKey: startKey,
        }),
      ),
    );
    const items = (out.Items ?? []).map(({ pk: _pk, sk: _sk, entity: _e, ...summary }) => summary as AdviceSummary);
    const nextCursor = encodeCursor(out.LastEvaluatedKey);
    return nextCursor ? { items, nextCursor } : { items };
  }
}

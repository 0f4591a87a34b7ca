// The only place the cases service talks to DynamoDB. Every write of a case goes in one
// transaction with its history event and its audit record, conditional on the version read.
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { EARLY_STATES, StaleVersion, Conflict, type CaseState, type CaseSummary } from '@cter/domain';
import { appendAudit, type AuditEntry, auditPut, type EntityItem, type EntityKind, type IdempotencyClaim, cancellationReasons, decodeCursor, dynamo, encodeCursor, guarded, queryAll, subjectLookupItem } from '@cter/store';
import type { ListScope } from '@cter/access';
import type { CaseRecord, HistoryEvent } from './case';

/** An item written with a case's next version only while its condition holds; else Conflict(`conflict`). */
export interface GuardedPut {
  item: Record<string, unknown>;
  condition: string;
  names: Record<string, string>;
  values: Record<string, unknown>;
  conflict: string;
}

export interface Tables {
  cases: string;
  audit: string;
}

const caseKey = (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'CASE' });
const historyKey = (caseId: string, version: number) => ({ pk: `CASE#${caseId}`, sk: `HISTORY#${String(version).padStart(6, '0')}` });

/** Index items carry the summary only: lists never replicate personal data into an index. */
function indexAttributes(record: CaseRecord) {
  const sortKey = `${record.createdAt}#${record.caseId}`;
  return {
    gsi1pk: 'CASE',
    gsi1sk: sortKey,
    gsi2pk: `STATE#${record.state}`,
    gsi2sk: sortKey,
    gsi3pk: `MUNICIPALITY#${record.municipality}`,
    gsi3sk: sortKey,
  };
}

/** The stored item of a case: the record, its keys and its index keys. */
export function caseItem(record: CaseRecord): EntityItem {
  return { ...caseKey(record.caseId), entity: 'case', ...record, ...indexAttributes(record) };
}

/** The stored item of a history event; its sort key is the version, so a version is written once. */
export function historyItem(caseId: string, event: HistoryEvent): EntityItem {
  return { ...historyKey(caseId, event.version), entity: 'history', caseId, ...event };
}

type IdempotencyCompletion = ReturnType<IdempotencyClaim['completion']>;
export type TransactItems = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>;
const MAX_CONFLICT_RETRIES = 5;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Retries a transaction cancelled only by a concurrent transaction; the caller handles the rest. */
async function withConflictRetry<T>(attempt: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      const reasons = cancellationReasons(error);
      const onlyConflicts = reasons?.some((r) => r === 'TransactionConflict') && !reasons.some((r) => r === 'ConditionalCheckFailed');
      if (!onlyConflicts || i >= MAX_CONFLICT_RETRIES) throw error;
      await sleep(10 + Math.random() * 40 * (i + 1));
    }
  }
}

export class CaseRepository {
  constructor(private readonly tables: Tables) {}

  /** Next case number of a region and year: an atomic counter, unique and increasing under concurrency. */
  async nextSequence(prefix: string, year: number): Promise<number> {
    const out = await guarded(() =>
      dynamo().send(
        new UpdateCommand({
          TableName: this.tables.cases,
          Key: { pk: `COUNTER#case-number#${prefix}-${year}`, sk: 'COUNTER' },
          // Labelled like every item, so whatever reads the table by kind knows it (no personal data in it).
          UpdateExpression: 'SET #entity = :entity ADD #seq :one',
          ExpressionAttributeNames: { '#entity': 'entity', '#seq': 'sequence' },
          ExpressionAttributeValues: { ':entity': 'case-number-counter' satisfies EntityKind, ':one': 1 },
          ReturnValues: 'UPDATED_NEW',
        }),
      ),
    );
    return Number(out.Attributes?.sequence);
  }

  /**
   * Writes a new case, its first history event, its audit record and its subject lookup item (under
   * `subjectKey`, the keyed MAC of the BSN: PseudonymKey.subjectKeyOf) in one transaction.
   * `completion` (the outcome of an Idempotency-Key claimed before, @cter/store `idempotent`) is
   * written in the same transaction, so a case is never stored without its key being done, and never
   * after the claim was taken over.
   */
  async create(
    record: CaseRecord,
    event: HistoryEvent,
    audit: AuditEntry,
    subjectKey: string,
    completion?: IdempotencyCompletion,
    alsoWrite?: { items: TransactItems; conflict: string },
  ): Promise<void> {
    const items: TransactItems = [
      { Put: { TableName: this.tables.cases, Item: caseItem(record), ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { TableName: this.tables.cases, Item: historyItem(record.caseId, event), ConditionExpression: 'attribute_not_exists(pk)' } },
      auditPut(this.tables.audit, audit),
    ];
    // Subject access finds the person's cases through this lookup, never by scanning.
    items.push({ Put: { TableName: this.tables.cases, Item: subjectLookupItem(subjectKey, record.caseId) } });
    const completionIndex = items.length;
    if (completion) {
      items.push(completion);
      // The key's record (ids only) lives outside the case's partition; this pointer lets retention find and destroy it.
      const target = completion.Update.Key;
      items.push({ Put: { TableName: this.tables.cases, Item: { pk: `CASE#${record.caseId}`, sk: `REF#${target.pk}`, entity: 'reference', target } satisfies EntityItem } });
    }
    // Items another write puts with the case (a converted advice request records the case).
    const alsoIndex = items.length;
    if (alsoWrite) items.push(...alsoWrite.items);
    try {
      await guarded(() => withConflictRetry(() => dynamo().send(new TransactWriteCommand({ TransactItems: items }))));
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (alsoWrite && reasons?.slice(alsoIndex).includes('ConditionalCheckFailed')) throw new Conflict(alsoWrite.conflict);
      if (completion && reasons?.[completionIndex] === 'ConditionalCheckFailed') throw new Conflict('the Idempotency-Key was taken over by a retry; nothing was registered');
      if (reasons) throw new Conflict('the signal could not be registered because of a concurrent change; retry');
      throw error;
    }
  }

  async get(caseId: string): Promise<CaseRecord | undefined> {
    const out = await guarded(() => dynamo().send(new GetCommand({ TableName: this.tables.cases, Key: caseKey(caseId), ConsistentRead: true })));
    if (!out.Item) return undefined;
    const { pk: _pk, sk: _sk, entity: _e, gsi1pk: _1, gsi1sk: _2, gsi2pk: _3, gsi2sk: _4, gsi3pk: _5, gsi3sk: _6, ...record } = out.Item;
    return record as CaseRecord;
  }

  /**
   * Replaces a case with its next version, appending the history event and the audit record (and
   * `alsoPut`, items of the same table) in the same transaction; refuses with StaleVersion when
   * someone else wrote first.
   */
  async update(next: CaseRecord, event: HistoryEvent, audit: AuditEntry, alsoPut: ReadonlyArray<Record<string, unknown>> = [], guardedPut?: GuardedPut): Promise<void> {
    const expected = next.version - 1;
    try {
      await guarded(() =>
        withConflictRetry(() =>
          dynamo().send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  Put: {
                    TableName: this.tables.cases,
                    Item: caseItem(next),
                    ConditionExpression: 'version = :expected',
                    ExpressionAttributeValues: { ':expected': expected },
                    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
                  },
                },
                { Put: { TableName: this.tables.cases, Item: historyItem(next.caseId, event), ConditionExpression: 'attribute_not_exists(pk)' } },
                auditPut(this.tables.audit, audit),
                // Items that must change with this version of the case (e.g. its retention deadline).
                ...alsoPut.map((Item) => ({ Put: { TableName: this.tables.cases, Item } })),
                ...(guardedPut ? [{ Put: { TableName: this.tables.cases, Item: guardedPut.item, ConditionExpression: guardedPut.condition, ExpressionAttributeNames: guardedPut.names, ExpressionAttributeValues: guardedPut.values } }] : []),
              ],
            }),
          ),
        ),
      );
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (guardedPut && reasons?.[3 + alsoPut.length] === 'ConditionalCheckFailed') throw new Conflict(guardedPut.conflict);
      if (reasons) {
        const old = (error as { CancellationReasons?: Array<{ Item?: Record<string, { N?: string }> }> }).CancellationReasons?.[0]?.Item;
        throw new StaleVersion(expected, old?.version?.N ? Number(old.version.N) : undefined);
      }
      throw error;
    }
  }

  async history(caseId: string): Promise<HistoryEvent[]> {
    const items = await queryAll({
      TableName: this.tables.cases,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': `CASE#${caseId}`, ':prefix': 'HISTORY#' },
      ConsistentRead: true,
    });
    return items.map(({ pk: _pk, sk: _sk, entity: _e, caseId: _c, ...event }) => event as unknown as HistoryEvent);
  }

  /** Appends the audit record of a read of personal data. */
  async recordRead(audit: AuditEntry): Promise<void> {
    await appendAudit(this.tables.audit, audit);
  }

  /** A page of case summaries, newest first, narrowed to what the caller may see. Queries only. */
  async list(
    scope: ListScope,
    filter: { state?: CaseState; municipality?: string },
    page: { limit: number; cursor?: string },
  ): Promise<{ items: CaseSummary[]; nextCursor?: string }> {
    const empty = { items: [] as CaseSummary[] };
    if (scope.kind === 'none') return empty;
    if (scope.kind === 'municipality' && filter.municipality && filter.municipality !== scope.municipality) return empty;
    if (scope.kind === 'admitted' && filter.state && EARLY_STATES.has(filter.state)) return empty;

    const municipality = scope.kind === 'municipality' ? scope.municipality : filter.municipality;
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const filters: string[] = [];
    let index: string;
    let keyCondition: string;
    let keyAttributes: string[];
    if (municipality) {
      index = 'cases-by-municipality';
      keyCondition = 'gsi3pk = :pk';
      values[':pk'] = `MUNICIPALITY#${municipality}`;
      keyAttributes = ['pk', 'sk', 'gsi3pk', 'gsi3sk'];
      if (filter.state) {
        names['#state'] = 'state';
        values[':state'] = filter.state;
        filters.push('#state = :state');
      }
    } else if (filter.state) {
      index = 'cases-by-state';
      keyCondition = 'gsi2pk = :pk';
      values[':pk'] = `STATE#${filter.state}`;
      keyAttributes = ['pk', 'sk', 'gsi2pk', 'gsi2sk'];
    } else {
      index = 'cases-by-created';
      keyCondition = 'gsi1pk = :pk';
      values[':pk'] = 'CASE';
      keyAttributes = ['pk', 'sk', 'gsi1pk', 'gsi1sk'];
    }
    if (scope.kind === 'admitted') {
      // The indexes project the admission (infra/lib/data.ts): never-admitted cases stay out of the list.
      names['#admission'] = 'admission';
      filters.push('attribute_exists(#admission)');
    }
    const input: QueryCommandInput = {
      TableName: this.tables.cases,
      IndexName: index,
      KeyConditionExpression: keyCondition,
      ExpressionAttributeValues: values,
      ScanIndexForward: false,
      Limit: page.limit,
      ExclusiveStartKey: decodeCursor(page.cursor, keyAttributes),
    };
    if (filters.length) {
      input.FilterExpression = filters.join(' AND ');
      input.ExpressionAttributeNames = names;
    }
    const out = await guarded(() => dynamo().send(new QueryCommand(input)));
    const items = (out.Items ?? []).map((i) => ({
      caseId: i.caseId,
      caseNumber: i.caseNumber,
      state: i.state,
      municipality: i.municipality,
      createdAt: i.createdAt,
      updatedAt: i.updatedAt,
    })) as CaseSummary[];
    const nextCursor = encodeCursor(out.LastEvaluatedKey);
    return nextCursor ? { items, nextCursor } : { items };
  }
}

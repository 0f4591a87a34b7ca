// The only place the cases service talks to DynamoDB. Every write of a case goes in one
// transaction with its history event and its audit record, conditional on the version read.
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { EARLY_STATES, StaleVersion, Conflict, type CaseState, type CaseSummary } from '@cter/domain';
import { appendAudit, type AuditEntry, auditPut, type EntityItem, type EntityKind, type IdempotencyClaim, cancellationReasons, decodeCursor, dynamo, encodeCursor, guarded, queryAll, subjectPendingItem } from '@cter/store';
import type { ListScope } from '@cter/access';
import { formatCaseNumber, type CaseRecord, type HistoryEvent } from './case';

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

/** The case record of its stored item: without its keys and index keys. */
export function caseRecordOf(item: Record<string, unknown>): CaseRecord {
  const { pk: _pk, sk: _sk, entity: _e, gsi1pk: _1, gsi1sk: _2, gsi2pk: _3, gsi2sk: _4, gsi3pk: _5, gsi3sk: _6, ...record } = item;
  return record as unknown as CaseRecord;
}

/** The stored item of a history event; its sort key is the version, so a version is written once. */
export function historyItem(caseId: string, event: HistoryEvent): EntityItem {
  return { ...historyKey(caseId, event.version), entity: 'history', caseId, ...event };
}

type IdempotencyCompletion = ReturnType<IdempotencyClaim['completion']>;
export type TransactItems = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>;
const MAX_CONFLICT_RETRIES = 5;

/** A new case as its transaction writes it. */
export interface NewCase {
  record: CaseRecord;
  event: HistoryEvent;
  audit: AuditEntry;
  /** The outcome of an Idempotency-Key claimed before (@cter/store `idempotent`). */
  completion?: IdempotencyCompletion;
  /** Items another write puts with the case (a converted advice request records the case); a failed condition among them answers Conflict(`conflict`). */
  alsoWrite?: { items: TransactItems; conflict: string };
}

/** The case-number counter of a region and year. */
export interface CaseNumbering {
  prefix: string;
  year: number;
}

const counterKey = ({ prefix, year }: CaseNumbering) => ({ pk: `COUNTER#case-number#${prefix}-${year}`, sk: 'COUNTER' });

/** Thrown inside `open` when the counter has moved past the number tried. */
class NumberTaken {}

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
  /** Per counter, the last number a case got from this execution environment: the next one tries the number after it without a read. */
  private readonly lastNumbers = new Map<string, number>();

  constructor(private readonly tables: Tables) {}

  /**
   * The number to try for the next case of a region and year: one after the last this execution
   * environment gave, else one after the counter's (a consistent read). Whether it is still free is
   * decided by the case's own transaction (`open`).
   */
  private async nextNumber(key: ReturnType<typeof counterKey>): Promise<number> {
    const last = this.lastNumbers.get(key.pk);
    if (last !== undefined) return last + 1;
    const out = await guarded(() => dynamo().send(new GetCommand({ TableName: this.tables.cases, Key: key, ConsistentRead: true })));
    return Number(out.Item?.sequence ?? 0) + 1;
  }

  /**
   * Opens a case under the next case number of its region and year: the case `build` makes for the
   * number to try, and the counter moved to it on the condition that it stands one before, in one
   * transaction (with the rest of `write`). So a case refused in its transaction uses no number. When
   * another case took the number meanwhile, the case takes a number reserved with an atomic `ADD`
   * instead, which nothing can take from it: a burst of registrations costs each at most one lost try
   * (only a registration refused after such a loss leaves its reserved number unused).
   */
  async open<T extends NewCase>(numbering: CaseNumbering, build: (caseNumber: string) => T): Promise<T> {
    const key = counterKey(numbering);
    const numbered = (sequence: number) => build(formatCaseNumber(numbering.prefix, numbering.year, sequence));
    const first = await this.nextNumber(key);
    const tried = numbered(first);
    try {
      await this.write(tried, {
        Update: {
          TableName: this.tables.cases,
          Key: key,
          // Labelled like every item, so whatever reads the table by kind knows it (no personal data in it).
          UpdateExpression: 'SET #entity = :entity, #seq = :sequence',
          ConditionExpression: first === 1 ? 'attribute_not_exists(#seq)' : '#seq = :previous',
          ExpressionAttributeNames: { '#entity': 'entity', '#seq': 'sequence' },
          ExpressionAttributeValues: { ':entity': 'case-number-counter' satisfies EntityKind, ':sequence': first, ...(first === 1 ? {} : { ':previous': first - 1 }) },
        },
      });
      this.lastNumbers.set(key.pk, first);
      return tried;
    } catch (error) {
      if (!(error instanceof NumberTaken)) throw error;
    }
    const reserved = await this.reserveNumber(key);
    const newCase = numbered(reserved);
    await this.write(newCase);
    this.lastNumbers.set(key.pk, reserved);
    return newCase;
  }

  /** The counter's next number, taken with an atomic ADD: unique under any concurrency. */
  private async reserveNumber(key: ReturnType<typeof counterKey>): Promise<number> {
    const out = await guarded(() =>
      dynamo().send(
        new UpdateCommand({
          TableName: this.tables.cases,
          Key: key,
          UpdateExpression: 'SET #entity = :entity ADD #seq :one',
          ExpressionAttributeNames: { '#entity': 'entity', '#seq': 'sequence' },
          ExpressionAttributeValues: { ':entity': 'case-number-counter' satisfies EntityKind, ':one': 1 },
          ReturnValues: 'UPDATED_NEW',
        }),
      ),
    );
    return Number(out.Attributes?.sequence);
  }

  /** Writes a case whose number is given (`open` numbers one): see `write`. */
  async create(record: CaseRecord, event: HistoryEvent, audit: AuditEntry, completion?: IdempotencyCompletion, alsoWrite?: NewCase['alsoWrite']): Promise<void> {
    await this.write({ record, event, audit, ...(completion ? { completion } : {}), ...(alsoWrite ? { alsoWrite } : {}) });
  }

  /**
   * Writes a new case, its first history event, its audit record, its subject lookup's pending marker
   * and the counter's move (`counter`, from `open`) in one transaction. The marker, not the lookup
   * item: the lookup's key is a KMS call, which the cases service's IndexSubject makes from the
   * marker's stream record, off the request's path (@cter/store subject-index.ts). `completion` is written in the same
   * transaction, so a case is never stored without its key being done, and never after the claim was
   * taken over.
   */
  private async write({ record, event, audit, completion, alsoWrite }: NewCase, counter?: TransactItems[number]): Promise<void> {
    const items: TransactItems = [
      { Put: { TableName: this.tables.cases, Item: caseItem(record), ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { TableName: this.tables.cases, Item: historyItem(record.caseId, event), ConditionExpression: 'attribute_not_exists(pk)' } },
      auditPut(this.tables.audit, audit),
      { Put: { TableName: this.tables.cases, Item: subjectPendingItem(record.caseId) } },
    ];
    const completionIndex = items.length;
    if (completion) {
      items.push(completion);
      // The key's record (ids only) lives outside the case's partition; this pointer lets retention find and destroy it.
      const target = completion.Update.Key;
      items.push({ Put: { TableName: this.tables.cases, Item: { pk: `CASE#${record.caseId}`, sk: `REF#${target.pk}`, entity: 'reference', target } satisfies EntityItem } });
    }
    const alsoIndex = items.length;
    if (alsoWrite) items.push(...alsoWrite.items);
    const counterIndex = items.length;
    if (counter) items.push(counter);
    try {
      await guarded(() => withConflictRetry(() => dynamo().send(new TransactWriteCommand({ TransactItems: items }))));
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (alsoWrite && reasons?.slice(alsoIndex, counterIndex).includes('ConditionalCheckFailed')) throw new Conflict(alsoWrite.conflict);
      if (completion && reasons?.[completionIndex] === 'ConditionalCheckFailed') throw new Conflict('the Idempotency-Key was taken over by a retry; nothing was registered');
      if (counter && reasons?.[counterIndex] === 'ConditionalCheckFailed') throw new NumberTaken();
      if (reasons) throw new Conflict('the signal could not be registered because of a concurrent change; retry');
      throw error;
    }
  }

  async get(caseId: string): Promise<CaseRecord | undefined> {
    const out = await guarded(() => dynamo().send(new GetCommand({ TableName: this.tables.cases, Key: caseKey(caseId), ConsistentRead: true })));
    return out.Item ? caseRecordOf(out.Item) : undefined;
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

// Retention reads its deadline queue (pk RETENTION, sorted by deadline) by key, never by scanning,
// and destroys a case's items one by one: first what lies outside the case's partition (found
// through it), then the partition, the case item last, so a run that stops halfway is finished by
// the next one. The case's audit records then move under the case's keyed pseudonym (copy, then
// delete the original), and the destruction record and the removal from the queue go in one
// transaction: until that commits, the deadline stays queued and the next run finishes the work.
import { DeleteCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { appendAuditItem, auditItemPut, cancellationReasons, dynamo, type EntityItem, guarded, inBatches, type PseudonymKey, pseudonymisedAuditItem, queryAll, subjectPendingKey } from '@cter/store';
import type { DestructionRecord } from '@cter/covenant-domain/retention';
import { casePk, destructionKey, RETENTION_QUEUE, reviewQueueKey } from '@cter/case-store';

export interface DueDeadline {
  key: { pk: string; sk: string };
  caseId: string;
  caseNumber: string;
  rule: string;
  article: string;
  covenantVersion: string;
  deleteAfter: string;
}

type Key = { pk: string; sk: string };
/**
 * A key to delete, what kind of item it is (for the counts of the destruction record) and its phase:
 * 0 items outside the case's partition, 1 the partition, 2 the case item itself.
 */
type Doomed = { key: Key; kind: string; phase: 0 | 1 | 2; caseId?: string };

const PARALLEL_DELETES = 8;
/** How long a run holds a deadline: longer than the function's timeout, so a crashed run's claim lapses by the next day. */
const CLAIM_MS = 15 * 60_000;

export class RetentionStore {
  constructor(
    private readonly tables: { cases: string; audit: string },
    private readonly keys: PseudonymKey,
  ) {}

  /** Deadlines on or before `now`, earliest first. */
  async due(now: Date): Promise<DueDeadline[]> {
    const items = await queryAll({
      TableName: this.tables.cases,
      KeyConditionExpression: 'pk = :pk AND sk <= :until',
      ExpressionAttributeValues: { ':pk': RETENTION_QUEUE, ':until': `${now.toISOString()}#\uffff` },
      ConsistentRead: true,
    });
    return items.map((i) => ({
      key: { pk: String(i.pk), sk: String(i.sk) },
      caseId: String(i.caseId),
      caseNumber: String(i.caseNumber),
      rule: String(i.rule),
      article: String(i.article),
      covenantVersion: String(i.covenantVersion),
      deleteAfter: String(i.deleteAfter),
    }));
  }

  /**
   * Claims a deadline for this run, so two runs (a retried schedule, an on-demand run) never destroy
   * the same case at once and record each other's leftovers; false when another run holds it.
   */
  async claim(deadline: DueDeadline, runId: string, now: Date): Promise<boolean> {
    try {
      await guarded(() =>
        dynamo().send(
          new UpdateCommand({
            TableName: this.tables.cases,
            Key: deadline.key,
            UpdateExpression: 'SET claimedBy = :run, claimedUntil = :until',
            ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(claimedUntil) OR claimedUntil < :now OR claimedBy = :run)',
            ExpressionAttributeValues: { ':run': runId, ':until': new Date(now.getTime() + CLAIM_MS).toISOString(), ':now': now.toISOString() },
          }),
        ),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  /** Every item of the case, and the items elsewhere that belong to it, in the order to delete them. */
  async itemsOf(caseId: string): Promise<Doomed[]> {
    const partition = await queryAll({ TableName: this.tables.cases, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': casePk(caseId) }, ConsistentRead: true });

    const outside: Doomed[] = [];
    for (const item of partition) {
      const subject = item.subject as { bsn?: string } | undefined;
      if (item.entity === 'case' && subject?.bsn) outside.push({ key: { pk: await this.keys.subjectKeyOf(subject.bsn), sk: `CASE#${caseId}` }, kind: 'subject-lookup', phase: 0 });
      // Its lookup's pending marker, if IndexSubject has not replaced it (it then writes nothing: see its condition).
      if (item.entity === 'case') outside.push({ key: subjectPendingKey(caseId), kind: 'subject-pending', phase: 0 });
      if (item.entity === 'reference' && item.target) outside.push({ key: item.target as Key, kind: 'idempotency', phase: 0, caseId });
      if (item.entity === 'informing' && item.kind === 'deferred' && typeof item.reviewAt === 'string') {
        outside.push({ key: reviewQueueKey(item.reviewAt, caseId, String(item.informingId)), kind: 'review-queue', phase: 0 });
      }
    }
    // The case item last: while it exists, a later run can still find what hangs off it.
    const inside = partition.map((item): Doomed => ({ key: { pk: String(item.pk), sk: String(item.sk) }, kind: String(item.entity ?? 'item'), phase: item.entity === 'case' ? 2 : 1 }));
    return [...outside, ...inside];
  }

  /** Deletes the items; returns how many existed, by kind. */
  async destroy(items: readonly Doomed[]): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const phase of [0, 1, 2] as const) {
      const group = items.filter((i) => i.phase === phase);
      await inBatches(group, PARALLEL_DELETES, async ({ key, kind, caseId }) => {
        // An idempotency key may have been reused after it expired: delete the record only while it is still this case's.
        const condition =
          kind === 'idempotency' && caseId
            ? // Older records name the case in `registration`, current ones in their stored outcome's ids.
              { ConditionExpression: '#registration.caseId = :caseId OR contains(#outcome, :caseId)', ExpressionAttributeNames: { '#registration': 'registration', '#outcome': 'outcome' }, ExpressionAttributeValues: { ':caseId': caseId } }
            : {};
        try {
          const out = await guarded(() => dynamo().send(new DeleteCommand({ TableName: this.tables.cases, Key: key, ReturnValues: 'ALL_OLD', ...condition })));
          if (out.Attributes) counts[kind] = (counts[kind] ?? 0) + 1;
        } catch (error) {
          if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
        }
      });
    }
    return counts;
  }

  /**
   * Moves the case's audit records under its keyed pseudonym, without the case id and with the audit's
   * own expiry (`expiresAt`, the table's TTL): each is copied create-only (a copy an interrupted run
   * made stays as it is) and then the original is deleted. Returns how many this run moved.
   */
  async pseudonymiseAudit(caseId: string, casePseudonym: string, expiresAt: number): Promise<number> {
    const records = await queryAll({ TableName: this.tables.audit, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': casePk(caseId) }, ConsistentRead: true });
    await inBatches(records, PARALLEL_DELETES, async (record) => {
      try {
        await appendAuditItem(this.tables.audit, pseudonymisedAuditItem(record, casePseudonym, expiresAt));
      } catch (error) {
        if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      }
      await guarded(() => dynamo().send(new DeleteCommand({ TableName: this.tables.audit, Key: { pk: record.pk, sk: record.sk } })));
    });
    return records.length;
  }

  /** Writes the destruction record and takes the deadline off the queue; a record written by an earlier, interrupted run stays. */
  async complete(record: DestructionRecord, deadline: DueDeadline): Promise<'recorded' | 'already-recorded'> {
    const put = auditItemPut(this.tables.audit, { ...destructionKey(record.casePseudonym), entity: 'destruction', ...record } satisfies EntityItem);
    const dequeue = { Delete: { TableName: this.tables.cases, Key: deadline.key } };
    try {
      await guarded(() => dynamo().send(new TransactWriteCommand({ TransactItems: [put, dequeue] })));
      return 'recorded';
    } catch (error) {
      if (cancellationReasons(error)?.[0] !== 'ConditionalCheckFailed') throw error;
      await guarded(() => dynamo().send(new DeleteCommand({ TableName: this.tables.cases, Key: deadline.key })));
      return 'already-recorded';
    }
  }
}

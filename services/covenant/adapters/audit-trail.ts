// Reads of the append-only audit table, for the privacy officer: a case's audit records (page by
// page, oldest first) and its destruction record. A destroyed case's records are under its keyed
// pseudonym, without the case id. Function roles may put and query audit records, never update them;
// only the retention job deletes (the originals it pseudonymised). Asserted on the synthesized template.
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { appendAudit, appendAuditItem, auditItem, type AuditEntry, decodeCursor, dynamo, encodeCursor, guarded, pseudonymAuditPk, pseudonymisedAuditItem } from '@cter/store';
import type { DestructionRecord } from '@cter/covenant-domain/retention';
import { destructionKey, withoutKeys } from '@cter/case-store';

export interface AuditRecord extends Omit<AuditEntry, 'caseId'> {
  /** Absent once the case is destroyed: the records then carry `casePseudonym` instead. */
  caseId?: string;
  casePseudonym?: string;
  at: string;
}

/** Where a case's audit records are: `CASE#<id>` while it exists, its pseudonym's partition once destroyed. */
export type AuditPartition = { caseId: string } | { casePseudonym: string };
const partitionKey = (p: AuditPartition) => ('caseId' in p ? `CASE#${p.caseId}` : pseudonymAuditPk(p.casePseudonym));

export class AuditTrail {
  constructor(private readonly tables: { audit: string }) {}

  async forCase(partition: AuditPartition, page: { limit: number; cursor?: string }): Promise<{ records: AuditRecord[]; nextCursor?: string }> {
    const out = await guarded(() =>
      dynamo().send(
        new QueryCommand({
          TableName: this.tables.audit,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': partitionKey(partition) },
          ConsistentRead: true,
          Limit: page.limit,
          ExclusiveStartKey: decodeCursor(page.cursor, ['pk', 'sk']),
        }),
      ),
    );
    const records = (out.Items ?? []).map((i) => {
      const { expiresAt: _expiresAt, ...record } = withoutKeys<AuditRecord & { expiresAt?: number }>(i);
      return record;
    });
    const nextCursor = encodeCursor(out.LastEvaluatedKey);
    return nextCursor ? { records, nextCursor } : { records };
  }

  /** Every audit record of a case (subject access: who accessed the person's data). */
  async allForCase(caseId: string): Promise<AuditRecord[]> {
    const records: AuditRecord[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.forCase({ caseId }, { limit: 500, ...(cursor ? { cursor } : {}) });
      records.push(...page.records);
      cursor = page.nextCursor;
    } while (cursor);
    return records;
  }

  async destructionOf(casePseudonym: string): Promise<DestructionRecord | undefined> {
    const out = await guarded(() => dynamo().send(new GetCommand({ TableName: this.tables.audit, Key: destructionKey(casePseudonym), ConsistentRead: true })));
    return out.Item ? withoutKeys<DestructionRecord>(out.Item) : undefined;
  }

  /** Appends the audit record of a read. */
  async recordRead(audit: AuditEntry): Promise<void> {
    await appendAudit(this.tables.audit, audit);
  }

  /** Appends the audit record of a read of a destroyed case's trail: under its pseudonym, expiring with it. */
  async recordPseudonymisedRead(audit: AuditEntry, casePseudonym: string, expiresAt: number): Promise<void> {
    await appendAuditItem(this.tables.audit, pseudonymisedAuditItem(auditItem(audit), casePseudonym, expiresAt));
  }
}

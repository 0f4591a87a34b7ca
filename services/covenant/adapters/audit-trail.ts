// Reads of the append-only audit table, for the privacy officer: a case's audit records (page by
// page, oldest first) and its destruction record. Function roles may put and query audit records,
// never update or delete them (asserted on the synthesized template).
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { appendAudit, type AuditEntry, decodeCursor, dynamo, encodeCursor, guarded } from '@cter/store';
import type { DestructionRecord } from '../domain/retention';
import { destructionKey, withoutKeys } from './records';

export interface AuditRecord extends AuditEntry {
  at: string;
}

export class AuditTrail {
  constructor(private readonly tables: { audit: string }) {}

  async forCase(caseId: string, page: { limit: number; cursor?: string }): Promise<{ records: AuditRecord[]; nextCursor?: string }> {
    const out = await guarded(() =>
      dynamo().send(
        new QueryCommand({
          TableName: this.tables.audit,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `CASE#${caseId}` },
          ConsistentRead: true,
          Limit: page.limit,
          ExclusiveStartKey: decodeCursor(page.cursor, ['pk', 'sk']),
        }),
      ),
    );
    const records = (out.Items ?? []).map((i) => withoutKeys<AuditRecord>(i));
    const nextCursor = encodeCursor(out.LastEvaluatedKey);
    return nextCursor ? { records, nextCursor } : { records };
  }

  /** Every audit record of a case (subject access: who accessed the person's data). */
  async allForCase(caseId: string): Promise<AuditRecord[]> {
    const records: AuditRecord[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.forCase(caseId, { limit: 500, ...(cursor ? { cursor } : {}) });
      records.push(...page.records);
      cursor = page.nextCursor;
    } while (cursor);
    return records;
  }

  async destructionOf(caseId: string): Promise<DestructionRecord | undefined> {
    const out = await guarded(() => dynamo().send(new GetCommand({ TableName: this.tables.audit, Key: destructionKey(caseId), ConsistentRead: true })));
    return out.Item ? withoutKeys<DestructionRecord>(out.Item) : undefined;
  }

  /** Appends the audit record of a read. */
  async recordRead(audit: AuditEntry): Promise<void> {
    await appendAudit(this.tables.audit, audit);
  }
}

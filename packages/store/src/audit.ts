// Audit records: one per read or write of personal data, in an append-only table that function
// roles may only put into. Writes carry their audit record in the same transaction; a read appends
// its record on its own, before the data leaves the function.
import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './client';
import { guarded } from './errors';

export interface AuditEntry {
  caseId: string;
  action: 'read' | 'write';
  route: string;
  organisationId: string;
  regionId: string;
  principalArn: string;
  /** Data categories touched, e.g. ['identity', 'signal']. */
  categories: string[];
  purpose: string;
  requestId: string;
  covenantVersion?: string;
  at?: string;
}

export function auditItem(entry: AuditEntry): Record<string, unknown> {
  const at = entry.at ?? new Date().toISOString();
  return {
    pk: `CASE#${entry.caseId}`,
    sk: `${at}#${randomUUID()}`,
    ...entry,
    at,
  };
}

/**
 * Appends the audit record of a read: one conditional PutItem (never overwrites a record; the
 * sort key is unique anyway). A failure is the store's 503, so the data is not returned unaudited.
 */
export async function appendAudit(auditTable: string, entry: AuditEntry): Promise<void> {
  await guarded(() => dynamo().send(new PutCommand({ TableName: auditTable, Item: auditItem(entry), ConditionExpression: 'attribute_not_exists(pk)' })));
}

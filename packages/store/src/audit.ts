// Audit records: one per read or write of personal data, in an append-only table that function
// roles may only put into. Writes carry their audit record in the same transaction.
import { randomUUID } from 'node:crypto';

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

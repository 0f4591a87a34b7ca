// Audit records: one per read or write of personal data, in an append-only table that function
// roles may only put into. Writes carry their audit record in the same transaction; a read appends
// its record on its own, before the data leaves the function.
import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './client';
import { guarded } from './errors';

export interface AuditEntry {
  /** The case accessed; for an anonymous advice request (no case yet), the case it became, if any. */
  caseId?: string;
  /** An anonymous advice request accessed: its records are kept under `ADVICE#<id>`. */
  adviceRequestId?: string;
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

/** The fields an audit record keeps once its case is destroyed: everything but the case id. */
const PSEUDONYMISED_FIELDS = ['action', 'route', 'organisationId', 'regionId', 'principalArn', 'categories', 'purpose', 'requestId', 'covenantVersion', 'at'] as const;

/** The partition of a destroyed case's audit records: its keyed pseudonym, never its id. */
export const pseudonymAuditPk = (casePseudonym: string) => `PSEUDONYM#${casePseudonym}`;

/**
 * An audit record of a destroyed case, rewritten under the case's keyed pseudonym: an allowlist of
 * fields (no case id), the same sort key, and `expiresAt` (epoch seconds) for the audit's own
 * retention. Written by the retention job, and by reads of a destroyed case's trail.
 */
export function pseudonymisedAuditItem(record: Record<string, unknown>, casePseudonym: string, expiresAt: number): Record<string, unknown> {
  const kept = Object.fromEntries(PSEUDONYMISED_FIELDS.filter((f) => record[f] !== undefined).map((f) => [f, record[f]]));
  return { pk: pseudonymAuditPk(casePseudonym), sk: record.sk, ...kept, casePseudonym, expiresAt };
}

export function auditItem(entry: AuditEntry): Record<string, unknown> {
  const at = entry.at ?? new Date().toISOString();
  return {
    pk: entry.adviceRequestId ? `ADVICE#${entry.adviceRequestId}` : `CASE#${entry.caseId}`,
    sk: `${at}#${randomUUID()}`,
    ...entry,
    at,
  };
}

/**
 * The Put of an audit record in a transaction with the write it audits. Every audit write is built
 * here or by appendAuditItem: create-only (`attribute_not_exists(pk)`), so no record is overwritten.
 */
export function auditPut(auditTable: string, entry: AuditEntry) {
  return auditItemPut(auditTable, auditItem(entry));
}

/** The Put of a prepared audit item (e.g. a destruction record) in a transaction: create-only. */
export function auditItemPut(auditTable: string, item: Record<string, unknown>) {
  return { Put: { TableName: auditTable, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } };
}

/**
 * Appends the audit record of a read: one conditional PutItem (never overwrites a record; the
 * sort key is unique anyway). A failure is the store's 503, so the data is not returned unaudited.
 */
export async function appendAudit(auditTable: string, entry: AuditEntry): Promise<void> {
  await appendAuditItem(auditTable, auditItem(entry));
}

/** Appends a prepared audit item (e.g. pseudonymisedAuditItem): create-only, like every audit write. */
export async function appendAuditItem(auditTable: string, item: Record<string, unknown>): Promise<void> {
  await guarded(() => dynamo().send(new PutCommand(auditItemPut(auditTable, item).Put)));
}

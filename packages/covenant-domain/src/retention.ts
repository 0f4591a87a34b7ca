// Destruction after retention (article 16): what a destruction record holds. It proves that a case's
// personal data was destroyed, when and under which rule, without holding any of it: the case id is
// kept only as a keyed pseudonym (HMAC with the region's KMS key: whoever knows the id finds the
// record through the audit-trail route, nobody can test ids against it offline), with the case
// number and counts. The case's audit records move under the same pseudonym and expire after
// AUDIT_RETENTION_YEARS (see services/covenant/README.md, "Retention and destruction").

/** How long the audit records of a destroyed case are kept after its destruction, pseudonymised. */
export const AUDIT_RETENTION_YEARS = 5;

/** The moment (epoch seconds, the audit table's TTL attribute) the audit of a case destroyed at `at` expires. */
export function auditExpiresAt(at: Date): number {
  const until = new Date(at.getTime());
  until.setUTCFullYear(until.getUTCFullYear() + AUDIT_RETENTION_YEARS);
  return Math.floor(until.getTime() / 1000);
}

export interface DestructionRecord {
  /** HMAC of the case id with the region's pseudonymisation key. */
  casePseudonym: string;
  caseNumber: string;
  regionId: string;
  /** Items destroyed, by kind (case, history, task, disclosure, consent, informing, subject-lookup, ...). */
  deletedItems: Record<string, number>;
  totalDeleted: number;
  /** The case's audit records, moved under the pseudonym (without the case id) to expire after AUDIT_RETENTION_YEARS. */
  pseudonymisedAuditRecords: number;
  auditExpiresAt: string;
  rule: string;
  article: string;
  covenantVersion: string;
  deleteAfter: string;
  destroyedAt: string;
  /** The retention run (its Lambda request id). */
  runId: string;
}

export function destructionRecord(input: {
  casePseudonym: string;
  caseNumber: string;
  regionId: string;
  deletedItems: Record<string, number>;
  pseudonymisedAuditRecords: number;
  deadline: { rule: string; article: string; covenantVersion: string; deleteAfter: string };
  at: Date;
  runId: string;
}): DestructionRecord {
  const totalDeleted = Object.values(input.deletedItems).reduce((sum, n) => sum + n, 0);
  return {
    casePseudonym: input.casePseudonym,
    caseNumber: input.caseNumber,
    regionId: input.regionId,
    deletedItems: { ...input.deletedItems },
    totalDeleted,
    pseudonymisedAuditRecords: input.pseudonymisedAuditRecords,
    auditExpiresAt: new Date(auditExpiresAt(input.at) * 1000).toISOString(),
    rule: input.deadline.rule,
    article: input.deadline.article,
    covenantVersion: input.deadline.covenantVersion,
    deleteAfter: input.deadline.deleteAfter,
    destroyedAt: input.at.toISOString(),
    runId: input.runId,
  };
}

// Destruction after retention (article 16): what a destruction record holds. It proves that a case's
// personal data was destroyed, when and under which rule, without holding any of it: the case id is
// kept only as a hash (whoever knows the id can find the record), with the case number and counts.
import { createHash } from 'node:crypto';

/** sha256 of a case id: how a destruction record names its case. */
export function caseIdHash(caseId: string): string {
  return createHash('sha256').update(`cter-case-v1\u0000${caseId}`).digest('hex');
}

export interface DestructionRecord {
  caseIdHash: string;
  caseNumber: string;
  regionId: string;
  /** Items destroyed, by kind (case, history, task, disclosure, consent, informing, subject-lookup, ...). */
  deletedItems: Record<string, number>;
  totalDeleted: number;
  rule: string;
  article: string;
  covenantVersion: string;
  deleteAfter: string;
  destroyedAt: string;
  /** The retention run (its Lambda request id). */
  runId: string;
}

export function destructionRecord(input: {
  caseId: string;
  caseNumber: string;
  regionId: string;
  deletedItems: Record<string, number>;
  deadline: { rule: string; article: string; covenantVersion: string; deleteAfter: string };
  at: Date;
  runId: string;
}): DestructionRecord {
  const totalDeleted = Object.values(input.deletedItems).reduce((sum, n) => sum + n, 0);
  return {
    caseIdHash: caseIdHash(input.caseId),
    caseNumber: input.caseNumber,
    regionId: input.regionId,
    deletedItems: { ...input.deletedItems },
    totalDeleted,
    rule: input.deadline.rule,
    article: input.deadline.article,
    covenantVersion: input.deadline.covenantVersion,
    deleteAfter: input.deadline.deleteAfter,
    destroyedAt: input.at.toISOString(),
    runId: input.runId,
  };
}

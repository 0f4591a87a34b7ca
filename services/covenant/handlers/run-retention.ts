// Scheduled daily (and on demand in the twin: `npm run twin:run-retention`): destroys the personal
// data of every case whose retention deadline has passed, in every table, and writes a destruction
// record that proves it without personal data; then every anonymous advice request past its period. Deadlines are set when a case reaches a final state
// (services/workflow record-state), per the covenant version in force then. TTL is not relied on:
// it deletes days late in AWS and never in DynamoDB Local. Each run first records the covenant
// version in force in the region, once per version (covenant.version_published).
import { logger } from '@cter/http';
import { PseudonymKey } from '@cter/store';
import { region, tables } from '../adapters/environment';
import { RetentionStore } from '../adapters/retention-store';
import { AdviceRetention } from '../adapters/advice-retention';
import { recordCovenantInForce } from '../adapters/covenant-in-force';
import { auditExpiresAt, destructionRecord } from '@cter/covenant-domain/retention';
import { covenantVersionAt } from '@cter/covenant-domain/versions';
import { scheduledJob } from './scheduled-job';

/** The region's HMAC key: subject lookup keys to delete, the pseudonym of a destroyed case. */
const keys = PseudonymKey.fromEnvironment();
const store = new RetentionStore(tables, keys);
const adviceRetention = new AdviceRetention(tables.cases);

export const handler = scheduledJob('retention', async ({ now, runId }) => {
  const covenantRecorded = await recordCovenantInForce(tables.cases, covenantVersionAt(now), now);
  const due = await store.due(now);
  const destroyed: Array<{ caseNumber: string; totalDeleted: number; outcome: string }> = [];
  let claimedElsewhere = 0;
  for (const deadline of due) {
    if (!(await store.claim(deadline, runId, now))) {
      claimedElsewhere += 1;
      continue;
    }
    const [casePseudonym, items] = await Promise.all([keys.casePseudonymOf(deadline.caseId), store.itemsOf(deadline.caseId)]);
    const deletedItems = await store.destroy(items);
    // The audit stays, for its own retention, under the pseudonym: the raw case id leaves the audit table too.
    const pseudonymisedAuditRecords = await store.pseudonymiseAudit(deadline.caseId, casePseudonym, auditExpiresAt(now));
    const record = destructionRecord({ casePseudonym, caseNumber: deadline.caseNumber, regionId: region.id, deletedItems, pseudonymisedAuditRecords, deadline, at: now, runId });
    const outcome = await store.complete(record, deadline);
    // Case numbers and counts only: no personal data in logs.
    logger.info('case destroyed', { caseNumber: deadline.caseNumber, rule: deadline.rule, totalDeleted: record.totalDeleted, outcome });
    destroyed.push({ caseNumber: deadline.caseNumber, totalDeleted: record.totalDeleted, outcome });
  }
  // Anonymous advice requests past their own (short) period: the text goes, the countable facts stay.
  const adviceRequestsDestroyed = await adviceRetention.destroyDue(now);
  if (adviceRequestsDestroyed) logger.info('advice requests destroyed', { count: adviceRequestsDestroyed });
  return { ranAt: now.toISOString(), due: due.length, destroyed, claimedElsewhere, covenantRecorded, adviceRequestsDestroyed };
});

// Scheduled daily (and on demand in the twin: `npm run twin:run-retention`): destroys the personal
// data of every case whose retention deadline has passed, in every table, and writes a destruction
// record that proves it without personal data. Deadlines are set when a case reaches a final state
// (services/workflow record-state), per the covenant version in force then. TTL is not relied on:
// it deletes days late in AWS and never in DynamoDB Local.
import { logger } from '@cter/http';
import { region, tables } from '../adapters/environment';
import { RetentionStore } from '../adapters/retention-store';
import { destructionRecord } from '../domain/retention';
import { scheduledJob } from './scheduled-job';

const store = new RetentionStore(tables);

export const handler = scheduledJob('retention', async ({ now, runId }) => {
  const due = await store.due(now);
  const destroyed: Array<{ caseNumber: string; totalDeleted: number; outcome: string }> = [];
  let claimedElsewhere = 0;
  for (const deadline of due) {
    if (!(await store.claim(deadline, runId, now))) {
      claimedElsewhere += 1;
      continue;
    }
    const items = await store.itemsOf(deadline.caseId);
    const deletedItems = await store.destroy(items);
    const record = destructionRecord({ caseId: deadline.caseId, caseNumber: deadline.caseNumber, regionId: region.id, deletedItems, deadline, at: now, runId });
    const outcome = await store.complete(deadline.caseId, record, deadline);
    // Case numbers and counts only: no personal data in logs.
    logger.info('case destroyed', { caseNumber: deadline.caseNumber, rule: deadline.rule, totalDeleted: record.totalDeleted, outcome });
    destroyed.push({ caseNumber: deadline.caseNumber, totalDeleted: record.totalDeleted, outcome });
  }
  return { ranAt: now.toISOString(), due: due.length, destroyed, claimedElsewhere };
});

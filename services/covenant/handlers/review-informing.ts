// Scheduled daily: a deferral of informing the person whose review date has come becomes a task of
// the municipality of the case (GET /cases/{caseId}/tasks), closed by recording informing or a
// renewed deferral. Reviews superseded by a later record, or of destroyed cases, leave the queue.
import { randomUUID } from 'node:crypto';
import { logger } from '@cter/http';
import { amsterdamDate } from '@cter/domain';
import { tables } from '../adapters/environment';
import { InformingRepository } from '../adapters/informing-repository';
import { currentInforming, informingReviewTask, reviewDue } from '../domain/informing';
import { scheduledJob } from './scheduled-job';

const informing = new InformingRepository(tables);

export const handler = scheduledJob('informing-review', async ({ now }) => {
  const due = await informing.dueReviews(amsterdamDate(now));
  const opened: string[] = [];
  let dropped = 0;
  for (const review of due) {
    const current = currentInforming(await informing.list(review.caseId));
    if (!current || current.informingId !== review.informingId || !reviewDue(current, now)) {
      await informing.dropReview(review);
      dropped += 1;
      continue;
    }
    const task = informingReviewTask(current, randomUUID(), now);
    await informing.openReviewTask(task, review);
    logger.info('informing review due', { caseId: review.caseId, taskId: task.taskId });
    opened.push(task.taskId);
  }
  return { ranAt: now.toISOString(), due: due.length, opened: opened.length, dropped };
});

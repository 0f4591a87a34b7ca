// Called when a human step's deadline passed: the open task expires, so nobody can
// still decide it, and the overdue step is reported for escalation (and counted: TasksOverdue).
import { expireTasksInput } from '@cter/routes/steps';
import { BUSINESS_METRICS } from '@cter/config';
import { logger } from '@cter/http';
import { countMetric } from '@cter/http/metrics';
import { tasks } from '../adapters/environment';
import { workflowStep } from './step';

export const handler = workflowStep('expire-tasks', expireTasksInput, async (input) => {
  const expired = await tasks.expire(input.caseId, (t) => t.stateName === input.stateName, 'overdue');
  // Counted also when nothing was left open (a decision just came in): a zero keeps the series continuous.
  countMetric(BUSINESS_METRICS.tasksOverdue, expired.length);
  logger.warn('decision overdue', { caseId: input.caseId, kind: input.kind, expired: expired.length, errorType: input.error?.Error ?? 'States.Timeout' });
  return { overdue: true, kind: input.kind, expired: expired.map((t) => t.taskId) };
});

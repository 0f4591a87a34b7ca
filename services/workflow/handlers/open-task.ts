// Called by a `.waitForTaskToken` state: records the human step as an open task of the case; the
// execution waits until a partner decides it through the API, or the deadline passes. Open tasks are
// in the open-task index (GET /tasks) until decided or expired.
import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import { ORGANISATION_TYPES, TASK_KINDS } from '@cter/config';
import { cases, tasks } from '../adapters/environment';
import { openTask } from '../domain/task';
import { workflowStep } from './step';

const OpenTaskEvent = z.object({
  caseId: z.uuid(),
  kind: z.enum(TASK_KINDS),
  taskToken: z.string().check(z.minLength(1)),
  executionArn: z.string().check(z.minLength(1)),
  stateName: z.string().check(z.minLength(1)),
  timeoutSeconds: z.number().check(z.refine(Number.isInteger), z.gt(0)),
  topic: z.optional(z.string()),
  assignees: z.optional(z.array(z.enum(ORGANISATION_TYPES))),
  allowedOutcomes: z.optional(z.array(z.string())),
});

export const handler = workflowStep('open-task', OpenTaskEvent, async (input) => {
  const task = openTask(input, randomUUID(), new Date());
  // The case's municipality narrows the task lists of municipalities (GET /tasks).
  await tasks.put(task, (await cases.get(input.caseId))?.municipality);
  return { taskId: task.taskId, dueAt: task.dueAt };
});

// Called by a `.waitForTaskToken` state: records the human step as an open task of the case; the
// execution waits until a partner decides it through the API, or the deadline passes. Open tasks are
// in the open-task index (GET /tasks) until decided or expired. Step Functions retries a failed or
// timed-out invocation with the same task token: the task id is derived from the token, so a retry
// finds the task it already wrote instead of opening a second one.
import { createHash } from 'node:crypto';
import { openTaskInput } from '@cter/routes/steps';
import { cases, tasks } from '../adapters/environment';
import { openTask } from '../domain/task';
import { workflowStep } from './step';

/** A UUID (version 5 layout) from the task token: the same step entry always gets the same task id. */
function taskIdOf(token: string): string {
  const hex = createHash('sha256').update(`cter-task:${token}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const handler = workflowStep('open-task', openTaskInput, async (input) => {
  const task = openTask(input, taskIdOf(input.taskToken), new Date());
  try {
    // The case's municipality narrows the task lists of municipalities (GET /tasks).
    await tasks.put(task, (await cases.get(input.caseId))?.municipality);
  } catch (error) {
    // A retry of this invocation: the task is there already.
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
  }
  return { taskId: task.taskId, dueAt: task.dueAt };
});

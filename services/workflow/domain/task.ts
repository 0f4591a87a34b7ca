// Human steps of the work process (taken by partner organisations) as tasks: who may take one,
// which outcomes it allows, and what a decision on it must satisfy. Pure logic.
import { TASK_SETTINGS, type OrganisationType, type TaskKind } from '@cter/config';
import { Conflict, NotAllowed, ValidationFailed } from '@cter/domain';
import type { Caller } from '@cter/access';
import type { TaskRecord } from '@cter/case-store';

export type { TaskRecord } from '@cter/case-store';

export interface OpenTaskInput {
  caseId: string;
  kind: TaskKind;
  taskToken: string;
  executionArn: string;
  stateName: string;
  timeoutSeconds: number;
  topic?: string;
  assignees?: OrganisationType[];
  allowedOutcomes?: string[];
}

export function openTask(input: OpenTaskInput, taskId: string, now: Date): TaskRecord {
  const settings = TASK_SETTINGS[input.kind];
  const allowedOutcomes = input.allowedOutcomes?.length ? input.allowedOutcomes : [...settings.outcomes];
  if (allowedOutcomes.length === 0) throw new Error(`task kind ${input.kind} needs allowed outcomes`);
  return {
    taskId,
    caseId: input.caseId,
    kind: input.kind,
    title: settings.title,
    ...(input.topic ? { topic: input.topic } : {}),
    assignees: input.assignees?.length ? input.assignees : [...settings.assignees],
    allowedOutcomes,
    status: 'open',
    createdAt: now.toISOString(),
    dueAt: new Date(now.getTime() + input.timeoutSeconds * 1000).toISOString(),
    executionArn: input.executionArn,
    stateName: input.stateName,
    token: input.taskToken,
  };
}

/** May the caller take this task? A municipality only for cases of its own municipality. */
export function mayTake(caller: Caller, task: TaskRecord, caseMunicipality: string): boolean {
  const type = caller.organisation.type;
  if (!task.assignees.includes(type)) return false;
  return type !== 'municipality' || caller.organisation.municipality === caseMunicipality;
}

/** Checks a decision against the pending task: 409 when not pending, 403 when not the caller's, 422 for an outcome not allowed. */
export function checkDecision(task: TaskRecord, caller: Caller, caseMunicipality: string, outcome: string): void {
  if (task.status !== 'open') throw new Conflict(`task ${task.taskId} is not pending (it is ${task.status})`);
  if (!mayTake(caller, task, caseMunicipality)) throw new NotAllowed(`organisation ${caller.organisation.id} may not take task ${task.kind}`);
  if (!task.allowedOutcomes.includes(outcome)) {
    throw new ValidationFailed('the outcome is not allowed for this task', [{ path: 'outcome', message: `one of ${task.allowedOutcomes.join(', ')}` }]);
  }
}

/** The task as partners see it: no token. */
export function taskView(task: TaskRecord) {
  const { token: _token, executionArn: _execution, ...view } = task;
  return view;
}

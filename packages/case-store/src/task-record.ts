// A task of the work process as stored beside its case (pk CASE#<caseId>, sk TASK#<taskId>): the
// workflow opens and decides tasks, the covenant opens informing reviews and closes them.
import type { OrganisationType, TaskKind } from '@cter/config';

export type TaskStatus = 'open' | 'done' | 'expired';

export interface TaskRecord {
  taskId: string;
  caseId: string;
  kind: TaskKind;
  title: string;
  /** What the task is about within its kind: the contributing partner, a release element. */
  topic?: string;
  assignees: OrganisationType[];
  allowedOutcomes: string[];
  status: TaskStatus;
  createdAt: string;
  dueAt: string;
  executionArn: string;
  stateName: string;
  /** The Step Functions task token: never leaves the service. */
  token: string;
  outcome?: string;
  decidedBy?: string;
  decidedAt?: string;
  /** Why an expired task expired: its deadline passed, or the case left the region. */
  expiredBecause?: 'overdue' | 'case-left' | 'case-detained';
}

/** The key of a task beside its case. */
export const taskKey = (caseId: string, taskId: string) => ({ pk: `CASE#${caseId}`, sk: `TASK#${taskId}` });

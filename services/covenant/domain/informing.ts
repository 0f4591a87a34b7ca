// Informing the person (article 15): by default the person is informed; an exception (ongoing
// investigation, safety) is recorded with its reason and a review date, and a review that falls
// due becomes a task of the municipality. Pure logic.
import { TASK_SETTINGS } from '@cter/config';
import { amsterdamDate, byCodeUnits, ValidationFailed, type InformingRequest } from '@cter/domain';
import type { TaskRecord } from '@cter/case-store';

export interface InformingRecord {
  informingId: string;
  caseId: string;
  kind: InformingRequest['kind'];
  informedAt?: string;
  channel?: string;
  note?: string;
  ground?: string;
  reason?: string;
  /** ISO date (Europe/Amsterdam) on which a deferral is reviewed. */
  reviewAt?: string;
  recordedAt: string;
  recordedBy: string;
  covenantVersion: string;
}

const CLOCK_SKEW_MS = 5 * 60_000;

export function recordInforming(input: { informingId: string; caseId: string; request: InformingRequest; organisationId: string; now: Date; covenantVersion: string }): InformingRecord {
  const { request, now } = input;
  const base = { informingId: input.informingId, caseId: input.caseId, recordedAt: now.toISOString(), recordedBy: input.organisationId, covenantVersion: input.covenantVersion };
  if (request.kind === 'informed') {
    if (new Date(request.informedAt).getTime() > now.getTime() + CLOCK_SKEW_MS) throw new ValidationFailed('a moment in the future', [{ path: 'informedAt', message: 'must not lie in the future' }]);
    return { ...base, kind: 'informed', informedAt: new Date(request.informedAt).toISOString(), channel: request.channel, ...(request.note ? { note: request.note } : {}) };
  }
  if (request.reviewAt <= amsterdamDate(now)) throw new ValidationFailed('the review date has passed', [{ path: 'reviewAt', message: `must lie after today (${amsterdamDate(now)})` }]);
  return { ...base, kind: 'deferred', ground: request.ground, reason: request.reason, reviewAt: request.reviewAt };
}

/** The informing record in force: the last one recorded. */
export function currentInforming(records: readonly InformingRecord[]): InformingRecord | undefined {
  return [...records].sort((a, b) => byCodeUnits(a.recordedAt, b.recordedAt)).at(-1);
}

/** Whether the review of a deferral is due on the Dutch day of `now` (the review date has come). */
export function reviewDue(record: InformingRecord, now: Date): boolean {
  return record.kind === 'deferred' && record.reviewAt !== undefined && record.reviewAt <= amsterdamDate(now);
}

/**
 * The task a due review becomes: the municipality of the case decides again, by recording that the
 * person was informed or a renewed deferral (POST /cases/{caseId}/informing), which closes the task.
 * It belongs to no execution of the work process, so it has no task token.
 */
export function informingReviewTask(record: InformingRecord, taskId: string, now: Date): TaskRecord {
  const settings = TASK_SETTINGS['informing-review'];
  return {
    taskId,
    caseId: record.caseId,
    kind: 'informing-review',
    title: settings.title,
    topic: record.informingId,
    assignees: [...settings.assignees],
    allowedOutcomes: [...settings.outcomes],
    status: 'open',
    createdAt: now.toISOString(),
    dueAt: new Date(now.getTime() + settings.deadlineDays * 86_400_000).toISOString(),
    executionArn: '',
    stateName: 'informing-review',
    token: '',
  };
}

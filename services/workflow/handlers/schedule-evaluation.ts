// Computes the due date of the next evaluation of a case. While monitoring, an adopted plan of action
// sets the rhythm after its target groups (young people and detainees sooner, see the measures
// service's evaluation-schedule.ts); without one, and in aftercare, the region's settings do.
// In `release` mode (the detention track) it answers how long to wait for the release, read from the
// case now and capped at a week: a number of seconds, so the date stays out of the execution history
// and a changed release date is met at the next step.
import * as z from 'zod/mini';
import { WORKFLOW_SETTINGS } from '@cter/config';
import { nextEvaluationDue } from '@cter/measures/adapters';
import { requiredEnv } from '@cter/store';
import { cases } from '../adapters/environment';
import { workflowStep } from './step';
import { systemAudit } from './system-audit';

const ScheduleEvent = z.union([
  z.object({ caseId: z.uuid(), mode: z.enum(['monitoring', 'aftercare']), cycle: z.number().check(z.refine(Number.isInteger), z.gte(0)) }),
  z.object({ caseId: z.uuid(), mode: z.literal('release') }),
]);
const casesTable = requiredEnv('CASES_TABLE');
/** The longest single wait for a release: a week. */
export const RELEASE_WAIT_CAP_SECONDS = 7 * 86_400;

export const handler = workflowStep('schedule-evaluation', ScheduleEvent, async (input) => {
  const now = new Date();
  if (input.mode === 'release') {
    const record = await cases.get(input.caseId);
    if (!record) throw new Error(`case ${input.caseId} not found`);
    await cases.recordRead(systemAudit(input.caseId, 'read', ['signal'], 'case-work', 'schedule-evaluation'));
    const release = record.detention ? Date.parse(record.detention.releaseDate) : now.getTime();
    return { waitSeconds: Math.min(RELEASE_WAIT_CAP_SECONDS, Math.max(0, Math.ceil((release - now.getTime()) / 1000))) };
  }
  if (input.mode === 'monitoring') {
    const due = await nextEvaluationDue(casesTable, input.caseId, input.cycle, now);
    if (due) {
      // The plan's target groups are personal data: reading them is audited like any other read.
      await cases.recordRead(systemAudit(input.caseId, 'read', ['plan'], 'case-work', 'schedule-evaluation'));
      return { caseId: input.caseId, mode: input.mode, cycle: input.cycle + 1, dueAt: due.dueAt };
    }
  }
  const days = input.mode === 'aftercare' ? WORKFLOW_SETTINGS.aftercareEvaluationIntervalDays : WORKFLOW_SETTINGS.evaluationIntervalDays;
  return { caseId: input.caseId, mode: input.mode, cycle: input.cycle + 1, dueAt: new Date(now.getTime() + days * 86_400_000).toISOString() };
});

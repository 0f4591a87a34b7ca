// Computes the due date of the next evaluation of a case. While monitoring, an adopted plan of action
// sets the rhythm after its target groups (young people and detainees sooner, see the measures
// service's evaluation-schedule.ts); without one, and in aftercare, the region's settings do.
// Under supervision after a release from detention, the supervision interval sets the rhythm.
// In `release` mode (the detention track) it answers what the track does next, read from the case
// now: wait (seconds, capped, so a moved release date is met within the cap), hold the
// resocialisation consultation (MAR), chain to the next turn (bounded per execution) or released.
// Numbers and words only, so the release date stays out of the execution history.
import { scheduleEvaluationInput } from '@cter/routes/steps';
import { WORKFLOW_SETTINGS } from '@cter/config';
import { nextEvaluationDue } from '@cter/case-store';
import { ENV } from '@cter/config';
import { requiredEnv } from '@cter/store';
import { cases } from '../adapters/environment';
import { releaseStep } from '../domain/release';
import { workflowStep } from './step';
import { systemAudit } from './system-audit';

const casesTable = requiredEnv(ENV.casesTable);
const DAY_MS = 86_400_000;

export const handler = workflowStep('schedule-evaluation', scheduleEvaluationInput, async (input) => {
  const now = new Date();
  if (input.mode === 'release') {
    const record = await cases.get(input.caseId);
    if (!record) throw new Error(`case ${input.caseId} not found`);
    await cases.recordRead(systemAudit(input.caseId, 'read', ['signal'], 'case-work', 'schedule-evaluation'));
    // Turn n of the track ends (n + 1) bounds after the detention began (at registration: the case's opening).
    const turnEnds = Date.parse(record.detention?.since ?? record.createdAt) + (input.turn + 1) * WORKFLOW_SETTINGS.detentionExecutionMaxDays * DAY_MS;
    return releaseStep(record.detention, input.marHeld, turnEnds, now.getTime());
  }
  if (input.mode === 'monitoring') {
    const record = await cases.get(input.caseId);
    if (record?.supervision && record.supervision.until > now.toISOString()) {
      await cases.recordRead(systemAudit(input.caseId, 'read', ['process'], 'case-work', 'schedule-evaluation'));
      return { caseId: input.caseId, mode: input.mode, cycle: input.cycle + 1, dueAt: new Date(now.getTime() + WORKFLOW_SETTINGS.supervisionEvaluationIntervalDays * DAY_MS).toISOString() };
    }
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

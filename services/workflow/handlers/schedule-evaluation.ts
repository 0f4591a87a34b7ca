// Computes the due date of the next evaluation of a case. While monitoring, an adopted plan of action
// sets the rhythm after its target groups (young people and detainees sooner, see the measures
// service's evaluation-schedule.ts); without one, and in aftercare, the region's settings do.
import * as z from 'zod/mini';
import { WORKFLOW_SETTINGS } from '@cter/config';
import { nextEvaluationDue } from '@cter/measures/adapters';
import { requiredEnv } from '@cter/store';
import { cases } from '../adapters/environment';
import { workflowStep } from './step';
import { systemAudit } from './system-audit';

const ScheduleEvent = z.object({ caseId: z.uuid(), mode: z.enum(['monitoring', 'aftercare']), cycle: z.number().check(z.refine(Number.isInteger), z.gte(0)) });
const casesTable = requiredEnv('CASES_TABLE');

export const handler = workflowStep('schedule-evaluation', ScheduleEvent, async (input) => {
  const now = new Date();
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

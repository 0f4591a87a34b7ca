// Computes the due date of the next evaluation of a case (monitoring or aftercare rhythm).
import * as z from 'zod/mini';
import { WORKFLOW_SETTINGS } from '@cter/config';
import { workflowStep } from './step';

const ScheduleEvent = z.object({ caseId: z.uuid(), mode: z.enum(['monitoring', 'aftercare']), cycle: z.number().check(z.refine(Number.isInteger), z.gte(0)) });

export const handler = workflowStep('schedule-evaluation', ScheduleEvent, async (input) => {
  const days = input.mode === 'aftercare' ? WORKFLOW_SETTINGS.aftercareEvaluationIntervalDays : WORKFLOW_SETTINGS.evaluationIntervalDays;
  return { caseId: input.caseId, mode: input.mode, cycle: input.cycle + 1, dueAt: new Date(Date.now() + days * 86_400_000).toISOString() };
});

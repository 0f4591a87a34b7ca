// The catch-all of every state machine: a step failed after its retries. The case is flagged as
// needing attention (with the error name, never its cause text) so the process director sees it.
import { needsAttentionInput } from '@cter/routes/steps';
import { markNeedsAttention } from '@cter/case-store';
import { logger } from '@cter/http';
import { workflowStep } from './step';
import { updateCase } from './case-updates';

export const handler = workflowStep('needs-attention', needsAttentionInput, async (input) => {
  logger.error('workflow step failed', { caseId: input.caseId, error: input.error.Error, stateName: input.stateName });
  const failure = { error: input.error.Error, ...(input.stateName ? { stateName: input.stateName } : {}) };
  const flagged = await updateCase(input.caseId, 'needs-attention', (record, at) => markNeedsAttention(record, failure, at));
  return { flagged };
});

// Target of the hand-over bus in the sending region: the receiving ZVH answered; the waiting
// transfer execution continues with that answer.
import { completeTransferInput } from '@cter/routes/steps';
import { logger } from '@cter/http';
import { ENV, regionConfig } from '@cter/config';
import { requiredEnv } from '@cter/store';
import { completeTask } from '../adapters/state-machine';
import { eventTarget } from './step';

// This function touches no table: it reads only its region, not the table environment.
const region = regionConfig(requiredEnv(ENV.regionId));

export const handler = eventTarget('complete-transfer', completeTransferInput, (answer) => answer.originCaseId, async (answer): Promise<{ completion: string }> => {
  if (answer.originRegion !== region.id) throw new Error('the answer is not for this region');
  const completion = await completeTask(answer.answerToken, { outcome: answer.outcome, receivingRegion: answer.receivingRegion, receivingCaseId: answer.receivingCaseId });
  logger.info('transfer answered', { caseId: answer.originCaseId, outcome: answer.outcome, completion });
  return { completion };
});

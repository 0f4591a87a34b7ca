// Step of the reception state machine: answers the sending region's offer (accept or refuse), so
// the sending execution, waiting on the offer's token, continues.
import { answerTransferInput } from '@cter/routes/steps';
import { cases, region } from '../adapters/environment';
import { sendHandover } from '../adapters/handover';
import { workflowStep } from './step';

export const handler = workflowStep('answer-transfer', answerTransferInput, async (input) => {
  const record = await cases.get(input.caseId);
  if (!record?.transferIn) throw new Error(`case ${input.caseId} is not an incoming transfer`);
  await sendHandover(record.transferIn.fromRegion, 'case.transfer_answered', {
    originRegion: record.transferIn.fromRegion,
    originCaseId: record.transferIn.originCaseId,
    answerToken: record.transferIn.answerToken,
    outcome: input.outcome,
    receivingRegion: region.id,
    receivingCaseId: record.caseId,
  });
  return { answered: input.outcome };
});

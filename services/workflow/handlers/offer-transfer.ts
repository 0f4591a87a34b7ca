// Step of the transfer state machine (waits for a token): offers the case to the receiving region
// with the minimal hand-over set the covenant allows for the purpose `transfer`; the execution
// waits until the receiving ZVH answers (or the deadline passes).
import * as z from 'zod/mini';
import { cases, region } from '../adapters/environment';
import { sendHandover } from '../adapters/handover';
import { workflowStep } from './step';
import { systemAudit } from './system-audit';

const OfferTransferEvent = z.object({ caseId: z.uuid(), taskToken: z.string().check(z.minLength(1)) });

export const handler = workflowStep('offer-transfer', OfferTransferEvent, async (input) => {
  const record = await cases.get(input.caseId);
  if (!record?.transfer) throw new Error(`case ${input.caseId} has no transfer to offer`);
  await sendHandover(record.transfer.toRegion, 'case.transfer_offered', {
    originRegion: region.id,
    originCaseId: record.caseId,
    originCaseNumber: record.caseNumber,
    toRegion: record.transfer.toRegion,
    toMunicipality: record.transfer.toMunicipality,
    answerToken: input.taskToken,
    handover: { subject: { name: record.subject.name, bsn: record.subject.bsn, birthDate: record.subject.birthDate } },
  });
  await cases.recordRead(systemAudit(record.caseId, 'read', ['identity'], 'transfer', 'offer-transfer'));
  return { offered: true };
});

// Step of the transfer state machine (waits for a token): offers the case to the receiving region
// with the hand-over set as the offer's disclosure recorded it (the covenant decided it with the
// offer, POST /cases/{caseId}/transfers); without that record it sends nothing and fails, so the
// case is flagged. The execution waits until the receiving ZVH answers (or the deadline passes).
import { offerTransferInput } from '@cter/routes/steps';
import { handoverSubjectOf } from '@cter/covenant-domain/handover-set';
import { getDisclosure } from '@cter/case-store';
import { requiredEnv } from '@cter/store';
import { cases, region } from '../adapters/environment';
import { sendHandover } from '../adapters/handover';
import { workflowStep } from './step';
import { systemAudit } from './system-audit';
import { ENV } from '@cter/config';

const casesTable = requiredEnv(ENV.casesTable);

export const handler = workflowStep('offer-transfer', offerTransferInput, async (input) => {
  const record = await cases.get(input.caseId);
  if (!record?.transfer) throw new Error(`case ${input.caseId} has no transfer to offer`);
  const { handover } = record.transfer;
  const disclosure = handover ? await getDisclosure(casesTable, record.caseId, handover.disclosedAt, handover.disclosureId) : undefined;
  if (!disclosure) throw new Error(`case ${input.caseId} has no recorded hand-over disclosure: nothing is sent`);
  const subject = handoverSubjectOf(disclosure, record.transfer.toRegion);
  await sendHandover(record.transfer.toRegion, 'case.transfer_offered', {
    originRegion: region.id,
    originCaseId: record.caseId,
    originCaseNumber: record.caseNumber,
    toRegion: record.transfer.toRegion,
    toMunicipality: record.transfer.toMunicipality,
    answerToken: input.taskToken,
    handover: { subject },
  });
  await cases.recordRead(systemAudit(record.caseId, 'read', ['identity'], 'transfer', 'offer-transfer'));
  return { offered: true };
});

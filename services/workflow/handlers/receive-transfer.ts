// Target of the hand-over bus in the receiving region: registers the offered case here, in state
// `transfer-requested`, so the receiving ZVH can accept or refuse it. Idempotent per offer.
import { createHash, randomUUID } from 'node:crypto';
import { receiveTransferInput } from '@cter/routes/steps';
import { openCase } from '@cter/case-store';
import { amsterdamYear } from '@cter/domain';
import { logger } from '@cter/http';
import { idempotent, requiredEnv } from '@cter/store';
import { cases, region } from '../adapters/environment';
import { eventTarget } from './step';
import { systemAudit } from './system-audit';

const casesTable = requiredEnv('CASES_TABLE');

export const handler = eventTarget('receive-transfer', receiveTransferInput, (offer) => offer.originCaseId, async (offer): Promise<{ caseId: string }> => {
  if (offer.toRegion !== region.id || !region.municipalities.some((m) => m.id === offer.toMunicipality)) throw new Error('the offer is not for this region');
  const now = new Date();
  const at = now.toISOString();
  const caseId = randomUUID();
  // One case per offer, whichever copy of the event arrives first: the offer's answer token is the
  // Idempotency-Key, claimed the same way as every write's (@cter/store `idempotent`).
  const key = createHash('sha256').update(offer.answerToken).digest('hex').slice(0, 64);
  const reply = await idempotent(
    { table: casesTable, organisationId: `transfer-${offer.originRegion}`, key, route: 'receive-transfer', request: { originCaseId: offer.originCaseId } },
    async (claim) => {
      const answer = { status: 201, body: { caseId } };
      const numbering = { prefix: region.caseNumberPrefix, year: amsterdamYear(now) };
      await cases.open(numbering, (caseNumber) => {
        const { record, event } = openCase({
          caseId,
          caseNumber,
          regionId: region.id,
          signal: {
            subject: { ...offer.handover.subject, municipality: offer.toMunicipality },
            reason: `Transfer from ${offer.originRegion} (${offer.originCaseNumber})`,
            reporter: { name: `ZVH ${offer.originRegion}`, phone: '0000000000' },
          },
          reportingOrganisation: 'zvh',
          at,
        });
        const received = {
          ...record,
          state: 'transfer-requested' as const,
          transferIn: { fromRegion: offer.originRegion, originCaseId: offer.originCaseId, originCaseNumber: offer.originCaseNumber, answerToken: offer.answerToken, receivedAt: at },
        };
        return {
          record: received,
          event: { ...event, type: 'transfer.received', toState: 'transfer-requested' },
          audit: systemAudit(caseId, 'write', ['identity'], 'transfer', 'receive-transfer'),
          completion: claim.completion(answer),
        };
      });
      return answer;
    },
    async (stored) => ({ status: stored.status, body: stored.ids }),
  );
  // A replayed offer answers the case the first copy registered.
  const received = String((reply.body as { caseId: string }).caseId);
  logger.info('transfer received', { caseId: received, originRegion: offer.originRegion });
  return { caseId: received };
});

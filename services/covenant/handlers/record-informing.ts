// POST /cases/{caseId}/informing: the municipality of the case (or the ZVH on its behalf) records
// that the person was informed, or an exception (ongoing investigation, safety) with its reason and
// a review date (article 15). Recording closes any open review task of the case.
import { randomUUID } from 'node:crypto';
import { NotAllowed } from '@cter/domain';
import { httpRoute } from '@cter/http';
import * as routes from '@cter/routes/covenant';
import { idempotency, tables } from '../adapters/environment';
import { InformingRepository } from '../adapters/informing-repository';
import { recordInforming } from '../domain/informing';
import { covenantVersionAt } from '@cter/covenant-domain/versions';
import { auditEntry, loadVisibleCase } from './case-access';

const informing = new InformingRepository(tables);

export const handler = httpRoute(routes.recordInforming, {
  idempotency,
  handle: async (request) => {
    const { caller, path, body } = request;
    const now = new Date();
    const { record, level } = await loadVisibleCase(caller, path.caseId, now);
    if (level === 'invited') throw new NotAllowed('invited partners do not record informing');
    const entry = recordInforming({ informingId: randomUUID(), caseId: record.caseId, request: body, organisationId: caller.organisation.id, now, covenantVersion: covenantVersionAt(now).id });
    const openReviews = await informing.openReviewTasks(record.caseId);
    await informing.record(entry, auditEntry(caller, request, record.caseId, 'write', ['informing'], 'informing-the-person', now), { tasks: openReviews, decidedBy: caller.organisation.id });
    return { status: 201, body: { ...entry, closedReviewTasks: openReviews.map((t) => t.taskId) } };
  },
});

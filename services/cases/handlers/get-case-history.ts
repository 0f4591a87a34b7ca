// GET /cases/{caseId}/history: what happened to a case, in version order; audited like a read.
import { httpRoute } from '@cter/http';
import * as routes from '@cter/routes/cases';
import { repository } from '../adapters/environment';
import { historyView } from '../domain/history-view';
import { auditEntry, loadVisibleCase } from './case-access';

export const handler = httpRoute(routes.getCaseHistory, {
  handle: async (request) => {
    const { caller, path } = request;
    // One round trip for both reads: the events are used (and the read audited) only when the case is visible.
    const [{ record, level }, events] = await Promise.all([loadVisibleCase(caller, path.caseId), repository.history(path.caseId)]);
    await repository.recordRead(auditEntry(caller, request, record.caseId, 'read', ['process'], 'case-work'));
    // Shaped per view level by an allowlist: no more than the case view shows (domain/history-view.ts).
    return { status: 200, body: { caseId: record.caseId, events: historyView(events, level, caller.organisation.id, record.admission) } };
  },
});

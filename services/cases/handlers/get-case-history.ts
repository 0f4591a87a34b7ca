// GET /cases/{caseId}/history: what happened to a case, in version order; audited like a read.
import { assertRouteAllowed } from '@cter/access';
import { CaseIdPath } from '@cter/domain';
import { httpRoute } from '@cter/http';
import { repository } from '../adapters/environment';
import { auditEntry, loadVisibleCase } from './case-access';

export const handler = httpRoute({
  route: 'GET /cases/{caseId}/history',
  path: CaseIdPath,
  handle: async (request) => {
    const { caller, path } = request;
    assertRouteAllowed(caller, request.route);
    const { record, level } = await loadVisibleCase(caller, path.caseId);
    const events = await repository.history(record.caseId);
    await repository.recordRead(auditEntry(caller, request, record.caseId, 'read', ['process'], 'case-work'));
    // Reasoning may quote the person; only full-view partners see it.
    const shaped = level === 'full' ? events : events.map(({ reasoning: _r, ...rest }) => rest);
    return { status: 200, body: { caseId: record.caseId, events: shaped } };
  },
});

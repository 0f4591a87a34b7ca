// GET /cases/{caseId}: the case, shaped to what the caller may see; every read is audited.
import { assertRouteAllowed } from '@cter/access';
import { CaseIdPath } from '@cter/domain';
import { httpRoute } from '@cter/http';
import { repository } from '../adapters/environment';
import { caseView, viewCategories } from '../domain/case';
import { auditEntry, loadVisibleCase } from './case-access';

export const handler = httpRoute({
  route: 'GET /cases/{caseId}',
  path: CaseIdPath,
  handle: async (request) => {
    const { caller, path } = request;
    assertRouteAllowed(caller, request.route);
    const { record, level } = await loadVisibleCase(caller, path.caseId);
    await repository.recordRead(auditEntry(caller, request, record.caseId, 'read', viewCategories(level), 'case-work'));
    return { status: 200, body: caseView(record, level), headers: { etag: `"${record.version}"` } };
  },
});

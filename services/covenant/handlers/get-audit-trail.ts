// GET /cases/{caseId}/audit: the audit trail of a case, for the privacy officer (functionaris
// gegevensbescherming) only: every read and write of the case's personal data, who, why and under
// which covenant version, and the destruction record once retention destroyed the case. Kept after
// destruction, so it answers for a case that no longer exists; this read is audited too.
import { assertRouteAllowed } from '@cter/access';
import { AuditTrailQuery, CaseIdPath, CaseNotFound } from '@cter/domain';
import { httpRoute } from '@cter/http';
import { AuditTrail } from '../adapters/audit-trail';
import { tables } from '../adapters/environment';
import { auditEntry, cases } from './case-access';

const trail = new AuditTrail(tables);

export const handler = httpRoute({
  route: 'GET /cases/{caseId}/audit',
  path: CaseIdPath,
  query: AuditTrailQuery,
  handle: async (request) => {
    const { caller, path, query } = request;
    assertRouteAllowed(caller, request.route);
    // The audit table is the region's own: another region's case has no trail here.
    const [page, destruction, record] = await Promise.all([
      trail.forCase(path.caseId, { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) }),
      trail.destructionOf(path.caseId),
      cases.get(path.caseId),
    ]);
    if (!record && !destruction && page.records.length === 0) throw new CaseNotFound(path.caseId);
    await trail.recordRead(auditEntry(caller, request, path.caseId, 'read', ['audit-trail'], 'privacy-supervision'));
    return {
      status: 200,
      body: {
        caseId: path.caseId,
        ...(record ? { caseNumber: record.caseNumber, state: record.state } : {}),
        records: page.records,
        ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
        ...(destruction ? { destruction } : {}),
      },
    };
  },
});

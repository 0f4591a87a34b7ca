// GET /cases/{caseId}/audit: the audit trail of a case, for the privacy officer (functionaris
// gegevensbescherming) only: every read and write of the case's personal data, who, why and under
// which covenant version, and the destruction record once retention destroyed the case. Kept after
// destruction (under the case id's keyed pseudonym, for the audit's own retention), so it answers
// for a case that no longer exists; this read is audited too, under the pseudonym for such a case.
import { CaseNotFound } from '@cter/domain';
import { httpRoute } from '@cter/http';
import * as routes from '@cter/routes/covenant';
import { PseudonymKey } from '@cter/store';
import { AuditTrail } from '../adapters/audit-trail';
import { tables } from '../adapters/environment';
import { auditExpiresAt } from '@cter/covenant-domain/retention';
import { auditEntry, cases } from './case-access';

const trail = new AuditTrail(tables);
/** The region's HMAC key: the pseudonym a destroyed case's audit is kept under. */
const keys = PseudonymKey.fromEnvironment();

export const handler = httpRoute(routes.getAuditTrail, {
  handle: async (request) => {
    const { caller, path, query } = request;
    // The audit table is the region's own: another region's case has no trail here.
    const paging = { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) };
    const [record, casePseudonym, live] = await Promise.all([cases.get(path.caseId), keys.casePseudonymOf(path.caseId), trail.forCase({ caseId: path.caseId }, paging)]);
    // A destroyed case: its records and destruction record are under the pseudonym (one more round trip, for this case only).
    const [destruction, page] = record || live.records.length > 0 ? [undefined, live] : await Promise.all([trail.destructionOf(casePseudonym), trail.forCase({ casePseudonym }, paging)]);
    if (!record && !destruction && page.records.length === 0) throw new CaseNotFound(path.caseId);
    const read = auditEntry(caller, request, path.caseId, 'read', ['audit-trail'], 'privacy-supervision');
    if (record) await trail.recordRead(read);
    // Never a raw case id again once the case item is gone: the read is recorded under the pseudonym, expiring with the rest.
    else await trail.recordPseudonymisedRead(read, casePseudonym, destruction ? Date.parse(destruction.auditExpiresAt) / 1000 : auditExpiresAt(new Date()));
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

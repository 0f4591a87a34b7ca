// GET /cases/{caseId}: the case, shaped to what the caller may see, with the items partners
// disclosed to the caller (an invited partner sees those and nothing more); every read is audited.
import { visibleCase } from '@cter/access';
import { caseWithDisclosuresTo } from '@cter/case-store';
import { httpRoute } from '@cter/http';
import * as routes from '@cter/routes/cases';
import { repository, tables } from '../adapters/environment';
import { caseView, viewCategories } from '@cter/case-store';
import { auditEntry } from './case-access';

export const handler = httpRoute(routes.getCase, {
  handle: async (request) => {
    const { caller, path } = request;
    // One query for both: the disclosures are only used (and audited) when the case is visible.
    const stored = await caseWithDisclosuresTo(tables.cases, path.caseId, caller.organisation.id);
    const { record, level } = visibleCase(caller, path.caseId, stored.record);
    const { received } = stored;
    await repository.recordRead(auditEntry(caller, request, record.caseId, 'read', viewCategories(level, received), 'case-work'));
    return { status: 200, body: caseView(record, level, received), headers: { etag: `"${record.version}"` } };
  },
});

// PATCH /cases/{caseId}: correct the recorded data of the person (rectification), conditional on
// the version the caller read; a stale version gets 409 and nothing is written.
import { NotAllowed, StaleVersion } from '@cter/domain';
import { httpRoute } from '@cter/http';
import * as routes from '@cter/routes/cases';
import { idempotency, repository } from '../adapters/environment';
import { assertRectifiable, caseView, rectifySubject } from '@cter/case-store';
import { auditEntry, loadVisibleCase } from './case-access';
import { replayCaseView } from './replay-case-view';

export const handler = httpRoute(routes.updateSubject, {
  idempotency,
  replay: replayCaseView,
  handle: async (request) => {
    const { caller, path, body } = request;
    const { record, level } = await loadVisibleCase(caller, path.caseId);
    if (level === 'invited') throw new NotAllowed('invited partners cannot correct case data');
    // Only what the caller's view shows: the ZVH cannot overwrite an address (or BSN) it cannot read.
    assertRectifiable(body.subject, level);
    if (body.version !== record.version) throw new StaleVersion(body.version, record.version);
    const { record: next, event } = rectifySubject(record, body, caller.organisation.id, new Date().toISOString());
    await repository.update(next, event, auditEntry(caller, request, record.caseId, 'write', ['identity'], 'rectification'));
    return { status: 200, body: caseView(next, level), headers: { etag: `"${next.version}"` } };
  },
});

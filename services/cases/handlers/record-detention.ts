// PUT /cases/{caseId}/detention: the directing municipality or the ZVH records that the person of a
// case in monitoring or aftercare is detained, with the expected release date (the work process then
// stops the running evaluation cycle and starts the safe re-integration track), or moves the release
// date of a detained person (a new date, an earlier release). The date stays in the case: the track
// reads it from there and never carries it in Step Functions input or history.
import { NotAllowed, StaleVersion } from '@cter/domain';
import { httpRoute } from '@cter/http';
import * as routes from '@cter/routes/cases';
import { idempotency, repository } from '../adapters/environment';
import { caseView, recordDetention } from '@cter/case-store';
import { auditEntry, loadVisibleCase } from './case-access';
import { replayCaseView } from './replay-case-view';

export const handler = httpRoute(routes.recordDetention, {
  idempotency,
  replay: replayCaseView,
  handle: async (request) => {
    const { caller, path, body } = request;
    const { record, level } = await loadVisibleCase(caller, path.caseId);
    if (level === 'invited') throw new NotAllowed('invited partners cannot record a detention');
    if (body.version !== record.version) throw new StaleVersion(body.version, record.version);
    const { record: next, event, entered } = recordDetention(record, body, caller.organisation.id, new Date().toISOString());
    await repository.update(next, event, auditEntry(caller, request, record.caseId, 'write', ['process', 'detention'], 'safe-reintegration'));
    return { status: entered ? 202 : 200, body: caseView(next, level), headers: { etag: `"${next.version}"` } };
  },
});

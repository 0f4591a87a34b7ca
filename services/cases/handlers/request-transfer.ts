// POST /cases/{caseId}/transfers: the directing municipality or the ZVH offers the case to another
// region (warme overdracht). The work process hands it over when the receiving ZVH accepts.
import { assertRouteAllowed } from '@cter/access';
import { regionConfig } from '@cter/config';
import { CaseIdPath, NotAllowed, StaleVersion, TransferRequest, ValidationFailed } from '@cter/domain';
import { httpRoute } from '@cter/http';
import { idempotency, repository } from '../adapters/environment';
import { caseView, requestTransfer } from '../domain/case';
import { auditEntry, loadVisibleCase } from './case-access';
import { replayCaseView } from './replay-case-view';

export const handler = httpRoute({
  route: 'POST /cases/{caseId}/transfers',
  idempotency,
  replay: replayCaseView,
  path: CaseIdPath,
  body: TransferRequest,
  handle: async (request) => {
    const { caller, path, body } = request;
    assertRouteAllowed(caller, request.route);
    const { record, level } = await loadVisibleCase(caller, path.caseId);
    if (level === 'invited') throw new NotAllowed('invited partners cannot transfer a case');
    if (!regionConfig(body.toRegion).municipalities.some((m) => m.id === body.toMunicipality)) {
      throw new ValidationFailed('the municipality is not served by the receiving region', [{ path: 'toMunicipality', message: `not a municipality of ${body.toRegion}` }]);
    }
    if (body.version !== record.version) throw new StaleVersion(body.version, record.version);
    const { record: next, event } = requestTransfer(record, body, caller.organisation.id, new Date().toISOString());
    await repository.update(next, event, auditEntry(caller, request, record.caseId, 'write', ['process'], 'transfer'));
    return { status: 202, body: caseView(next, level), headers: { etag: `"${next.version}"` } };
  },
});

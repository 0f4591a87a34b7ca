// POST /cases/{caseId}/transfers: the directing municipality or the ZVH offers the case to another
// region (warme overdracht). The work process hands it over when the receiving ZVH accepts. The
// hand-over set (the person's identity) is decided by the covenant in force and recorded as the
// caller's disclosure to the receiving ZVH in the same transaction as the offer; the transfer
// sends that record's items only. A refusal answers 403 with its articles and offers nothing.
import { randomUUID } from 'node:crypto';
import { regionConfig } from '@cter/config';
import { NotAllowed, StaleVersion, ValidationFailed } from '@cter/domain';
import { httpRoute } from '@cter/http';
import { handoverDisclosure } from '@cter/covenant-domain';
import { disclosureItem } from '@cter/case-store';
import * as routes from '@cter/routes/cases';
import { idempotency, repository } from '../adapters/environment';
import { caseView, requestTransfer } from '@cter/case-store';
import { auditEntry, loadVisibleCase } from './case-access';
import { replayCaseView } from './replay-case-view';

export const handler = httpRoute(routes.requestTransfer, {
  idempotency,
  replay: replayCaseView,
  handle: async (request) => {
    const { caller, path, body } = request;
    const { record, level } = await loadVisibleCase(caller, path.caseId);
    if (level === 'invited') throw new NotAllowed('invited partners cannot transfer a case');
    if (!regionConfig(body.toRegion).municipalities.some((m) => m.id === body.toMunicipality)) {
      throw new ValidationFailed('the municipality is not served by the receiving region', [{ path: 'toMunicipality', message: `not a municipality of ${body.toRegion}` }]);
    }
    if (body.version !== record.version) throw new StaleVersion(body.version, record.version);
    const at = new Date();
    const { record: offered, event } = requestTransfer(record, body, caller.organisation.id, at.toISOString());
    const { record: disclosure, decision } = handoverDisclosure({
      disclosureId: randomUUID(),
      caseId: record.caseId,
      sender: { organisationId: caller.organisation.id, type: caller.organisation.type },
      toRegion: body.toRegion,
      subject: record.subject,
      at,
      requestId: request.requestId,
    });
    const next = { ...offered, transfer: { ...offered.transfer!, handover: { disclosureId: disclosure.disclosureId, disclosedAt: disclosure.disclosedAt } } };
    const audit = { ...auditEntry(caller, request, record.caseId, 'write', ['process', 'identity'], 'transfer', at), covenantVersion: decision.covenantVersion };
    await repository.update(next, event, audit, [disclosureItem(disclosure)]);
    return { status: 202, body: caseView(next, level), headers: { etag: `"${next.version}"` } };
  },
});

// GET /cases/{caseId}/consultations: the consultations of a case as the caller may see them: all of
// them for core partners, the ZVH and the specialist R&E, the ones it attends for an invited partner.
// Agenda and outcome are personal data of the case: every read is audited.
import { httpRoute } from '@cter/http';
import * as routes from '@cter/routes/cases';
import { consultations, repository } from '../adapters/environment';
import { visibleConsultations } from '../domain/consultation';
import { auditEntry, loadVisibleCase } from './case-access';

export const handler = httpRoute(routes.listConsultations, {
  handle: async (request) => {
    const { caller, path } = request;
    // One round trip for both reads: the consultations are used (and the read audited) only when the case is visible.
    const [{ record, level }, all] = await Promise.all([loadVisibleCase(caller, path.caseId), consultations.list(path.caseId)]);
    const shown = visibleConsultations(all, level, caller.organisation.id);
    await repository.recordRead(auditEntry(caller, request, record.caseId, 'read', ['consultation'], 'case-consultation'));
    return { status: 200, body: { caseId: record.caseId, consultations: shown } };
  },
});

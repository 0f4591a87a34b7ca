// POST /cases/{caseId}/consultations/{consultationId}/outcome: after the consultation took place, the
// process director or the directing municipality records its outcome and the decisions taken in it,
// once: the held consultation, the case's next version, its history event and the audit record in
// one transaction.
import { randomUUID } from 'node:crypto';
import { NotAllowed, NotFound } from '@cter/domain';
import { httpRoute } from '@cter/http';
import * as routes from '@cter/routes/cases';
import { consultations, idempotency, repository } from '../adapters/environment';
import { heldConsultation } from '../adapters/consultation-repository';
import { checkDecisionOwners, recordConsultationOutcome } from '../domain/consultation';
import { auditEntry, loadVisibleCase, retryingStale } from './case-access';

export const handler = httpRoute(routes.recordConsultationOutcome, {
  idempotency,
  handle: async (request) => {
    const { caller, path, body } = request;
    return retryingStale(async () => {
      const { record, level } = await loadVisibleCase(caller, path.caseId);
      if (level === 'invited') throw new NotAllowed('invited partners do not record consultations');
      const at = new Date().toISOString();
      checkDecisionOwners(record, body, at);
      const consultation = await consultations.get(record.caseId, path.consultationId);
      if (!consultation) throw new NotFound(`consultation ${path.consultationId} not found`);
      const held = recordConsultationOutcome(record, consultation, body, caller.organisation.id, at, randomUUID);
      await repository.update(held.record, held.event, auditEntry(caller, request, record.caseId, 'write', ['consultation'], 'case-consultation'), [], heldConsultation(held.consultation));
      return { status: 200, body: held.consultation };
    });
  },
});

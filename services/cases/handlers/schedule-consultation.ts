// POST /cases/{caseId}/consultations: the process director or the directing municipality schedules a
// case consultation (date, attendees, agenda). The case's next version, its `consultation.scheduled`
// history event, the audit record and the consultation are written in one transaction.
import { randomUUID } from 'node:crypto';
import { NotAllowed } from '@cter/domain';
import { httpRoute } from '@cter/http';
import * as routes from '@cter/routes/cases';
import { idempotency, repository } from '../adapters/environment';
import { consultationItem } from '../adapters/consultation-repository';
import { scheduleConsultation } from '../domain/consultation';
import { auditEntry, loadVisibleCase, retryingStale } from './case-access';

export const handler = httpRoute(routes.scheduleConsultation, {
  idempotency,
  handle: async (request) => {
    const { caller, path, body } = request;
    const consultationId = randomUUID();
    return retryingStale(async () => {
      const { record, level } = await loadVisibleCase(caller, path.caseId);
      if (level === 'invited') throw new NotAllowed('invited partners do not schedule consultations');
      const scheduled = scheduleConsultation(record, body, consultationId, caller.organisation.id, new Date().toISOString());
      await repository.update(scheduled.record, scheduled.event, auditEntry(caller, request, record.caseId, 'write', ['consultation'], 'case-consultation'), [consultationItem(scheduled.consultation)]);
      return { status: 201, body: scheduled.consultation, headers: { location: `/cases/${record.caseId}/consultations/${consultationId}` } };
    });
  },
});

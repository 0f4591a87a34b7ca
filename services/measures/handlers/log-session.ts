// POST /cases/{caseId}/measures/{measureId}/sessions: a ONE-on-ONE mentor logs a session with their
// own mentee. The caller is the mentoring organisation's role, assumed with the mentor's id as the
// role session name (mentor-principal.ts); that mentor must be the one matched to this measure.
import { randomUUID } from 'node:crypto';
import { amsterdamDate, Conflict, NotAllowed } from '@cter/domain';
import { httpRoute } from '@cter/http';
import { assertOwner } from '@cter/measures-domain/measure-lifecycle';
import { mentorSessionOf } from '@cter/measures-domain/mentor-principal';
import { logSession } from '@cter/measures-domain/sessions';
import * as routes from '@cter/routes/measures';
import { checkPlan, putSession } from '@cter/case-store';
import { casesTable, idempotency } from '../adapters/environment';
import * as measures from '../adapters/measures-repository';
import { auditEntry, onMeasure } from './measure-access';

export const handler = httpRoute(routes.logSession, {
  idempotency,
  handle: async (request) => {
    const { caller, body } = request;
    const { sessionId = randomUUID(), ...session } = body;
    // The mentor is the signed role session; the matched mentor only (logSession), never a body field.
    const mentorId = mentorSessionOf(caller);
    if (mentorId === undefined) throw new NotAllowed('a session is logged by its mentor: sign as the role session named by the mentor id');

    return onMeasure(request, async ({ record, stored, measure }) => {
      assertOwner(measure, caller.organisation.id, 'log its sessions');
      // The log lives in its own items; uniqueness of the session id is the store's condition.
      const logged = { ...logSession([], measure, { sessionId, ...session }, mentorId, amsterdamDate(new Date()))[0]!, authorOrganisationId: caller.organisation.id };
      try {
        await measures.write([checkPlan(casesTable, record.caseId, stored.rev), putSession(casesTable, record.caseId, logged)], auditEntry(caller, request, record.caseId, 'write', ['mentoring-sessions'], 'mentoring'));
      } catch (error) {
        if (error instanceof measures.WriteRefused && error.failedAt(1) && !error.failedAt(0)) throw new Conflict(`session ${sessionId} is logged already`);
        throw error;
      }
      return { status: 201, body: { caseId: record.caseId, measureId: measure.measureId, session: logged } };
    });
  },
});

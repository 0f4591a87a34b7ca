// POST /cases/{caseId}/measures/{measureId}/sessions: a ONE-on-ONE mentor logs a session with their
// own mentee. The caller is the mentoring organisation (it signs); `mentorId` names the mentor, whom
// the organisation's system vouches for, and must be the mentor matched to this measure.
import { randomUUID } from 'node:crypto';
import { Conflict } from '@cter/domain';
import { httpRoute } from '@cter/http';
import { CaseMeasurePath } from '../domain/contract/paths';
import { SessionRequest } from '../domain/contract/session';
import { dateInAmsterdam } from '../domain/dates';
import { assertOwner } from '../domain/measure-lifecycle';
import { logSession } from '../domain/sessions';
import { WriteRefused } from '../adapters/measures-repository';
import { checkPlan, putSession } from '../adapters/writes';
import { casesTable, idempotency, measures } from '../adapters/environment';
import { auditEntry, onMeasure } from './measure-access';

export const handler = httpRoute({
  route: 'POST /cases/{caseId}/measures/{measureId}/sessions',
  idempotency,
  path: CaseMeasurePath,
  body: SessionRequest,
  handle: async (request) => {
    const { caller, body } = request;
    const { mentorId, sessionId = randomUUID(), ...session } = body;

    return onMeasure(request, async ({ record, stored, measure }) => {
      assertOwner(measure, caller.organisation.id, 'log its sessions');
      // The log lives in its own items; uniqueness of the session id is the store's condition.
      const logged = { ...logSession([], measure, { sessionId, ...session }, mentorId, dateInAmsterdam(new Date()))[0]!, authorOrganisationId: caller.organisation.id };
      try {
        await measures.write([checkPlan(casesTable, record.caseId, stored.rev), putSession(casesTable, record.caseId, logged)], auditEntry(caller, request, record.caseId, 'write', ['mentoring-sessions'], 'mentoring'));
      } catch (error) {
        if (error instanceof WriteRefused && error.failedAt(1) && !error.failedAt(0)) throw new Conflict(`session ${sessionId} is logged already`);
        throw error;
      }
      return { status: 201, body: { caseId: record.caseId, measureId: measure.measureId, session: logged } };
    });
  },
});

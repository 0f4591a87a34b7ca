// POST /cases/{caseId}/measures/{measureId}/notes: the owner organisation records progress on its
// measure. Notes are content: other participants see the measure's status, not its notes.
import { randomUUID } from 'node:crypto';
import { Conflict } from '@cter/domain';
import { httpRoute } from '@cter/http';
import { addProgressNote } from '@cter/measures-domain/progress-notes';
import * as routes from '@cter/routes/measures';
import { withMeasure } from '@cter/measures-domain/plan';
import { checkPlan, putNote, putPlan } from '@cter/case-store';
import { casesTable, idempotency } from '../adapters/environment';
import * as measures from '../adapters/measures-repository';
import { actionContext, auditEntry, onMeasure } from './measure-access';
import { assertNotMentor } from './mentor-caller';

export const handler = httpRoute(routes.addProgressNote, {
  idempotency,
  handle: async (request) => {
    const { caller, body } = request;
    const noteId = body.noteId ?? randomUUID();

    await assertNotMentor(caller);
    return onMeasure(request, async ({ record, stored, measure: current }) => {
      // Notes live in their own items; uniqueness of the note id is the store's condition.
      const measure = { ...current, notes: [] };
      const note = addProgressNote(measure, { noteId, text: body.text }, actionContext(caller)).notes[0]!;
      // The first note marks the measure in the plan, so no revision gives it another owner (plan.ts);
      // later notes only check that the plan is still the one read.
      const plan = current.contentWritten ? undefined : withMeasure(stored.plan, { ...current, contentWritten: true });
      const planItem = plan ? putPlan(casesTable, { ...stored, plan, rev: stored.rev + 1 }, stored.rev) : checkPlan(casesTable, record.caseId, stored.rev);
      try {
        await measures.write([planItem, putNote(casesTable, record.caseId, measure.measureId, note)], auditEntry(caller, request, record.caseId, 'write', ['measure-content'], 'measure-execution'));
      } catch (error) {
        if (error instanceof measures.WriteRefused && error.failedAt(1) && !error.failedAt(0)) throw new Conflict(`note ${noteId} exists already`);
        throw error;
      }
      return { status: 201, body: { caseId: record.caseId, measureId: measure.measureId, note } };
    });
  },
});

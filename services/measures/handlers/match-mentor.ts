// POST /cases/{caseId}/measures/{measureId}/mentor: the ONE-on-ONE organisation matches the young
// person to a mentor of the region's pool (or to the mentor it names). The place is taken in the
// same transaction, conditional on a free place, so two matches cannot fill one place twice.
import { NotFound } from '@cter/domain';
import { httpRoute } from '@cter/http';
import { assignMentor } from '@cter/measures-domain/mentor-assignment';
import { freePlaces, matchMentor, NoMentorCapacity, type MentorMatch } from '@cter/measures-domain/mentors';
import { withMeasure } from '@cter/measures-domain/plan';
import * as routes from '@cter/routes/measures';
import { putPlan, releaseMentorPlace, takeMentorPlace } from '@cter/case-store';
import { casesTable, idempotency, region } from '../adapters/environment';
import * as measures from '../adapters/measures-repository';
import { actionContext, auditEntry, onMeasure } from './measure-access';
import { assertNotMentor } from './mentor-caller';

export const handler = httpRoute(routes.matchMentor, {
  idempotency,
  handle: async (request) => {
    const { caller, body } = request;
    await assertNotMentor(caller);
    return onMeasure(request, async ({ record, stored, measure }) => {
      const context = actionContext(caller);
      // Checks owner, measure type and that it has not ended before any mentor is looked at.
      assignMentor(measure, { mentorId: measure.mentorId ?? 'pending' }, context);
      let match: MentorMatch;
      if (body.mentorId !== undefined) {
        const mentor = await measures.getMentor(body.mentorId);
        if (!mentor || mentor.regionId !== region.id) throw new NotFound(`mentor ${body.mentorId} is not in the pool of ${region.id}`);
        if (mentor.mentorId !== measure.mentorId && freePlaces(mentor) === 0) throw new NoMentorCapacity(region.id, 1);
        match = { mentorId: mentor.mentorId, reasons: ['chosen by the ONE-on-ONE programme', `has capacity: ${freePlaces(mentor)} of ${mentor.capacity} places free`], unmetPreferences: [], freePlacesBefore: freePlaces(mentor) };
      } else {
        const pool = (await measures.mentors()).filter((m) => m.mentorId !== measure.mentorId);
        match = matchMentor({ regionId: region.id, targetGroups: stored.plan.targetGroups, preferences: body.preferences ?? {} }, pool);
      }
      if (match.mentorId === measure.mentorId) return { status: 200, body: { caseId: record.caseId, measureId: measure.measureId, ...match } };

      const matched = assignMentor(measure, { mentorId: match.mentorId }, context);
      const plan = withMeasure(stored.plan, matched);
      const items = [putPlan(casesTable, { ...stored, plan, rev: stored.rev + 1 }, stored.rev), takeMentorPlace(casesTable, match.mentorId)];
      if (measure.mentorId) {
        const previous = await measures.getMentor(measure.mentorId);
        if (previous && previous.activeMentees > 0) items.push(releaseMentorPlace(casesTable, measure.mentorId));
      }
      try {
        await measures.write(items, auditEntry(caller, request, record.caseId, 'write', ['mentoring'], 'mentoring'));
      } catch (error) {
        if (error instanceof measures.WriteRefused && error.failedAt(1) && !error.failedAt(0)) throw new NoMentorCapacity(region.id, 1);
        throw error;
      }
      return { status: 200, body: { caseId: record.caseId, measureId: measure.measureId, ...match } };
    });
  },
});

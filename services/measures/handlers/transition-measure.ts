// POST /cases/{caseId}/measures/{measureId}/transitions: the owner starts a measure of the adopted
// plan, or ends it (completed or stopped) with a result. The event (measure.started | ended) goes to
// the outbox, and an ended measure files its de-identified evaluation record, in the same transaction.
import { httpRoute } from '@cter/http';
import { evaluationRecordOf } from '@cter/measures-domain/evaluation-export';
import { hasEnded } from '@cter/measures-domain/measure';
import { transitionMeasure } from '@cter/measures-domain/measure-lifecycle';
import { measureView } from '@cter/measures-domain/measure-view';
import { withMeasure } from '@cter/measures-domain/plan';
import { primaryTargetGroup } from '@cter/measures-domain/target-group';
import { isAgeGroup, type SituationGroup } from '@cter/measures-domain/catalogue/target-groups';
import type { TransactItem } from '@cter/case-store';
import { putEvaluationRecord, putEvents, putPlan, releaseMentorPlace } from '@cter/case-store';
import * as routes from '@cter/routes/measures';
import { casesTable, idempotency } from '../adapters/environment';
import * as measures from '../adapters/measures-repository';
import { actionContext, auditEntry, onMeasure } from './measure-access';
import { assertNotMentor } from './mentor-caller';

export const handler = httpRoute(routes.transitionMeasure, {
  idempotency,
  handle: async (request) => {
    const { caller, body } = request;
    await assertNotMentor(caller);
    return onMeasure(request, async ({ record, stored, measure: current }) => {
      const { measure, event } = transitionMeasure(current, body, actionContext(caller));
      const plan = withMeasure(stored.plan, measure);
      const items: TransactItem[] = [putPlan(casesTable, { ...stored, plan, rev: stored.rev + 1 }, stored.rev), ...putEvents(casesTable, [event])];
      if (hasEnded(measure)) {
        const ageGroup = plan.targetGroups.find(isAgeGroup) ?? 'adults';
        const situationGroups = plan.targetGroups.filter((g): g is SituationGroup => !isAgeGroup(g));
        const evaluation = evaluationRecordOf(measure, stored.personKey, primaryTargetGroup({ ageGroup, situationGroups }));
        if (evaluation) items.push(putEvaluationRecord(casesTable, evaluation));
        if (measure.mentorId) {
          const mentor = await measures.getMentor(measure.mentorId);
          if (mentor && mentor.activeMentees > 0) items.push(releaseMentorPlace(casesTable, measure.mentorId));
        }
      }
      await measures.write(items, auditEntry(caller, request, record.caseId, 'write', ['measure'], 'measure-execution'));
      return { status: 200, body: { caseId: record.caseId, event: event.type, measure: measureView(measure, { organisationId: caller.organisation.id }) } };
    });
  },
});

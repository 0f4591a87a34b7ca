// Domain events carry ids, type, region and confidentiality only; evaluation due dates follow the
// target groups of the adopted plan.
import { describe, expect, it } from 'vitest';
import { InvalidTransition } from '@cter/domain';
import { adoptPlan, dueEvaluationEvents, evaluationIntervalFor, evaluationSchedule, stopMeasure } from '../src/index';
import { activeMentoringMeasure, adoptedPlan, ctx, draftPlan } from './fixtures';

const PERSONAL = /name|bsn|birth|address|statement|note|explanation|outcome|catalogue|one-on-one-mentoring|family-support/i;

describe('measure events', () => {
  it('carry ids and type only, with deterministic ids', () => {
    const plan = draftPlan();
    const { events: assigned } = adoptPlan(plan, { decisionId: 'd', consultationId: 'c', caseId: plan.caseId, outcome: 'adopt-plan', planId: plan.planId, planVersion: 1, decidedAt: '2026-02-01T14:00:00Z' });
    const { event: ended } = stopMeasure(activeMentoringMeasure(), { endedOn: '2026-04-01', explanation: 'moved abroad' }, ctx('one-on-one'));
    for (const event of [...assigned, ended]) {
      expect(Object.keys(event).join(' ')).not.toMatch(PERSONAL);
      expect(JSON.stringify(Object.values(event))).not.toMatch(PERSONAL);
      expect(event.confidentiality).toBe('confidential');
    }
    expect(assigned[0]!.eventId).toBe(`${plan.caseId}/m-mentor/v1/measure.assigned`);
    expect(Object.keys(ended).sort()).toEqual(['caseId', 'confidentiality', 'eventId', 'measureId', 'occurredAt', 'ownerOrganisationId', 'regionId', 'type']);
  });
});

describe('evaluation due dates', () => {
  it('follow the tightest interval of the plan\'s target groups', () => {
    expect(evaluationIntervalFor(['adults'])).toEqual({ firstAfterWeeks: 12, thenEveryWeeks: 13 });
    expect(evaluationIntervalFor(['adults', 'detainees-and-returnees'])).toEqual({ firstAfterWeeks: 4, thenEveryWeeks: 8 });
  });

  it('count from the adoption of the plan version', () => {
    // Adopted 2026-02-01; minors: first after 6 weeks, then every 8.
    expect(evaluationSchedule(adoptedPlan(), 3)).toEqual([
      { evaluationNumber: 1, dueOn: '2026-03-15' },
      { evaluationNumber: 2, dueOn: '2026-05-10' },
      { evaluationNumber: 3, dueOn: '2026-07-05' },
    ]);
  });

  it('are announced once each, by an event without the date or target group', () => {
    const plan = adoptedPlan();
    const schedule = evaluationSchedule(plan, 3);
    const events = dueEvaluationEvents(plan, schedule, '2026-05-10', [1], '2026-05-10T06:00:00Z');
    expect(events).toEqual([
      {
        eventId: `${plan.caseId}/${plan.planId}/v1/evaluation-2/evaluation.due`,
        type: 'evaluation.due',
        occurredAt: '2026-05-10T06:00:00Z',
        regionId: 'kennemerland',
        caseId: plan.caseId,
        planId: plan.planId,
        planVersion: 1,
        evaluationNumber: 2,
        confidentiality: 'confidential',
      },
    ]);
  });

  it('exist only for an adopted version', () => {
    expect(() => evaluationSchedule(draftPlan())).toThrow(InvalidTransition);
  });
});

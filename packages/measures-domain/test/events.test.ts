// Domain events carry ids, type, region and confidentiality only; evaluation intervals follow the
// target groups of the adopted plan.
import { describe, expect, it } from 'vitest';
import { adoptPlan, evaluationIntervalFor } from '../src/index';
import { activeMentoringMeasure, adoptedPlan, ctx, draftPlan, stopMeasure } from './fixtures';

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
});

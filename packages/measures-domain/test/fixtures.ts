// Test data builders for the measures domain: a young person's plan in Kennemerland, adopted,
// with ids unique per call so tests never share state.
import { randomUUID } from 'node:crypto';
import { adoptPlan, type ActionContext, type CreatePlanRequest, createPlan, type Measure, type MeasureOutcome, type Plan, transitionMeasure } from '../src/index';

export const MUNICIPALITY = { organisationId: 'gemeente-haarlem', organisationType: 'municipality' } as const;
export const MENTORING = { organisationId: 'one-on-one', organisationType: 'mentoring' } as const;
export const GGZ = { organisationId: 'ggz', organisationType: 'mental-health-care' } as const;
export const YOUTH_CARE = { organisationId: 'jeugdzorg', organisationType: 'youth-care' } as const;

export function ctx(organisationId: string, at = '2026-02-01T10:00:00Z'): ActionContext {
  return { actor: { organisationId }, at };
}

export function planRequest(overrides: Partial<CreatePlanRequest> = {}): CreatePlanRequest {
  return {
    planId: `plan-${randomUUID().slice(0, 8)}`,
    caseId: randomUUID(),
    regionId: 'kennemerland',
    targetGroups: ['minors'],
    goals: [
      { goalId: 'g-1', lifeDomain: 'education-and-work', statement: 'Attends school four days a week' },
      { goalId: 'g-2', lifeDomain: 'social-network', statement: 'Heeft twee vrienden buiten het extremistische netwerk' },
    ],
    measures: [
      { measureId: 'm-mentor', catalogueId: 'one-on-one-mentoring', owner: MENTORING, goalIds: ['g-2'], start: '2026-02-15', plannedEnd: '2027-02-15' },
      { measureId: 'm-family', catalogueId: 'family-support', owner: YOUTH_CARE, goalIds: ['g-1'], start: '2026-02-15', plannedEnd: '2026-08-15' },
    ],
    ...overrides,
  };
}

export function draftPlan(overrides: Partial<CreatePlanRequest> = {}): Plan {
  return createPlan(planRequest(overrides), ctx('zvh', '2026-01-20T09:00:00Z'));
}

export function adoptedPlan(overrides: Partial<CreatePlanRequest> = {}): Plan {
  const plan = draftPlan(overrides);
  return adoptPlan(plan, {
    decisionId: 'd-1',
    consultationId: 'ico-1',
    caseId: plan.caseId,
    outcome: 'adopt-plan',
    planId: plan.planId,
    planVersion: plan.version,
    decidedAt: '2026-02-01T14:00:00Z',
  }).plan;
}

export function measureOf(plan: Plan, measureId: string): Measure {
  const measure = plan.measures.find((m) => m.measureId === measureId);
  if (!measure) throw new Error(`no measure ${measureId}`);
  return measure;
}

/** The ONE-on-ONE measure of an adopted plan, started on 2026-02-15. */
export function activeMentoringMeasure(mentorId?: string): Measure {
  const proposed = measureOf(adoptedPlan(), 'm-mentor');
  const measure = startMeasure(proposed, '2026-02-15', ctx(MENTORING.organisationId, '2026-02-15T10:00:00Z')).measure;
  return mentorId ? { ...measure, mentorId } : measure;
}

// The lifecycle commands of PATCH /cases/{caseId}/measures/{measureId}, run the way its handler runs them.
export const startMeasure = (measure: Measure, startedOn: string, context: ActionContext) => transitionMeasure(measure, { action: 'start', startedOn }, context);
export const completeMeasure = (measure: Measure, result: { endedOn: string; outcome: Exclude<MeasureOutcome, 'stopped-early'>; explanation?: string }, context: ActionContext) =>
  transitionMeasure(measure, { action: 'complete', ...result }, context);
export const stopMeasure = (measure: Measure, result: { endedOn: string; explanation?: string }, context: ActionContext) => transitionMeasure(measure, { action: 'stop', outcome: 'stopped-early', ...result }, context);

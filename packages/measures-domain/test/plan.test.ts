// Plan of action: validation against catalogue and region, adoption by a consultation decision,
// and versioning with change records that name fields, never values.
import { describe, expect, it } from 'vitest';
import { InvalidTransition, StaleVersion, ValidationFailed } from '@cter/domain';
import { adoptPlan, createPlan, type Plan, reopenPlan, revisePlan, type RevisePlanRequest, withMeasure } from '../src/index';
import { adoptedPlan, ctx, draftPlan, GGZ, measureOf, MENTORING, MUNICIPALITY, planRequest, startMeasure, YOUTH_CARE } from './fixtures';

function decisionFor(plan: Plan, overrides: Record<string, unknown> = {}) {
  return {
    decisionId: `d-${plan.version}`,
    consultationId: 'ico-1',
    caseId: plan.caseId,
    outcome: 'adopt-plan' as const,
    planId: plan.planId,
    planVersion: plan.version,
    decidedAt: '2026-02-01T14:00:00Z',
    ...overrides,
  };
}

function revision(plan: Plan, change: Partial<RevisePlanRequest> = {}): RevisePlanRequest {
  return {
    basedOnVersion: plan.version,
    targetGroups: plan.targetGroups,
    goals: plan.goals,
    measures: plan.measures.map(({ measureId, catalogueId, owner, goalIds, start, plannedEnd }) => ({ measureId, catalogueId, owner, goalIds, start, plannedEnd })),
    ...change,
  };
}

function errorDetails(fn: () => unknown): { path: string; message: string }[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationFailed) return error.details;
    throw error;
  }
  throw new Error('expected ValidationFailed');
}

describe('drafting a plan', () => {
  it('creates version 1 as a draft with proposed, unassigned measures', () => {
    const plan = draftPlan();
    expect(plan).toMatchObject({ version: 1, status: 'draft', createdBy: 'zvh', changes: [] });
    expect(plan.measures.map((m) => [m.measureId, m.status, m.assignedAt])).toEqual([
      ['m-mentor', 'proposed', undefined],
      ['m-family', 'proposed', undefined],
    ]);
  });

  it('refuses negatively phrased goals, naming the rule', () => {
    const details = errorDetails(() =>
      draftPlan({ goals: [{ goalId: 'g-1', lifeDomain: 'identity-and-ideology', statement: 'No longer visits extremist websites' }], measures: [] }),
    );
    expect(details).toEqual([{ path: 'goals.0.statement', message: expect.stringMatching(/^not positively phrased \(starts-with-negation\)/) }]);
  });

  it('refuses an owner type the measure does not allow', () => {
    const details = errorDetails(() =>
      draftPlan({ measures: [{ measureId: 'm-1', catalogueId: 'one-on-one-mentoring', owner: YOUTH_CARE, start: '2026-02-15', plannedEnd: '2026-12-01' }] }),
    );
    expect(details).toContainEqual({ path: 'measures.0.owner.organisationType', message: 'one-on-one-mentoring is owned by mentoring' });
  });

  it('refuses an owner that is not that organisation in the region', () => {
    const details = errorDetails(() =>
      draftPlan({
        measures: [{ measureId: 'm-1', catalogueId: 'education-pathway', owner: { organisationId: 'gemeente-zaanstad', organisationType: 'municipality' }, start: '2026-02-15', plannedEnd: '2026-12-01' }],
      }),
    );
    expect(details).toEqual([{ path: 'measures.0.owner.organisationId', message: 'not a municipality organisation of region kennemerland' }]);
  });

  it('refuses a measure that does not fit the target groups, or is not in the catalogue', () => {
    const details = errorDetails(() =>
      draftPlan({
        targetGroups: ['adults'],
        measures: [
          { measureId: 'm-1', catalogueId: 'one-on-one-mentoring', owner: MENTORING, start: '2026-02-15', plannedEnd: '2026-12-01' },
          { measureId: 'm-2', catalogueId: 'astrology', owner: MUNICIPALITY, start: '2026-02-15', plannedEnd: '2026-12-01' },
        ],
      }),
    );
    expect(details.map((d) => d.path)).toEqual(['measures.0.catalogueId', 'measures.1.catalogueId']);
    expect(details[0]!.message).toMatch(/is for minors, young-adults, not adults/);
  });

  it('refuses a planned end not after the start, unknown goal references and duplicate ids', () => {
    const details = errorDetails(() =>
      draftPlan({
        measures: [
          { measureId: 'm-1', catalogueId: 'family-support', owner: YOUTH_CARE, goalIds: ['g-9'], start: '2026-03-01', plannedEnd: '2026-03-01' },
          { measureId: 'm-1', catalogueId: 'family-support', owner: YOUTH_CARE, start: '2026-03-01', plannedEnd: '2026-04-01' },
        ],
      }),
    );
    expect(details.map((d) => d.path).sort()).toEqual(['measures.0.goalIds.0', 'measures.0.plannedEnd', 'measures.1.measureId']);
  });

  it('refuses a plan without exactly one age group', () => {
    expect(() => draftPlan({ targetGroups: ['mental-health'] })).toThrow(ValidationFailed);
  });
});

describe('adopting a plan', () => {
  it('adopts the named version and assigns every measure with a measure.assigned event', () => {
    const plan = draftPlan();
    const { plan: adopted, events } = adoptPlan(plan, decisionFor(plan));
    expect(adopted.status).toBe('adopted');
    expect(adopted.adoption).toEqual({ decisionId: 'd-1', consultationId: 'ico-1', adoptedAt: '2026-02-01T14:00:00Z' });
    expect(adopted.measures.every((m) => m.assignedAt === '2026-02-01T14:00:00Z')).toBe(true);
    expect(events.map((e) => [e.type, e.measureId, e.ownerOrganisationId, e.planVersion])).toEqual([
      ['measure.assigned', 'm-mentor', 'one-on-one', 1],
      ['measure.assigned', 'm-family', 'jeugdzorg', 1],
    ]);
  });

  it('refuses a decision about another version, another plan, or an adopted version', () => {
    const plan = draftPlan();
    expect(() => adoptPlan(plan, decisionFor(plan, { planVersion: 2 }))).toThrow(StaleVersion);
    expect(() => adoptPlan(plan, decisionFor(plan, { planId: 'other' }))).toThrow(ValidationFailed);
    const { plan: adopted } = adoptPlan(plan, decisionFor(plan));
    expect(() => adoptPlan(adopted, decisionFor(adopted))).toThrow(InvalidTransition);
  });
});

describe('revising a plan', () => {
  it('creates a new draft version with a change record naming fields, not values', () => {
    const v1 = adoptedPlan();
    const v2 = revisePlan(
      v1,
      revision(v1, {
        goals: [
          { goalId: 'g-1', lifeDomain: 'education-and-work', statement: 'Attends school five days a week' },
          { goalId: 'g-2', lifeDomain: 'social-network', statement: 'Heeft twee vrienden buiten het extremistische netwerk' },
          { goalId: 'g-3', lifeDomain: 'health', statement: 'Sleeps at regular hours' },
        ],
        targetGroups: ['minors', 'mental-health'],
        measures: [
          { measureId: 'm-mentor', catalogueId: 'one-on-one-mentoring', owner: MENTORING, goalIds: ['g-2'], start: '2026-02-15', plannedEnd: '2027-06-15' },
          { measureId: 'm-ggz', catalogueId: 'mental-health-treatment', owner: GGZ, goalIds: ['g-3'], start: '2026-03-01', plannedEnd: '2026-09-01' },
        ],
      }),
      ctx('zvh', '2026-03-01T09:00:00Z'),
    );
    expect(v2).toMatchObject({ version: 2, status: 'draft', inForceVersion: 1 });
    expect(v2.adoption).toBeUndefined();
    expect(v2.changes).toEqual([
      {
        fromVersion: 1,
        toVersion: 2,
        changedAt: '2026-03-01T09:00:00Z',
        changedBy: 'zvh',
        fields: [
          { field: 'targetGroups', change: 'modified' },
          { field: 'goals[g-1].statement', change: 'modified' },
          { field: 'goals[g-3]', change: 'added' },
          { field: 'measures[m-mentor].plannedEnd', change: 'modified' },
          { field: 'measures[m-ggz]', change: 'added' },
          { field: 'measures[m-family]', change: 'removed' },
        ],
      },
    ]);
    expect(JSON.stringify(v2.changes)).not.toMatch(/five days|2027-06-15|Sleeps/);
    // The unchanged measure keeps its assignment; the new one waits for the adoption of version 2.
    expect(measureOf(v2, 'm-mentor').assignedAt).toBe('2026-02-01T14:00:00Z');
    expect(measureOf(v2, 'm-ggz').assignedAt).toBeUndefined();

    const { plan: adopted, events } = adoptPlan(v2, decisionFor(v2, { decidedAt: '2026-03-02T14:00:00Z' }));
    expect(adopted.inForceVersion).toBeUndefined();
    expect(events.map((e) => e.measureId)).toEqual(['m-ggz']);
  });

  it('an adjustment reopens the adopted plan: a revision keeps it reopened, the next adoption closes it', () => {
    const v1 = adoptedPlan();
    const reopened = reopenPlan(v1, { decisionId: 'task-eval', at: '2026-05-01T10:00:00Z', by: 'zvh' });
    expect(reopened).toMatchObject({ version: 1, status: 'adopted', reopened: { decisionId: 'task-eval', by: 'zvh' } });
    const v2 = revisePlan(reopened, revision(reopened, { goals: [...reopened.goals, { goalId: 'g-home', lifeDomain: 'housing', statement: 'Woont zelfstandig met begeleiding' }] }), ctx('zvh', '2026-05-02T09:00:00Z'));
    expect(v2).toMatchObject({ version: 2, status: 'draft', inForceVersion: 1, reopened: { decisionId: 'task-eval' } });
    const { plan: adopted } = adoptPlan(v2, decisionFor(v2, { decidedAt: '2026-05-03T14:00:00Z' }));
    expect(adopted.reopened).toBeUndefined();
  });

  it('refuses a revision based on a stale version or one that changes nothing', () => {
    const v1 = adoptedPlan();
    expect(() => revisePlan(v1, revision(v1, { basedOnVersion: 3 }), ctx('zvh'))).toThrow(StaleVersion);
    expect(() => revisePlan(v1, revision(v1), ctx('zvh'))).toThrow(/changes nothing/);
  });

  it('holds a revision to the content rules of a draft, every problem at once', () => {
    const v1 = adoptedPlan();
    const goals = [...v1.goals, { goalId: 'g-1', lifeDomain: 'family' as const, statement: 'Stopt met het bezoeken van extremistische fora' }];
    const details = errorDetails(() => revisePlan(v1, revision(v1, { goals, targetGroups: ['minors', 'adults'] }), ctx('zvh')));
    expect(details.map((d) => d.path)).toEqual(['goals.2.statement', 'goals.2.goalId', 'targetGroups']);
  });

  it('keeps the history of running measures: no removal, no new owner, but a new planned end', () => {
    const v1 = adoptedPlan();
    const started = startMeasure(measureOf(v1, 'm-mentor'), '2026-02-15', ctx('one-on-one')).measure;
    const running = withMeasure(v1, started);
    const measures = revision(running).measures!;
    expect(() => revisePlan(running, revision(running, { measures: measures.filter((m) => m.measureId !== 'm-mentor') }), ctx('zvh'))).toThrow(/end it instead of removing it/);
    const movedStart = measures.map((m) => (m.measureId === 'm-mentor' ? { ...m, start: '2026-03-01' } : m));
    expect(() => revisePlan(running, revision(running, { measures: movedStart }), ctx('zvh'))).toThrow(InvalidTransition);
    const extended = measures.map((m) => (m.measureId === 'm-mentor' ? { ...m, plannedEnd: '2027-08-01' } : m));
    expect(measureOf(revisePlan(running, revision(running, { measures: extended }), ctx('zvh')), 'm-mentor')).toMatchObject({ status: 'active', plannedEnd: '2027-08-01' });
  });

  it('asks for a new assignment when a proposed measure gets another owner', () => {
    const v1 = adoptedPlan({
      measures: [{ measureId: 'm-edu', catalogueId: 'social-network-support', owner: MUNICIPALITY, start: '2026-02-15', plannedEnd: '2026-08-15' }],
    });
    const v2 = revisePlan(v1, revision(v1, { measures: [{ measureId: 'm-edu', catalogueId: 'social-network-support', owner: YOUTH_CARE, start: '2026-02-15', plannedEnd: '2026-08-15' }] }), ctx('zvh'));
    expect(v2.changes[0]!.fields).toEqual([{ field: 'measures[m-edu].owner', change: 'modified' }]);
    expect(measureOf(v2, 'm-edu').assignedAt).toBeUndefined();
    expect(adoptPlan(v2, decisionFor(v2)).events.map((e) => e.ownerOrganisationId)).toEqual(['jeugdzorg']);
  });

  it('accepts plans made with createPlan from plain request data', () => {
    expect(createPlan(planRequest(), ctx('gemeente-haarlem')).createdBy).toBe('gemeente-haarlem');
  });
});

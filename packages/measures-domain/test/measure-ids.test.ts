// Finding 2 of issue 12: measure ids are the platform's, and a measure with its owner's notes keeps
// its owner; views show only what the current owner wrote.
import { describe, expect, it } from 'vitest';
import { InvalidTransition, ValidationFailed } from '@cter/domain';
import { revisePlan, withMeasure, withMeasureIds, type RevisePlanRequest } from '../src/index';
import { ownersRecords, planView } from '../src/plan-view';
import { adoptedPlan, ctx, draftPlan, GGZ, MUNICIPALITY, measureOf } from './fixtures';

const housing = { catalogueId: 'supported-housing', owner: GGZ, goalIds: [], start: '2026-02-15', plannedEnd: '2026-08-15' };
const counter = () => {
  let n = 0;
  return () => `minted-${++n}`;
};

describe('measure ids', () => {
  it('mints an id for every measure of a draft and refuses one the client chose', () => {
    expect(withMeasureIds(undefined, [housing, housing], counter()).map((m) => m.measureId)).toEqual(['minted-1', 'minted-2']);
    const chosen = () => withMeasureIds(undefined, [housing, { ...housing, measureId: 'm-housing' }], counter());
    expect(chosen).toThrow(ValidationFailed);
    try {
      chosen();
    } catch (error) {
      expect((error as ValidationFailed).details).toEqual([{ path: 'measures.1.measureId', message: expect.stringMatching(/sent without measureId/) }]);
    }
  });

  it('keeps the measures a revision names, mints new ones, and refuses an id the plan does not have (a removed one included)', () => {
    const plan = draftPlan();
    const kept = withMeasureIds(plan, [{ ...housing, measureId: 'm-mentor' }, housing], counter());
    expect(kept.map((m) => m.measureId)).toEqual(['m-mentor', 'minted-1']);
    const removed = { ...plan, measures: plan.measures.filter((m) => m.measureId !== 'm-family') };
    expect(() => withMeasureIds(removed, [{ ...housing, measureId: 'm-family' }], counter())).toThrow(ValidationFailed);
    try {
      withMeasureIds(removed, [{ ...housing, measureId: 'm-family' }], counter());
    } catch (error) {
      expect((error as ValidationFailed).details).toEqual([{ path: 'measures.0.measureId', message: expect.stringMatching(/^not a measure of this plan/) }]);
    }
  });
});

describe('a measure with its owner\u2019s notes', () => {
  const withNotes = () => {
    const plan = adoptedPlan({ targetGroups: ['young-adults'], measures: [{ measureId: 'm-housing', ...housing }] });
    return withMeasure(plan, { ...measureOf(plan, 'm-housing'), contentWritten: true });
  };
  const revision = (plan: ReturnType<typeof withNotes>, owner: typeof GGZ | typeof MUNICIPALITY): RevisePlanRequest => ({
    basedOnVersion: plan.version,
    targetGroups: plan.targetGroups,
    goals: plan.goals,
    measures: [{ measureId: 'm-housing', ...housing, owner }],
  });

  it('keeps its owner: a revision that re-owns it is refused', () => {
    const plan = withNotes();
    expect(() => revisePlan(plan, revision(plan, MUNICIPALITY), ctx('gemeente-haarlem'))).toThrow(InvalidTransition);
    expect(() => revisePlan(plan, revision(plan, MUNICIPALITY), ctx('gemeente-haarlem'))).toThrow(/progress notes/);
    // Without notes the same revision is a plain change of owner.
    const fresh = { ...plan, measures: plan.measures.map((m) => ({ ...m, contentWritten: false })) };
    expect(measureOf(revisePlan(fresh, revision(fresh, MUNICIPALITY), ctx('gemeente-haarlem')), 'm-housing').owner).toEqual(MUNICIPALITY);
  });

  it('shows notes and sessions of the current owner only, whoever reads', () => {
    const plan = adoptedPlan({ targetGroups: ['young-adults'], measures: [{ measureId: 'm-housing', ...housing, owner: MUNICIPALITY }] });
    const notes = [
      { noteId: 'n-ggz', writtenAt: '2026-02-20T10:00:00Z', authorOrganisationId: 'ggz', text: 'GGZ-notitie' },
      { noteId: 'n-own', writtenAt: '2026-02-21T10:00:00Z', authorOrganisationId: 'gemeente-haarlem', text: 'Eigen notitie' },
    ];
    const view = planView(plan, { organisationId: 'gemeente-haarlem', level: 'full' }, new Map([['m-housing', { notes }]]));
    expect(JSON.stringify(view)).not.toContain('GGZ-notitie');
    expect(view.measures[0]).toMatchObject({ access: 'owner', notes: [notes[1]] });
    const session = { measureId: 'm-housing', mentorId: 'mentor-a', sessionId: 's-1', date: '2026-02-20', durationMinutes: 60, themes: ['identity' as const], progress: { 'working-relationship': 3, 'self-reliance': 3, 'social-connection': 3, 'future-perspective': 3, resilience: 3 } };
    expect(ownersRecords(measureOf(plan, 'm-housing'), { notes, sessions: [{ ...session, authorOrganisationId: 'ggz' }, { ...session, sessionId: 's-2' }] })).toEqual({ notes: [notes[1]], sessions: [] });
  });
});

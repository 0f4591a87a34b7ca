// What each participant sees of a plan: the whole plan for core partners and the ZVH, own measures
// with content and the rest as status for invited partners, one mentee's measure for a mentor.
import { describe, expect, it } from 'vitest';
import { NotAllowed } from '@cter/domain';
import { planView, planViewCategories, measuresWithContent, type MeasureRecords } from '../src/plan-view';
import { adoptedPlan, activeMentoringMeasure } from './fixtures';
import { withMeasure } from '../src/index';

const plan = () => {
  const base = adoptedPlan({ riskFactors: ['social-isolation'] });
  return withMeasure(base, { ...activeMentoringMeasure('mentor-a'), caseId: base.caseId, planId: base.planId });
};
const records = new Map<string, MeasureRecords>([['m-mentor', { notes: [{ noteId: 'n-1', writtenAt: '2026-02-20T10:00:00Z', authorOrganisationId: 'one-on-one', text: 'Kennismaking' }], sessions: [] }]]);

describe('plan view', () => {
  it('shows core partners the whole plan, with other owners\u2019 measures as status only', () => {
    const view = planView(plan(), { organisationId: 'gemeente-haarlem', level: 'full' }, new Map());
    expect(view).toMatchObject({ riskFactors: ['social-isolation'], targetGroups: ['minors'] });
    expect(view.goals).toHaveLength(2);
    expect(view.measures.map((m) => m.access)).toEqual(['status', 'status']);
    expect(JSON.stringify(view)).not.toContain('Kennismaking');
  });

  it('shows an invited owner its measure with notes and sessions, and only the goals it works towards', () => {
    const p = plan();
    const viewer = { organisationId: 'one-on-one', level: 'invited' as const };
    expect(measuresWithContent(p, viewer).map((m) => m.measureId)).toEqual(['m-mentor']);
    const view = planView(p, viewer, records);
    expect(view.measures.map((m) => [m.measureId, m.access])).toEqual([
      ['m-mentor', 'owner'],
      ['m-family', 'status'],
    ]);
    expect(view.measures[0]).toMatchObject({ notes: [{ text: 'Kennismaking' }], sessions: [] });
    expect(view.goals.map((g) => g.goalId)).toEqual(['g-2']);
    expect(view).not.toHaveProperty('riskFactors');
    expect(planViewCategories(p, viewer, records)).toEqual(['plan', 'measure-content', 'mentoring-sessions']);
  });

  it('shows a mentor only the measure of their own mentee', () => {
    const view = planView(plan(), { organisationId: 'one-on-one', level: 'invited', mentorId: 'mentor-a' }, records);
    expect(view.measures.map((m) => [m.measureId, m.access])).toEqual([['m-mentor', 'mentor']]);
    expect(() => planView(plan(), { organisationId: 'one-on-one', level: 'invited', mentorId: 'mentor-b' }, records)).toThrow(NotAllowed);
    // A mentor reads as a person of the mentoring organisation only.
    expect(() => planView(plan(), { organisationId: 'jeugdzorg', level: 'invited', mentorId: 'mentor-a' }, records)).toThrow(NotAllowed);
  });
});

// Fitting suggestions: rule-based, explained, ranked by a published score, never outside the
// target group.
import { describe, expect, it } from 'vitest';
import { ValidationFailed } from '@cter/domain';
import { CURRENT_CATALOGUE, deriveTargetProfile, FITTING_POINTS, suggestMeasures, targetGroupFit } from '../src/index';

const ids = (result: ReturnType<typeof suggestMeasures>) => result.suggestions.map((s) => s.catalogueId);

describe('fitting measures', () => {
  it('suggests ONE-on-ONE first for an isolated minor at school, with the reasons spelled out', () => {
    const { targetGroups } = deriveTargetProfile({ birthDate: '2010-05-01', onDate: '2026-03-01' });
    const result = suggestMeasures({ targetGroups, riskFactors: ['social-isolation', 'online-radicalisation'], protectiveFactors: ['school-attendance'] });
    const [first] = result.suggestions;
    expect(first!.catalogueId).toBe('one-on-one-mentoring');
    expect(first!.explanation).toBe(
      'fits target group minors; addresses risk factor social-isolation; addresses risk factor online-radicalisation; ' +
        'standard measure for minors in Noord-Holland; builds on protective factor school-attendance',
    );
    expect(first!.score).toBe(2 * FITTING_POINTS.riskFactor + FITTING_POINTS.standardMeasure + FITTING_POINTS.protectiveFactor);
    expect(first!.breakdown.reduce((s, l) => s + l.points, 0)).toBe(first!.score);
    expect(first!.requires).toEqual(['consent']);
    // Adult-only measures never appear for a minor.
    expect(ids(result)).not.toContain('probation-supervision');
    expect(ids(result)).not.toContain('exit-programme');
  });

  it('suggests the re-integration elements for an adult detainee, and no youth measures', () => {
    const { targetGroups } = deriveTargetProfile({ birthDate: '1990-01-01', onDate: '2026-03-01', detaineeOrReturnee: true });
    expect(targetGroups).toEqual(['adults', 'detainees-and-returnees']);
    const result = suggestMeasures({ targetGroups, riskFactors: ['housing-instability', 'missing-identity-documents', 'debt'], protectiveFactors: [] });
    // 8 points (two risk factors, standard for detainees), then three at 5 points in catalogue order.
    expect(ids(result).slice(0, 4)).toEqual(['release-planning', 'supported-housing', 'identity-documents', 'reintegration-housing']);
    expect(result.suggestions.slice(0, 4).map((s) => s.score)).toEqual([8, 5, 5, 5]);
    const housing = result.suggestions.find((s) => s.catalogueId === 'reintegration-housing')!;
    expect(housing.reasons).toEqual([
      'fits target group adults and detainees-and-returnees',
      'addresses risk factor housing-instability',
      'covers housing in the work model for safe re-integration',
    ]);
    // Every element of the work model appears, risk factor or not.
    for (const id of ['debt-counselling', 'probation-supervision', 'daytime-activity', 'social-network-support', 'special-assistance']) expect(ids(result)).toContain(id);
    expect(ids(result)).not.toContain('one-on-one-mentoring');
    expect(ids(result)).not.toContain('youth-probation');
  });

  it('offers mental-health measures only to persons in the mental-health group', () => {
    const facts = { riskFactors: ['mental-health-problems' as const], protectiveFactors: ['treatment-engagement' as const] };
    const without = suggestMeasures({ targetGroups: ['young-adults'], ...facts });
    expect(ids(without)).not.toContain('forensic-care');
    const withFlag = suggestMeasures({ targetGroups: ['young-adults', 'mental-health'], ...facts });
    expect(ids(withFlag).slice(0, 2)).toEqual(['mental-health-treatment', 'forensic-care']);
  });

  it('needs a reason beyond the target group, and leaves out measures already planned', () => {
    const result = suggestMeasures({ targetGroups: ['adults'], riskFactors: [], protectiveFactors: [] });
    expect(result.suggestions).toEqual([]);
    const young = suggestMeasures({ targetGroups: ['young-adults'], riskFactors: ['travel-intention'], excludeCatalogueIds: ['passport-alert'] });
    expect(ids(young)).toEqual(['reporting-duty', 'liberty-restricting-measure', 'electronic-monitoring', 'one-on-one-mentoring']);
  });

  it('keeps a minor detainee away from adult measures', () => {
    const probation = CURRENT_CATALOGUE.measures.find((m) => m.id === 'probation-supervision')!;
    expect(targetGroupFit(probation, ['minors', 'detainees-and-returnees'])).toMatchObject({ fits: false });
  });

});

describe('target groups from birth date and situation', () => {
  it.each([
    ['2008-03-02', '2026-03-01', 'minors'], // the day before the 18th birthday
    ['2008-03-01', '2026-03-01', 'young-adults'], // the 18th birthday
    ['2003-03-02', '2026-03-01', 'young-adults'], // 22, the day before the 23rd birthday
    ['2003-03-01', '2026-03-01', 'adults'], // the 23rd birthday
    ['2008-02-29', '2026-02-28', 'minors'], // leap-day birth: older on 1 March
  ])('born %s is on %s in %s', (birthDate, onDate, ageGroup) => {
    expect(deriveTargetProfile({ birthDate, onDate }).ageGroup).toBe(ageGroup);
  });

  it('adds situation groups as flags', () => {
    expect(deriveTargetProfile({ birthDate: '2005-01-01', onDate: '2026-01-02', detaineeOrReturnee: true, mentalHealthProblems: true })).toEqual({
      ageGroup: 'young-adults',
      situationGroups: ['detainees-and-returnees', 'mental-health'],
      targetGroups: ['young-adults', 'detainees-and-returnees', 'mental-health'],
    });
  });

  it('refuses a birth date after the reference date', () => {
    expect(() => deriveTargetProfile({ birthDate: '2027-01-01', onDate: '2026-01-01' })).toThrow(ValidationFailed);
  });
});

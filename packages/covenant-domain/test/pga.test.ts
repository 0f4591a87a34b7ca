// The covenant version under the Act on data processing in the person-centred approach (Kamerstuk
// 36225), cter-pga: pending until the act's date is configured (COVENANT_LAW_DATES / pgaEffectiveDate),
// then in force from 00:00 Europe/Amsterdam on that date; what changes against cter-2023.
import { describe, expect, it } from 'vitest';
import { COVENANT_VERSION_FACTS } from '../covenants/versions.generated';
import { allCovenants, covenantInForce, covenantVersionAt, decideSharing, legalBasisOf, loadCovenant, parseLawDates, publishCovenant } from '../src/index';
import { consent, legal, request } from './requests';

const PGA = { pgaEffectiveDate: '2027-01-01' };
// Mental-health care tells the case consultation about treatment, on the act, without consent.
const careInformationOnTheAct = request({ from: 'mental-health-care', to: 'municipality', category: 'care-information', purpose: 'case-consultation', stage: 'consultation', basis: legal('wgpa-casusoverleg') });

describe('the PGA covenant version (cter-pga)', () => {
  it('is pending while the law has no configured date: cter-2023 governs, at any moment', () => {
    expect(allCovenants({}).map((c) => c.id)).toEqual(['cter-2018', 'cter-2023']);
    expect(covenantInForce(new Date('2100-01-01T00:00:00Z'), allCovenants({})).id).toBe('cter-2023');
    expect(covenantVersionAt(new Date('2100-01-01T00:00:00Z'), COVENANT_VERSION_FACTS, {}).id).toBe('cter-2023');
    expect(loadCovenant('cter-pga')).toMatchObject({ pendingLaw: { setting: 'pgaEffectiveDate', parliamentaryFile: 'Kamerstuk 36225' } });
    expect(loadCovenant('cter-pga').effectiveFrom).toBeUndefined();
  });

  it('takes effect at 00:00 Europe/Amsterdam on the configured date', () => {
    const versions = allCovenants(PGA);
    expect(versions.map((c) => [c.id, c.effectiveFrom])).toEqual([
      ['cter-2018', '2018-03-01'],
      ['cter-2023', '2023-10-01'],
      ['cter-pga', '2027-01-01'],
    ]);
    expect(covenantInForce(new Date('2026-12-31T22:59:59.999Z'), versions).id).toBe('cter-2023');
    expect(covenantInForce(new Date('2026-12-31T23:00:00.000Z'), versions).id).toBe('cter-pga');
    // The functions without Cedar (audit stamps, retention) agree.
    expect(covenantVersionAt(new Date('2026-12-31T22:59:59.999Z'), COVENANT_VERSION_FACTS, PGA).id).toBe('cter-2023');
    expect(covenantVersionAt(new Date('2026-12-31T23:00:00.000Z'), COVENANT_VERSION_FACTS, PGA).id).toBe('cter-pga');
  });

  it('lets a designated care partner share for the case consultation on the act, which cter-2023 refuses', () => {
    const before = decideSharing(loadCovenant('cter-2023'), careInformationOnTheAct);
    expect(before).toMatchObject({ decision: 'deny', covenantVersion: 'cter-2023' });
    expect(before.outcomes[0]!.articles.sort()).toEqual(['10(2)', '4(2)']);
    const after = decideSharing(loadCovenant('cter-pga'), careInformationOnTheAct);
    expect(after).toMatchObject({ decision: 'allow', covenantVersion: 'cter-pga' });
    expect(after.outcomes[0]!.articles).toEqual(['9(1)']);
    expect(legalBasisOf(loadCovenant('cter-pga').document, 'mental-health-care', { kind: 'legal-basis', reference: 'wgpa-casusoverleg' })).toMatchObject({
      id: 'wgpa-casusoverleg',
      law: expect.stringContaining('Kamerstuk 36225'),
    });
    expect(legalBasisOf(loadCovenant('cter-2023').document, 'mental-health-care', { kind: 'legal-basis', reference: 'wgpa-casusoverleg' })).toBeUndefined();
  });

  it('keeps consent the route elsewhere: monitoring, and the ONE-on-ONE mentors the act does not designate', () => {
    const pga = loadCovenant('cter-pga');
    const monitoring = decideSharing(pga, request({ from: 'mental-health-care', to: 'municipality', category: 'care-information', purpose: 'monitoring', stage: 'monitoring', basis: legal('wgpa-casusoverleg') }));
    expect(monitoring.decision).toBe('deny');
    expect(monitoring.outcomes[0]!.articles).toEqual(['10(2)']);
    const mentor = decideSharing(pga, request({ from: 'mentoring', to: 'municipality', category: 'care-information', purpose: 'case-consultation', stage: 'consultation', basis: legal('wgpa-casusoverleg') }));
    expect(mentor.decision).toBe('deny');
    expect(mentor.outcomes[0]!.articles.sort()).toEqual(['10(2)', '4(2)']);
    expect(decideSharing(pga, request({ from: 'mentoring', to: 'municipality', category: 'care-information', purpose: 'case-consultation', stage: 'consultation', basis: consent() })).decision).toBe('allow');
  });

  it('refuses a malformed configured date and a version with both or neither of a date and a pending law', () => {
    expect(parseLawDates(undefined)).toEqual({});
    expect(parseLawDates('{"pgaEffectiveDate":"2027-01-01"}')).toEqual(PGA);
    expect(() => parseLawDates('{"pgaEffectiveDate":"1 januari 2027"}')).toThrow(/ISO date/);
    expect(() => parseLawDates('["2027-01-01"]')).toThrow(/JSON object/);
    const pga = loadCovenant('cter-pga');
    expect(() => publishCovenant({ covenant: { ...pga.document, effectiveFrom: '2027-01-01' }, policies: pga.policies })).toThrow(/either an effective date or the pending law/);
    const { pendingLaw: _pending, ...undated } = pga.document;
    expect(() => publishCovenant({ covenant: undated, policies: pga.policies })).toThrow(/either an effective date or the pending law/);
  });
});

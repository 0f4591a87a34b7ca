// Consent-based sharing (toestemming): allowed while the consent is active, refused once it is
// withdrawn, citing the consent article; and only for parties the covenant lets rely on consent.
import { describe, expect, it } from 'vitest';
import { decideSharing, loadCovenant } from '../src/index';
import { consent, request } from './requests';

const careInformationFromGgz = (state: 'active' | 'withdrawn') =>
  request({ from: 'mental-health-care', to: 'probation', invited: true, category: 'care-information', purpose: 'case-consultation', stage: 'consultation', basis: consent(state) });

describe.each(['cter-2018', 'cter-2023'])('consent under %s', (version) => {
  const covenant = loadCovenant(version);

  it('allows sharing on an active consent', () => {
    const decision = decideSharing(covenant, careInformationFromGgz('active'));
    expect(decision.decision).toBe('allow');
    expect(decision.outcomes[0]?.policies.map((p) => p.id)).toEqual(['need-to-know-probation']);
  });

  it('refuses once the consent is withdrawn, citing article 10(3)', () => {
    const decision = decideSharing(covenant, careInformationFromGgz('withdrawn'));
    expect(decision.decision).toBe('deny');
    expect(decision.outcomes[0]?.policies).toEqual([{ id: 'consent-must-be-active', article: '10(3)', effect: 'forbid' }]);
    expect(decision.reasons[0]).toContain('withdrawn consent stops further sharing');
  });

  it('refuses withdrawn consent for every recipient of the request', () => {
    const decision = decideSharing(covenant, {
      ...careInformationFromGgz('withdrawn'),
      recipients: [
        { organisationId: 'gemeente-haarlem', type: 'municipality', invited: false },
        { organisationId: 'zvh', type: 'zvh', invited: false },
      ],
    });
    expect(decision.outcomes.map((o) => [o.decision, o.articles])).toEqual([
      ['deny', ['10(3)']],
      ['deny', ['10(3)']],
    ]);
  });

  it('does not let a public authority rely on consent', () => {
    const decision = decideSharing(covenant, request({ from: 'police', to: 'municipality', category: 'identity', purpose: 'weighing', stage: 'weighing', basis: consent('active') }));
    expect(decision.outcomes[0]?.articles).toEqual(['4(3)']);
  });
});

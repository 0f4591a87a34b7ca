// The covenant's sharing rules as a table: stage x category x sender x recipient x purpose x basis,
// with the expected decision and, for refusals, the article that refuses.
import { describe, expect, it } from 'vitest';
import { decideSharing, loadCovenant } from '../src/index';
import { consent, legal, request, type Share } from './requests';

interface Scenario extends Share {
  name: string;
  version?: 'cter-2018' | 'cter-2023';
  expected: 'allow' | 'deny';
  /** Articles the outcome must cite (all of them); for an allow, the permitting article. */
  articles: string[];
  /** The deciding policy, where the scenario is about one rule. */
  policy?: string;
}

const scenarios: Scenario[] = [
  // Signal stage: identity and signal data to core partners only; nothing special or criminal.
  { name: 'police criminal data to an invited care partner at signal is refused', from: 'police', to: 'mental-health-care', invited: true, category: 'criminal-data', purpose: 'weighing', stage: 'signal', expected: 'deny', articles: ['8(1)', '6(1)'], policy: 'criminal-not-at-signal' },
  { name: 'a municipality reports a signal to the police', from: 'municipality', to: 'police', category: 'identity', purpose: 'weighing', stage: 'signal', expected: 'allow', articles: ['6(2)', '6(3)'] },
  { name: 'a care partner reports a signal to the specialist R&E on consent', from: 'domestic-violence', to: 'specialist-re', category: 'signal', purpose: 'weighing', stage: 'signal', basis: consent(), expected: 'allow', articles: ['6(2)'], policy: 'signal-report' },
  { name: 'police information to the municipality at signal', from: 'police', to: 'municipality', category: 'police-information', purpose: 'weighing', stage: 'signal', expected: 'allow', articles: ['6(3)'], policy: 'weighing-exchange' },
  { name: 'criminal data to the municipality at signal is refused', from: 'police', to: 'municipality', category: 'criminal-data', purpose: 'weighing', stage: 'signal', expected: 'deny', articles: ['8(1)'], policy: 'criminal-not-at-signal' },
  { name: 'religion data at signal is refused', from: 'municipality', to: 'police', category: 'special-religion', purpose: 'weighing', stage: 'signal', expected: 'deny', articles: ['7(1)'], policy: 'special-not-at-signal' },
  { name: 'a purpose the signal stage does not admit is refused', from: 'police', to: 'municipality', category: 'identity', purpose: 'monitoring', stage: 'signal', expected: 'deny', articles: ['5(2)'], policy: 'purpose-outside-stage' },
  // Weighing: core partners and the specialist R&E only.
  { name: 'criminal data to the municipality at weighing', from: 'police', to: 'municipality', category: 'criminal-data', purpose: 'weighing', stage: 'weighing', expected: 'allow', articles: ['6(3)'] },
  { name: 'a case state maps onto its stage (more-information is weighing)', from: 'prosecutor', to: 'police', category: 'criminal-data', purpose: 'weighing', stage: 'more-information', expected: 'allow', articles: ['6(3)'] },
  { name: 'cter-2023: religion data to the specialist R&E at weighing', from: 'police', to: 'specialist-re', category: 'special-religion', purpose: 'weighing', stage: 'weighing', expected: 'allow', articles: ['6(3)'] },
  { name: 'cter-2018: religion data to the specialist R&E at weighing is refused', version: 'cter-2018', from: 'police', to: 'specialist-re', category: 'special-religion', purpose: 'weighing', stage: 'weighing', expected: 'deny', articles: ['7(4)'], policy: 'special-at-weighing' },
  { name: 'cter-2018: political opinion to the OM at weighing', version: 'cter-2018', from: 'police', to: 'prosecutor', category: 'special-political-opinion', purpose: 'weighing', stage: 'weighing', expected: 'allow', articles: ['6(3)'] },
  { name: 'weighing data to the ZVH is refused', from: 'police', to: 'zvh', category: 'identity', purpose: 'weighing', stage: 'weighing', expected: 'deny', articles: ['6(1)'], policy: 'early-stage-recipients' },
  { name: 'weighing data to an invited care partner is refused', from: 'municipality', to: 'mental-health-care', invited: true, category: 'identity', purpose: 'weighing', stage: 'weighing', expected: 'deny', articles: ['6(1)'] },
  // Legal basis and parties.
  { name: 'consent is no basis for a public authority', from: 'municipality', to: 'police', category: 'identity', purpose: 'weighing', stage: 'weighing', basis: consent(), expected: 'deny', articles: ['4(3)'], policy: 'consent-not-a-basis-for-party' },
  { name: 'a legal basis the covenant lists for another party is refused', from: 'police', to: 'municipality', category: 'identity', purpose: 'weighing', stage: 'weighing', basis: legal('municipal-public-task'), expected: 'deny', articles: ['4(2)'], policy: 'legal-basis-not-listed' },
  { name: 'a mentor citing a legal basis is refused', from: 'mentoring', to: 'municipality', category: 'measure-progress', purpose: 'monitoring', stage: 'monitoring', basis: legal('wpg-20'), expected: 'deny', articles: ['4(2)'] },
  { name: 'a non-party sender is refused', from: 'privacy-officer', to: 'municipality', category: 'identity', purpose: 'weighing', stage: 'signal', basis: legal('avg-art-39'), expected: 'deny', articles: ['2(3)'], policy: 'not-a-party' },
  { name: 'a non-party recipient is refused', from: 'police', to: 'privacy-officer', category: 'identity', purpose: 'case-consultation', stage: 'consultation', expected: 'deny', articles: ['2(3)'] },
  { name: 'cter-2018: youth care is not a party', version: 'cter-2018', from: 'municipality', to: 'youth-care', invited: true, category: 'youth-information', purpose: 'case-consultation', stage: 'consultation', expected: 'deny', articles: ['2(3)'] },
  { name: 'cter-2023: youth care receives what its measure needs', from: 'municipality', to: 'youth-care', invited: true, category: 'youth-information', purpose: 'case-consultation', stage: 'consultation', expected: 'allow', articles: ['9(4)'], policy: 'need-to-know-youth-care' },
  // Consultation and monitoring: standing members, invited partners, need to know.
  { name: 'police criminal data to an invited care partner at consultation is allowed', from: 'police', to: 'mental-health-care', invited: true, category: 'criminal-data', purpose: 'case-consultation', stage: 'consultation', expected: 'allow', articles: ['9(4)'], policy: 'need-to-know-mental-health-care' },
  { name: 'the same to a care partner no longer invited is refused', from: 'police', to: 'mental-health-care', invited: false, category: 'criminal-data', purpose: 'case-consultation', stage: 'consultation', expected: 'deny', articles: ['9(2)'], policy: 'invited-only-while-invited' },
  { name: 'care information to the ZVH at consultation', from: 'municipality', to: 'zvh', category: 'care-information', purpose: 'case-consultation', stage: 'consultation', expected: 'allow', articles: ['9(1)'], policy: 'consultation-members' },
  { name: 'criminal data to a mentor is refused', from: 'police', to: 'mentoring', invited: true, category: 'criminal-data', purpose: 'monitoring', stage: 'monitoring', expected: 'deny', articles: ['8(3)'], policy: 'criminal-recipients' },
  { name: 'measure progress to an invited mentor', from: 'municipality', to: 'mentoring', invited: true, category: 'measure-progress', purpose: 'monitoring', stage: 'monitoring', expected: 'allow', articles: ['9(4)'], policy: 'need-to-know-mentoring' },
  { name: 'signal data to an invited mentor: no article permits it', from: 'municipality', to: 'mentoring', invited: true, category: 'signal', purpose: 'monitoring', stage: 'monitoring', expected: 'deny', articles: ['17(1)'] },
  { name: 'the municipality does not provide criminal data', from: 'municipality', to: 'probation', invited: true, category: 'criminal-data', purpose: 'case-consultation', stage: 'consultation', expected: 'deny', articles: ['8(2)'], policy: 'criminal-providers' },
  { name: 'religion data to Veilig Thuis is refused', from: 'police', to: 'domestic-violence', invited: true, category: 'special-religion', purpose: 'case-consultation', stage: 'consultation', expected: 'deny', articles: ['7(3)'], policy: 'special-belief-recipients' },
  { name: 'probation shares political opinion with invited forensic care in monitoring', from: 'probation', to: 'mental-health-care', invited: true, category: 'special-political-opinion', purpose: 'case-consultation', stage: 'monitoring', expected: 'allow', articles: ['9(4)'] },
  { name: 'Veilig Thuis shares youth information with the invited child protection board', from: 'domestic-violence', to: 'child-protection', invited: true, category: 'youth-information', purpose: 'plan-of-action', stage: 'consultation', expected: 'allow', articles: ['9(4)'], policy: 'need-to-know-child-protection' },
  { name: 'forensic care reports measure progress to invited probation on the Wfz', from: 'mental-health-care', to: 'probation', invited: true, category: 'measure-progress', purpose: 'monitoring', stage: 'monitoring', expected: 'allow', articles: ['9(4)'], policy: 'need-to-know-probation' },
  { name: 'cter-2023: GGZ health data on a legal basis is refused (consent only)', from: 'mental-health-care', to: 'municipality', category: 'special-health', purpose: 'case-consultation', stage: 'consultation', expected: 'deny', articles: ['10(2)'], policy: 'care-secrecy-needs-consent' },
  { name: 'cter-2023: GGZ health data with active consent', from: 'mental-health-care', to: 'municipality', category: 'special-health', purpose: 'case-consultation', stage: 'consultation', basis: consent('active'), expected: 'allow', articles: ['9(1)'] },
  { name: 'cter-2018: GGZ health data on a conflict of duties', version: 'cter-2018', from: 'mental-health-care', to: 'municipality', category: 'special-health', purpose: 'case-consultation', stage: 'consultation', basis: legal('conflict-of-duties'), expected: 'allow', articles: ['9(1)'] },
  { name: 'cter-2023: a conflict of duties is no longer a basis within the covenant', from: 'mental-health-care', to: 'municipality', category: 'special-health', purpose: 'case-consultation', stage: 'consultation', basis: legal('conflict-of-duties'), expected: 'deny', articles: ['4(2)', '10(2)'] },
  // Aftercare, detention, transfer.
  { name: 'health data to the specialist R&E in aftercare', from: 'municipality', to: 'specialist-re', category: 'special-health', purpose: 'aftercare', stage: 'aftercare', expected: 'allow', articles: ['9(1)'] },
  { name: 'the prison service gives criminal data to the municipality for re-integration', from: 'prison-service', to: 'municipality', category: 'criminal-data', purpose: 'safe-reintegration', stage: 'detention', expected: 'allow', articles: ['12(1)'], policy: 'detention-reintegration' },
  { name: 'the prison service needs no invitation in the detention track', from: 'municipality', to: 'prison-service', invited: false, category: 'identity', purpose: 'safe-reintegration', stage: 'detention', expected: 'allow', articles: ['12(1)'] },
  { name: 'an uninvited care partner in the detention track is refused', from: 'municipality', to: 'mental-health-care', invited: false, category: 'identity', purpose: 'safe-reintegration', stage: 'detention', expected: 'deny', articles: ['9(2)'] },
  { name: 'invited forensic care receives health data for re-integration', from: 'municipality', to: 'mental-health-care', invited: true, category: 'special-health', purpose: 'safe-reintegration', stage: 'detention', expected: 'allow', articles: ['9(4)'] },
  { name: 'the ZVH hands a case over to the receiving municipality', from: 'zvh', to: 'municipality', category: 'identity', purpose: 'transfer', stage: 'transfer', expected: 'allow', articles: ['13(1)'], policy: 'transfer-handover' },
  { name: 'criminal data does not move with a transfer', from: 'municipality', to: 'municipality', category: 'criminal-data', purpose: 'transfer', stage: 'transfer', expected: 'deny', articles: ['8(2)'] },
  { name: 'the police take no part in the handover itself', from: 'police', to: 'municipality', category: 'identity', purpose: 'transfer', stage: 'transfer', expected: 'deny', articles: ['17(1)'] },
];

describe('sharing scenarios under the shipped covenants', () => {
  it('has at least 30 scenarios', () => expect(scenarios.length).toBeGreaterThanOrEqual(30));

  it.each(scenarios)('$name', (s) => {
    const covenant = loadCovenant(s.version ?? 'cter-2023');
    const decision = decideSharing(covenant, request(s));
    const [outcome] = decision.outcomes;
    expect(decision.covenantVersion).toBe(covenant.id);
    expect(decision.decision, outcome?.reason).toBe(s.expected);
    expect(outcome?.decision).toBe(s.expected);
    expect(outcome?.articles).toEqual(expect.arrayContaining(s.articles));
    if (s.policy) expect(outcome?.policies.map((p) => p.id)).toContain(s.policy);
    // A refusal names an article (a forbid's, or the default refusal) and says so in words.
    if (s.expected === 'deny') {
      expect(outcome?.reason).toMatch(new RegExp(`^refused under ${covenant.id}, art\\. `));
      expect(outcome?.policies.every((p) => p.effect === 'forbid')).toBe(true);
      expect(decision.reasons).toHaveLength(1);
    } else {
      expect(outcome?.policies.every((p) => p.effect === 'permit')).toBe(true);
    }
  });

  it('names the article text when no article permits a disclosure', () => {
    const decision = decideSharing(loadCovenant('cter-2023'), request({ from: 'police', to: 'municipality', category: 'identity', purpose: 'transfer', stage: 'transfer' }));
    expect(decision.outcomes[0]?.reason).toContain('no article of cter-2023 permits sharing identity from police to municipality for transfer at stage transfer');
    expect(decision.outcomes[0]?.policies).toEqual([]);
  });
});

describe('a request with several recipients and categories', () => {
  const covenant = loadCovenant('cter-2023');
  const base = {
    sender: { organisationId: 'politie', type: 'police' },
    purpose: 'case-consultation',
    stage: 'consultation',
    basis: legal('wpg-20'),
  };

  it('is allowed when every recipient x category pair is', () => {
    const decision = decideSharing(covenant, {
      ...base,
      recipients: [
        { organisationId: 'gemeente-haarlem', type: 'municipality', invited: false },
        { organisationId: 'ggz', type: 'mental-health-care', invited: true },
      ],
      categories: ['identity', 'criminal-data'],
    });
    expect(decision.decision).toBe('allow');
    expect(decision.outcomes).toHaveLength(4);
    expect(decision.reasons).toHaveLength(4);
  });

  it('is refused as a whole when one pair is, and the reasons name only the refused pairs', () => {
    const decision = decideSharing(covenant, {
      ...base,
      recipients: [
        { organisationId: 'ggz', type: 'mental-health-care', invited: true },
        { organisationId: 'one-on-one', type: 'mentoring', invited: true },
      ],
      categories: ['identity', 'criminal-data'],
    });
    expect(decision.decision).toBe('deny');
    expect(decision.outcomes.filter((o) => o.decision === 'deny').map((o) => `${o.recipient.type}/${o.category}`)).toEqual(['mentoring/criminal-data']);
    expect(decision.reasons).toEqual([expect.stringMatching(/^one-on-one \(mentoring\), criminal-data: refused under cter-2023, art\. 8\(3\)/)]);
  });

  it('gives the same answer with and without the memo', () => {
    const r = request({ from: 'police', to: 'mental-health-care', invited: true, category: 'criminal-data', purpose: 'weighing', stage: 'signal' });
    expect(decideSharing(covenant, r, { memoize: false })).toEqual(decideSharing(covenant, r));
  });
});

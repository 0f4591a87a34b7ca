// Health-related factors of a plan reach only the recipients of health data that the covenant lists
// (art. 7(3)). The lists in factor-view.ts are checked here against the covenant's own Cedar
// policies, for every shipped version and every organisation type, so they cannot drift apart.
import { describe, expect, it } from 'vitest';
import { ORGANISATION_TYPES } from '@cter/config';
import { decideSharing, shippedCovenants } from '@cter/covenant-domain';
import { factorsFor, HEALTH_DATA_RECIPIENTS, receivesHealthData } from '../src/factor-view';
import { planView, planViewCategories } from '../src/plan-view';
import { adoptedPlan } from './fixtures';

/** Whether the covenant's policy on recipients of health data (art. 7(3)) refuses `type` as a recipient. */
function refusedAsRecipient(covenant: ReturnType<typeof shippedCovenants>[number], sender: { organisationId: string; type: string }, type: string): boolean {
  const decision = decideSharing(covenant, {
    sender,
    recipients: [{ organisationId: `recipient-${type}`, type, invited: false }],
    categories: ['special-health'],
    purpose: 'plan-of-action',
    stage: 'consultation',
    basis: { kind: 'legal-basis', reference: 'municipal-public-task' },
  });
  return decision.outcomes[0]!.policies.some((p) => p.id === 'special-health-recipients');
}

describe('recipients of health data', () => {
  it('are exactly the organisation types the covenant\u2019s special-health-recipients policy does not refuse, version by version', () => {
    const covenants = shippedCovenants();
    expect(Object.keys(HEALTH_DATA_RECIPIENTS).sort()).toEqual(covenants.map((c) => c.id).sort());
    for (const covenant of covenants) {
      // The ZVH sends, except when it is the recipient asked about.
      const listed = ORGANISATION_TYPES.filter((type) => !refusedAsRecipient(covenant, type === 'zvh' ? { organisationId: 'gemeente-haarlem', type: 'municipality' } : { organisationId: 'zvh', type: 'zvh' }, type));
      expect([...HEALTH_DATA_RECIPIENTS[covenant.id]!].sort(), covenant.id).toEqual(listed.sort());
    }
  });

  it('follow the version in force: police and OM never, youth care only from cter-2023', () => {
    expect(receivesHealthData('police')).toBe(false);
    expect(receivesHealthData('prosecutor')).toBe(false);
    expect(receivesHealthData('zvh')).toBe(true);
    expect(receivesHealthData('municipality')).toBe(true);
    expect(receivesHealthData('youth-care', new Date('2020-01-01T00:00:00Z'))).toBe(false);
    expect(receivesHealthData('youth-care', new Date('2024-01-01T00:00:00Z'))).toBe(true);
  });
});

describe('a plan\u2019s factors by viewer', () => {
  const plan = adoptedPlan({ riskFactors: ['social-isolation', 'mental-health-problems'], protectiveFactors: ['treatment-engagement', 'supportive-family'] });

  it('leaves the health-related factors out for a viewer the covenant does not list', () => {
    expect(factorsFor(['social-isolation', 'substance-use'], false)).toEqual(['social-isolation']);
    const police = planView(plan, { organisationId: 'politie', level: 'full', healthData: false }, new Map());
    expect(police).toMatchObject({ riskFactors: ['social-isolation'], protectiveFactors: ['supportive-family'] });
    // Absent means not listed: fail closed.
    expect(planView(plan, { organisationId: 'politie', level: 'full' }, new Map())).toMatchObject({ riskFactors: ['social-isolation'] });
    expect(planViewCategories(plan, { organisationId: 'politie', level: 'full', healthData: false }, new Map())).toEqual(['plan', 'risk-factors']);
  });

  it('shows them, and audits the health category, for a listed viewer', () => {
    const zvh = planView(plan, { organisationId: 'zvh', level: 'process', healthData: true }, new Map());
    expect(zvh).toMatchObject({ riskFactors: ['social-isolation', 'mental-health-problems'], protectiveFactors: ['treatment-engagement', 'supportive-family'] });
    expect(planViewCategories(plan, { organisationId: 'zvh', level: 'process', healthData: true }, new Map())).toEqual(['plan', 'risk-factors', 'special-health']);
  });
});

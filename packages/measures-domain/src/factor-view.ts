// Which risk and protective factors a viewer of the plan receives. Health-related factors are
// special-category data (covenant category `special-health`): the covenant lists the organisation
// types that may receive health data (art. 7(3)); every other viewer sees the other factors only.
//
// The lists are those of the covenant's own policies (`special-health-recipients`, Cedar). Functions
// of this service do not carry the Cedar engine (4 MB of wasm), so the lists are kept here per
// covenant version, and packages/measures-domain/test/factor-view.test.ts asks the covenant's Cedar
// policies, version by version, that they are exactly its lists. A version in force that is not
// listed here gives nobody health factors (fail closed) until it is added.
import type { OrganisationType } from '@cter/config';
import { covenantVersionAt } from '@cter/covenant-domain/versions';
import { HEALTH_FACTORS } from '../catalogue/factors';

/** Recipients of health data per covenant version (art. 7(3)). */
export const HEALTH_DATA_RECIPIENTS: Readonly<Record<string, readonly OrganisationType[]>> = {
  'cter-2018': ['municipality', 'zvh', 'specialist-re', 'probation', 'prison-service', 'mental-health-care'],
  'cter-2023': ['municipality', 'zvh', 'specialist-re', 'probation', 'prison-service', 'mental-health-care', 'youth-care'],
  'cter-pga': ['municipality', 'zvh', 'specialist-re', 'probation', 'prison-service', 'mental-health-care', 'youth-care'],
};

/** Whether the covenant in force at `at` lets an organisation of this type receive health data. */
export function receivesHealthData(organisationType: OrganisationType, at: Date = new Date()): boolean {
  return HEALTH_DATA_RECIPIENTS[covenantVersionAt(at).id]?.includes(organisationType) ?? false;
}

export function isHealthFactor(factor: string): boolean {
  return (HEALTH_FACTORS as ReadonlySet<string>).has(factor);
}

/** The factors a viewer receives: all of them, or without the health-related ones. */
export function factorsFor<F extends string>(factors: readonly F[], healthData: boolean): F[] {
  return healthData ? [...factors] : factors.filter((f) => !isHealthFactor(f));
}

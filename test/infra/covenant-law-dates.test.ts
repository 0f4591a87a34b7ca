// CDK assertions: the dates of the laws a covenant version relies on flow from configuration
// (packages/config covenant-law-dates.ts, overridable per synth through the CDK context) into the
// environment of every function of every region, so decisions, audit stamps and retention deadlines
// agree on the version in force. Unset (the shipped configuration): an empty object, the version pending.
import { beforeAll, describe, expect, it } from 'vitest';
import { COVENANT_LAW_DATES, covenantLawDatesFor, REGION_COVENANT_LAW_DATES } from '@cter/config';
import { readAssembly, resourcesOfType } from '@cter/twin';
import { amsterdamDate, ASSEMBLY_DIR, assemblyWithLawDates } from '../support/assembly';

const environments = (dir: string) =>
  readAssembly(dir).flatMap((stack) => resourcesOfType(stack, 'AWS::Lambda::Function').map(([id, fn]) => ({ region: stack.stageName, id, env: (fn.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {} })));

describe('covenant law dates in the functions’ environment', () => {
  const DATE = amsterdamDate(2);
  let configured = '';
  beforeAll(async () => {
    configured = await assemblyWithLawDates({ pgaEffectiveDate: DATE });
  }, 600_000);

  it('the shipped configuration sets no date: every function of every region gets an empty object', () => {
    expect(COVENANT_LAW_DATES).toEqual({});
    expect(REGION_COVENANT_LAW_DATES).toEqual({});
    const functions = environments(ASSEMBLY_DIR);
    expect(new Set(functions.map((f) => f.region)).size).toBe(3);
    expect(functions.filter((f) => f.env.COVENANT_LAW_DATES !== '{}').map((f) => `${f.region}/${f.id}`)).toEqual([]);
  });

  it('a configured date reaches every function of every region', () => {
    const functions = environments(configured);
    expect(functions.length).toBe(environments(ASSEMBLY_DIR).length);
    expect(functions.filter((f) => f.env.COVENANT_LAW_DATES !== JSON.stringify({ pgaEffectiveDate: DATE })).map((f) => `${f.region}/${f.id}`)).toEqual([]);
  });

  it('checks the configuration: region over global, context over both, no unknown setting or malformed date', () => {
    expect(covenantLawDatesFor('kennemerland', '{"pgaEffectiveDate":"2027-07-01"}')).toEqual({ pgaEffectiveDate: '2027-07-01' });
    expect(covenantLawDatesFor('kennemerland')).toEqual({});
    expect(() => covenantLawDatesFor('kennemerland', '{"pgaEffectiveDate":"1-7-2027"}')).toThrow(/YYYY-MM-DD/);
    expect(() => covenantLawDatesFor('kennemerland', { pgaDate: '2027-07-01' })).toThrow(/unknown covenant law date pgaDate/);
  });
});

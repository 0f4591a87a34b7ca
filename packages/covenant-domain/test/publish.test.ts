// Publishing covenant versions: the shipped ones pass, and a version with an invalid policy
// (type error against the schema, syntax error, unannotated, unknown article or vocabulary) or an
// invalid covenant.json is refused with the validator's own message.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DomainError } from '@cter/domain';
import { ORGANISATION_TYPES } from '@cter/config';
import { CovenantInvalid, DATA_CATEGORIES, decideSharing, loadCovenant, publishCovenant, PURPOSES, STAGES } from '../src/index';
import { cedarEngine } from '../src/cedar-runtime';
import { CEDAR_SCHEMA, SHIPPED_COVENANTS } from '../covenants/shipped.generated';
import { GENERATED_MODULE, readShippedSources, renderShippedModule } from '../covenants/generate';
import { request } from './requests';

const sources = readShippedSources();
const source2023 = sources.versions.find((v) => v.directory === 'cter-2023');
if (!source2023) throw new Error('cter-2023 is not shipped');

function refusalOf(candidate: { covenant: unknown; policies: string }): CovenantInvalid {
  try {
    publishCovenant(candidate);
  } catch (error) {
    if (error instanceof CovenantInvalid) return error;
    throw error;
  }
  throw new Error('expected the version to be refused');
}

/** cter-2023 as a new version (another id and date) with one extra policy. */
function candidateWith(extraPolicy: string, changes: Record<string, unknown> = {}) {
  const covenant = { ...(source2023?.covenant as Record<string, unknown>), id: 'cter-2025', effectiveFrom: '2025-01-01', supersedes: 'cter-2023', ...changes };
  return { covenant, policies: `${source2023?.policies}\n${extraPolicy}\n` };
}

describe('the shipped covenant versions', () => {
  it.each(sources.versions.map((v) => [v.directory, v] as const))('%s passes full validation against the schema', (_, version) => {
    const published = publishCovenant(version);
    expect(published.validation.warnings).toEqual([]);
    expect(published.validation.policyCount).toBeGreaterThan(20);
    expect(published.policyIndex.every((p) => /^\d+\(\d+\)$/.test(p.article) && p.reason.length > 0)).toBe(true);
    // The copy embedded for runtime is the one validated here.
    expect(loadCovenant(version.directory).digest).toBe(published.digest);
  });

  it('are embedded in the generated module as they are on disk (run covenants/generate.ts if not)', () => {
    expect(readFileSync(GENERATED_MODULE, 'utf8')).toBe(renderShippedModule(sources));
    expect(SHIPPED_COVENANTS.map((v) => v.directory)).toEqual(['cter-2018', 'cter-2023', 'cter-pga']);
  });

  it('share one schema whose enumerations are the platform vocabulary', () => {
    const answer = cedarEngine().schemaToJson(CEDAR_SCHEMA);
    if (answer.type !== 'success') throw new Error('schema does not parse');
    const types = answer.json['Cter']?.entityTypes ?? {};
    const enumOf = (name: string) => {
      const type = types[name];
      return type && 'enum' in type ? type.enum : undefined;
    };
    expect(enumOf('OrganisationType')).toEqual([...ORGANISATION_TYPES]);
    expect(enumOf('Stage')).toEqual([...STAGES]);
    expect(enumOf('Purpose')).toEqual([...PURPOSES]);
    expect(enumOf('Category')).toEqual([...DATA_CATEGORIES]);
  });
});

describe('publishing a new version', () => {
  it('publishes a valid candidate, which then decides', () => {
    const tightened = candidateWith(
      [
        '@id("no-health-to-specialist")',
        '@article("7(3)")',
        '@reason("health data no longer goes to the specialist R&E")',
        'forbid (principal, action == Cter::Action::"share", resource)',
        'when { resource.category == Cter::Category::"special-health" && resource.recipientType == Cter::OrganisationType::"specialist-re" };',
      ].join('\n'),
    );
    const published = publishCovenant(tightened);
    expect(published).toMatchObject({ id: 'cter-2025', effectiveFrom: '2025-01-01', validation: { policyCount: 30 } });
    const decision = decideSharing(published, request({ from: 'municipality', to: 'specialist-re', category: 'special-health', purpose: 'aftercare', stage: 'aftercare' }));
    expect(decision.outcomes[0]?.policies.map((p) => p.id)).toEqual(['no-health-to-specialist']);
  });

  it('refuses a policy with a type error, with the validator message and where it is', () => {
    const error = refusalOf(
      candidateWith('@id("criminal-by-string")\n@article("8(1)")\n@reason("compares an entity with a string")\nforbid (principal, action == Cter::Action::"share", resource)\nwhen { resource.category == "criminal-data" };'),
    );
    expect(error).toBeInstanceOf(DomainError);
    expect(error.status).toBe(422);
    expect(error.message).toContain('do not type-check against the covenant schema');
    expect(error.details).toHaveLength(1);
    expect(error.details[0]?.path).toBe('policies.criminal-by-string');
    expect(error.details[0]?.message).toMatch(/the types String and Cter::Category are not compatible.*\[line \d+, column \d+\]/);
  });

  it('refuses a policy reading an attribute the schema does not have', () => {
    const error = refusalOf(
      candidateWith('@id("typo")\n@article("9(2)")\n@reason("typo")\nforbid (principal, action == Cter::Action::"share", resource)\nwhen { !resource.recipientInvitd };'),
    );
    expect(error.details[0]?.message).toContain('attribute `recipientInvitd` on entity type `Cter::Disclosure` not found');
    expect(error.details[0]?.message).toContain('did you mean `recipientInvited`?');
  });

  it('refuses a misspelt category (the schema enumerates them)', () => {
    const error = refusalOf(
      candidateWith('@id("misspelt")\n@article("8(1)")\n@reason("x")\nforbid (principal, action == Cter::Action::"share", resource)\nwhen { resource.category == Cter::Category::"criminal-dat" };'),
    );
    expect(error.details[0]?.message).toContain('`"criminal-dat"` is not declared as a valid eid');
  });

  it('refuses a syntax error with the parser message and line', () => {
    const error = refusalOf(candidateWith('@id("broken")\n@article("8(1)")\n@reason("x")\nforbid (principal, action resource);'));
    expect(error.message).toMatch(/^the policies of cter-2025 do not parse: unexpected token `resource`/);
    const lines = candidateWith('').policies.split('\n').length;
    expect(error.details[0]?.message).toContain(`[line ${lines + 2}, column`);
  });

  it('refuses a policy without @article, citing an article that does not exist, or with a duplicate @id', () => {
    const forbidAll = 'forbid (principal, action == Cter::Action::"share", resource) when { resource.special };';
    expect(refusalOf(candidateWith(`@id("unannotated")\n${forbidAll}`)).details.map((d) => d.message)).toEqual([
      'unannotated lacks the @article("...") annotation',
      'unannotated lacks the @reason("...") annotation',
    ]);
    expect(refusalOf(candidateWith(`@id("ghost")\n@article("42(1)")\n@reason("x")\n${forbidAll}`)).details[0]?.message).toBe('ghost cites article 42(1), which cter-2025 does not have');
    expect(refusalOf(candidateWith(`@id("not-a-party")\n@article("2(3)")\n@reason("x")\n${forbidAll}`)).details[0]?.message).toBe('@id "not-a-party" is used twice');
  });

  it('refuses a policy naming a party its covenant.json does not list', () => {
    const source2018 = sources.versions.find((v) => v.directory === 'cter-2018');
    const policies = `${source2018?.policies}\n@id("youth")\n@article("9(4)")\n@reason("x")\npermit (principal, action == Cter::Action::"share", resource) when { resource.recipientType == Cter::OrganisationType::"youth-care" };`;
    const error = refusalOf({ covenant: source2018?.covenant, policies });
    expect(error.details[0]?.message).toBe('youth names Cter::OrganisationType::"youth-care", which covenant.json of cter-2018 does not list');
  });

  it('refuses an invalid covenant.json with the zod issues', () => {
    const error = refusalOf(candidateWith('', { effectiveFrom: '2025-13-01', purposes: [{ id: 'marketing', name: 'm', nameNl: 'm', description: 'm' }], defaultRefusalArticle: '99' }));
    expect(error.details.map((d) => d.path).sort()).toEqual(['effectiveFrom', 'purposes.0.id']);
    expect(error.message).toMatch(/^covenant\.json is invalid: /);
    const unknownArticle = refusalOf(candidateWith('', { defaultRefusalArticle: '99' }));
    expect(unknownArticle.details).toEqual([{ path: 'defaultRefusalArticle', message: 'article 99 does not exist in cter-2025' }]);
  });
});

// Every shipped catalogue version is valid, and what the functions use at run time (the shipped data
// with the schema's defaults) is exactly what the schema makes of it; its rules alone (what a plan is
// checked against) are the same catalogue with whom each measure fits and who may own it only.
import { describe, expect, it } from 'vitest';
import { PROFILES_2026 } from '../catalogue/catalogue-2026-profiles';
import { Catalogue, CATALOGUE_RULES, CATALOGUES, publishedCatalogue, SHIPPED_CATALOGUES } from '../catalogue/index';

describe('published catalogues', () => {
  it.each(SHIPPED_CATALOGUES.map((c) => [c.version, c] as const))('%s parses and equals its run-time form', (_, shipped) => {
    const parsed = Catalogue.parse(shipped);
    expect(publishedCatalogue(shipped)).toEqual(parsed);
  });

  it('have rules that are the published versions with the rules only, and a profile for every measure', () => {
    expect(CATALOGUE_RULES).toEqual(CATALOGUES.map((c) => ({ ...c, measures: c.measures.map(({ id, ageGroups, situationGroups, ownerTypes }) => ({ id, ageGroups, situationGroups, ownerTypes })) })));
    expect(Object.keys(PROFILES_2026).sort()).toEqual(CATALOGUE_RULES[0]!.measures.map((m) => m.id).sort());
    for (const measure of CATALOGUES.flatMap((c) => c.measures)) expect(measure.dutchTerm.length, measure.id).toBeGreaterThan(2);
  });

  it('are published oldest first, one per version', () => {
    const versions = CATALOGUES.map((c) => c.effectiveFrom);
    expect([...versions].sort()).toEqual(versions);
    expect(new Set(CATALOGUES.map((c) => c.version)).size).toBe(CATALOGUES.length);
  });
});

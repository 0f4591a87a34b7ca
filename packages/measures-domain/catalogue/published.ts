// The published catalogue versions and how to look a measure up in one. Every shipped version is
// validated against its schema by the unit tests (packages/measures-domain/test/catalogue-published.test.ts),
// so a wrong entry fails the build; at run time only the schema's defaults are filled in, which keeps
// the schema (and its zod checks) out of the functions' bundles and cold starts. No schema module is
// imported here, so a function that checks a plan against the rules builds no zod.
import { NotFound } from '@cter/domain';
import { CATALOGUE_2026_RULES } from './catalogue-2026';
import { PROFILES_2026 } from './catalogue-2026-profiles';
import type { Catalogue, CatalogueInput, CatalogueMeasure, CatalogueMeasureRules, CatalogueRules, CatalogueRulesInput, MeasureProfileInput } from './schema';

// Each version ships as its rules and its measures' profiles (catalogue-2026.ts, catalogue-2026-profiles.ts):
// a function that validates a plan or matches a mentor carries the rules alone (CURRENT_RULES); one
// that shows or fits measures, the whole catalogue. The values are built in pure IIFEs, so a bundle
// drops the form it does not use.

/** A version's rules with its measures' profiles: the catalogue as published. */
function withProfiles(rules: CatalogueRulesInput, profiles: Readonly<Record<string, MeasureProfileInput>>): CatalogueInput {
  return { ...rules, measures: rules.measures.map(({ id, ...placement }) => ({ id, ...profiles[id]!, ...placement })) };
}

/** The versions as shipped (input form), oldest first; the tests parse each against the schema. */
export const SHIPPED_CATALOGUES: readonly CatalogueInput[] = /* @__PURE__ */ (() => [withProfiles(CATALOGUE_2026_RULES, PROFILES_2026)])();

/** A shipped version with the schema's defaults: lists a measure leaves out are empty. */
export function publishedCatalogue(input: CatalogueInput): Catalogue {
  return {
    ...input,
    measures: input.measures.map((m) => ({ situationGroups: [], requires: [], addressesRiskFactors: [], buildsOnProtectiveFactors: [], standardFor: [], ...m })),
  } as Catalogue;
}

/** A version's rules with the schema's default: a measure without situation groups has none. */
function publishedRules(input: CatalogueRulesInput): CatalogueRules {
  return { ...input, measures: input.measures.map((m) => ({ situationGroups: [], ...m })) } as CatalogueRules;
}

/** All published versions, oldest first. */
export const CATALOGUES: readonly Catalogue[] = /* @__PURE__ */ (() => SHIPPED_CATALOGUES.map(publishedCatalogue))();

/** The versions' rules, oldest first (the same versions as CATALOGUES, rules only). */
export const CATALOGUE_RULES: readonly CatalogueRules[] = /* @__PURE__ */ (() => [CATALOGUE_2026_RULES].map(publishedRules))();

/** The version in force on a date (YYYY-MM-DD): the latest whose effective date has passed. */
export function catalogueInForce(onDate: string, catalogues: readonly Catalogue[] = CATALOGUES): Catalogue {
  const inForce = catalogues.filter((c) => c.effectiveFrom <= onDate).at(-1);
  if (!inForce) throw new NotFound(`no measures catalogue is in force on ${onDate}`);
  return inForce;
}

export const CURRENT_CATALOGUE: Catalogue = /* @__PURE__ */ (() => CATALOGUES.at(-1)!)();
export const CURRENT_RULES: CatalogueRules = /* @__PURE__ */ (() => CATALOGUE_RULES.at(-1)!)();

export function findCatalogueMeasure<M extends CatalogueMeasureRules>(catalogue: { measures: M[] }, id: string): M | undefined {
  return catalogue.measures.find((m) => m.id === id);
}

export function catalogueMeasure<M extends CatalogueMeasureRules = CatalogueMeasure>(catalogue: { version: string; measures: M[] }, id: string): M {
  const measure = findCatalogueMeasure(catalogue, id);
  if (!measure) throw new NotFound(`measure ${id} is not in catalogue ${catalogue.version}`);
  return measure;
}

// The published catalogue versions and how to look a measure up in one. Every shipped version is
// validated against its schema by the unit tests (packages/measures-domain/test/catalogue-published.test.ts),
// so a wrong entry fails the build; at run time only the schema's defaults are filled in, which keeps
// the schema (and its zod checks) out of the functions' bundles and cold starts.
import { NotFound } from '@cter/domain';
import { CATALOGUE_2026 } from './catalogue-2026';
import type { Catalogue, CatalogueInput, CatalogueMeasure } from './schema';

export * from './vocabulary';
export * from './factors';
export * from './schema';
export * from './ids';

/** The versions as shipped (input form), oldest first; the tests parse each against the schema. */
export const SHIPPED_CATALOGUES: readonly CatalogueInput[] = [CATALOGUE_2026];

/** A shipped version with the schema's defaults: lists a measure leaves out are empty. */
export function publishedCatalogue(input: CatalogueInput): Catalogue {
  return {
    ...input,
    measures: input.measures.map((m) => ({ situationGroups: [], requires: [], addressesRiskFactors: [], buildsOnProtectiveFactors: [], standardFor: [], ...m })),
  } as Catalogue;
}

/** All published versions, oldest first. */
export const CATALOGUES: readonly Catalogue[] = SHIPPED_CATALOGUES.map(publishedCatalogue);

/** The version in force on a date (YYYY-MM-DD): the latest whose effective date has passed. */
export function catalogueInForce(onDate: string, catalogues: readonly Catalogue[] = CATALOGUES): Catalogue {
  const inForce = catalogues.filter((c) => c.effectiveFrom <= onDate).at(-1);
  if (!inForce) throw new NotFound(`no measures catalogue is in force on ${onDate}`);
  return inForce;
}

export const CURRENT_CATALOGUE: Catalogue = CATALOGUES.at(-1)!;

export function findCatalogueMeasure(catalogue: Catalogue, id: string): CatalogueMeasure | undefined {
  return catalogue.measures.find((m) => m.id === id);
}

export function catalogueMeasure(catalogue: Catalogue, id: string): CatalogueMeasure {
  const measure = findCatalogueMeasure(catalogue, id);
  if (!measure) throw new NotFound(`measure ${id} is not in catalogue ${catalogue.version}`);
  return measure;
}

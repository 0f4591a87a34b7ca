// The published catalogue versions and how to look a measure up in one. Data is parsed here, once,
// so every importer gets a validated catalogue.
import { NotFound } from '@cter/domain';
import { CATALOGUE_2026 } from './catalogue-2026';
import { Catalogue, type CatalogueMeasure } from './schema';

export * from './vocabulary';
export * from './factors';
export * from './schema';

/** All published versions, oldest first. */
export const CATALOGUES: readonly Catalogue[] = [Catalogue.parse(CATALOGUE_2026)];

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

/** The catalogue id of the ONE-on-ONE mentoring trajectory, which the mentor rules refer to. */
export const ONE_ON_ONE_MEASURE_ID = 'one-on-one-mentoring';

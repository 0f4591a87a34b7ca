// The covenant versions shipped with the platform (covenants/<id>/), published when the covenants
// module was generated; restored here by digest without validating again, kept for the process.
import { byCodeUnits } from '@cter/domain';
import { SHIPPED_COVENANTS } from '../covenants/shipped.generated';
import { CovenantInvalid, UnknownCovenantVersion } from './errors';
import { datedVersions, LAW_DATES, type LawDates } from './law-dates';
import { restorePublished, type PublishedCovenant } from './publish';

const loaded = new Map<string, PublishedCovenant>();

export function loadCovenant(versionId: string): PublishedCovenant {
  const cached = loaded.get(versionId);
  if (cached) return cached;
  const source = SHIPPED_COVENANTS.find((v) => v.directory === versionId);
  if (!source) throw new UnknownCovenantVersion(versionId, SHIPPED_COVENANTS.map((v) => v.directory));
  const version = restorePublished(source, source.publication);
  if (version.id !== source.directory) {
    throw new CovenantInvalid(`covenants/${source.directory} holds covenant ${version.id}`, [{ path: 'id', message: 'the directory name must equal the covenant id' }]);
  }
  loaded.set(versionId, version);
  return version;
}

/**
 * Every shipped version that can govern, oldest effective date first: a version pending a law only
 * once its date is configured (`dates`, default the function's COVENANT_LAW_DATES), dated by it.
 */
export function allCovenants(dates: LawDates = LAW_DATES): Array<PublishedCovenant & { effectiveFrom: string }> {
  return datedVersions(SHIPPED_COVENANTS.map((v) => loadCovenant(v.directory)), dates).sort((a, b) => byCodeUnits(a.effectiveFrom, b.effectiveFrom));
}

/** Every shipped version, pending or not (for tools and tests that look at the rules, not at what governs). */
export function shippedCovenants(): PublishedCovenant[] {
  return SHIPPED_COVENANTS.map((v) => loadCovenant(v.directory));
}

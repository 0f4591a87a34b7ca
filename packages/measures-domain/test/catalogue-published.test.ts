// Every shipped catalogue version is valid, and what the functions use at run time (the shipped data
// with the schema's defaults) is exactly what the schema makes of it.
import { describe, expect, it } from 'vitest';
import { Catalogue, CATALOGUES, publishedCatalogue, SHIPPED_CATALOGUES } from '../catalogue/index';

describe('published catalogues', () => {
  it.each(SHIPPED_CATALOGUES.map((c) => [c.version, c] as const))('%s parses and equals its run-time form', (_, shipped) => {
    const parsed = Catalogue.parse(shipped);
    expect(publishedCatalogue(shipped)).toEqual(parsed);
  });

  it('are published oldest first, one per version', () => {
    const versions = CATALOGUES.map((c) => c.effectiveFrom);
    expect([...versions].sort()).toEqual(versions);
    expect(new Set(CATALOGUES.map((c) => c.version)).size).toBe(CATALOGUES.length);
  });
});

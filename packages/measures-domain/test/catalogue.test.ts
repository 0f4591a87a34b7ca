// The published catalogue: valid data, the measures Noord-Holland's method relies on, and owner
// types that exist in the organisation configuration.
import { describe, expect, it } from 'vitest';
import { ORGANISATION_TYPES } from '@cter/config';
import { Catalogue, catalogueInForce, catalogueMeasure, CURRENT_CATALOGUE, REINTEGRATION_ELEMENTS } from '../catalogue/index';
import { SHIPPED_CATALOGUES } from '../catalogue/index';

const CATALOGUE_2026 = SHIPPED_CATALOGUES[0]!;

describe('measures catalogue 2026', () => {
  it('parses against its schema and has unique ids', () => {
    expect(() => Catalogue.parse(CATALOGUE_2026)).not.toThrow();
    const ids = CURRENT_CATALOGUE.measures.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('makes ONE-on-ONE the standard measure for young people, owned by the mentoring programme', () => {
    const mentoring = catalogueMeasure(CURRENT_CATALOGUE, 'one-on-one-mentoring');
    expect(mentoring.ownerTypes).toEqual(['mentoring']);
    expect(mentoring.ageGroups).toEqual(['minors', 'young-adults']);
    expect(mentoring.standardFor).toEqual(['minors', 'young-adults']);
  });

  it('covers every element of the work model for safe re-integration', () => {
    const covered = new Set(CURRENT_CATALOGUE.measures.map((m) => m.reintegrationElement).filter(Boolean));
    for (const element of REINTEGRATION_ELEMENTS) expect(covered.has(element), element).toBe(true);
  });

  it('names only owner types the organisation configuration knows', () => {
    for (const m of CURRENT_CATALOGUE.measures) for (const t of m.ownerTypes) expect(ORGANISATION_TYPES).toContain(t);
  });

  it('gives every measure an English name and a Dutch term', () => {
    for (const m of CURRENT_CATALOGUE.measures) {
      expect(m.name.length).toBeGreaterThan(2);
      expect(m.dutchTerm.length).toBeGreaterThan(2);
    }
    expect(catalogueMeasure(CURRENT_CATALOGUE, 'area-ban')).toMatchObject({ dutchTerm: 'gebiedsverbod', kind: 'administrative', ownerTypes: ['municipality'] });
  });

  it('refuses a catalogue with a duplicate id or a standard measure that does not fit its group', () => {
    const [first] = CATALOGUE_2026.measures;
    expect(Catalogue.safeParse({ ...CATALOGUE_2026, measures: [first, first] }).success).toBe(false);
    expect(Catalogue.safeParse({ ...CATALOGUE_2026, measures: [{ ...first!, standardFor: ['adults'] }] }).success).toBe(false);
  });

  it('picks the version in force on a date', () => {
    expect(catalogueInForce('2026-06-01').version).toBe('2026.1');
    expect(() => catalogueInForce('2025-06-01')).toThrow(/no measures catalogue/);
  });
});

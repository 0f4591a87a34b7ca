// The covenant API contract (zod/mini): strict bodies, so no sender can be smuggled in, and the
// checks that need the whole request (every item's category disclosed, each category with an item).
import { describe, expect, it } from 'vitest';
import { safeParse } from 'zod/mini';
import { zodDetails } from '@cter/domain';
import { ConsentRequest, CovenantDecisionRequest, DisclosureRequest, InformingRequest, SubjectReportRequest } from '@cter/domain/schemas';

const pathsOf = (schema: Parameters<typeof safeParse>[0], body: unknown): string[] => {
  const result = safeParse(schema, body);
  return result.success ? [] : zodDetails(result.error).map((d) => d.path);
};

const disclosure = {
  recipients: ['ggz'],
  categories: ['criminal-data'],
  items: [{ category: 'criminal-data', label: 'Antecedenten', content: 'Bedreiging, 2024' }],
  purpose: 'case-consultation',
  basis: { kind: 'legal-basis', reference: 'wpg-20' },
  proportionality: 'Alleen wat de behandeling raakt',
  subsidiarity: 'Niet uit eigen bron te weten',
};

describe('disclosure request', () => {
  it('accepts a complete disclosure', () => expect(pathsOf(DisclosureRequest, disclosure)).toEqual([]));
  it('refuses a sender in the body', () => expect(pathsOf(DisclosureRequest, { ...disclosure, sender: 'om' })).toEqual(['sender']));
  it('needs proportionality and subsidiarity', () => {
    const { proportionality: _p, subsidiarity: _s, ...rest } = disclosure;
    expect(pathsOf(DisclosureRequest, rest)).toEqual(['proportionality', 'subsidiarity']);
  });
  it('keeps items and categories together', () => {
    expect(pathsOf(DisclosureRequest, { ...disclosure, categories: ['criminal-data', 'identity'] })).toEqual(['categories.1']);
    expect(pathsOf(DisclosureRequest, { ...disclosure, items: [{ ...disclosure.items[0], category: 'identity' }] })).toEqual(['items.0.category', 'categories.0']);
  });
  it('refuses unknown categories and purposes, and duplicates', () => {
    expect(pathsOf(DisclosureRequest, { ...disclosure, purpose: 'curiosity' })).toEqual(['purpose']);
    expect(pathsOf(DisclosureRequest, { ...disclosure, recipients: ['ggz', 'ggz'] })).toEqual(['recipients']);
  });
  it('takes consent by its id', () => expect(pathsOf(DisclosureRequest, { ...disclosure, basis: { kind: 'consent', consentId: 'not-a-uuid' } })).toEqual(['basis.consentId']));
});

describe('other covenant requests', () => {
  it('decision: recipients default to not invited', () => {
    const parsed = safeParse(CovenantDecisionRequest, { recipients: [{ organisationId: 'ggz' }], categories: ['identity'], purpose: 'weighing', stage: 'weighing', basis: { kind: 'legal-basis', reference: 'wpg-20' } });
    expect(parsed.success && parsed.data.recipients[0]?.invited).toBe(false);
  });
  it('consent: names recipients, categories and purposes', () => expect(pathsOf(ConsentRequest, { givenAt: '2026-01-01T00:00:00Z', form: 'written' })).toEqual(['recipients', 'categories', 'purposes']));
  it('informing: a deferral needs its ground, reason and review date', () => expect(pathsOf(InformingRequest, { kind: 'deferred' })).toEqual(['ground', 'reason', 'reviewAt']));
  it('subject report: a valid BSN, nothing else', () => {
    expect(pathsOf(SubjectReportRequest, { bsn: '111222333' })).toEqual([]);
    expect(pathsOf(SubjectReportRequest, { bsn: '123456789' })).toEqual(['bsn']);
    expect(pathsOf(SubjectReportRequest, { bsn: '111222333', name: 'X' })).toEqual(['name']);
  });
});

// The hand-over set of a warm transfer, decided by the covenant like every disclosure: allowed for
// the directing municipality and the ZVH under art. 13(1) and recorded as their disclosure to the
// receiving ZVH; refused (no record, nothing to send) for a sender the covenant does not permit.
import { describe, expect, it } from 'vitest';
import { handoverDisclosure, handoverSubjectOf, SharingRefused } from '../src/index';

const subject = { name: 'Test Persoon', bsn: '111222333', birthDate: '2005-03-14' };
const base = { disclosureId: '6f1d3a52-1c55-4a4f-9a36-0f6d2f1f7c11', caseId: 'c0a80101-0000-4000-8000-000000000001', toRegion: 'zaanstreek-waterland', subject, at: new Date('2026-06-01T10:00:00Z'), requestId: 'req-1' };

describe('the hand-over disclosure of a transfer', () => {
  it('is allowed under art. 13(1) and names the version; the transfer sends what it records', () => {
    const { record, decision } = handoverDisclosure({ ...base, sender: { organisationId: 'gemeente-haarlem', type: 'municipality' } });
    expect(decision.decision).toBe('allow');
    expect(record).toMatchObject({ sender: 'gemeente-haarlem', recipientIds: ['zaanstreek-waterland/zvh'], categories: ['identity'], purpose: 'transfer', stage: 'transfer', articles: ['13(1)'], covenantVersion: decision.covenantVersion });
    expect(handoverSubjectOf(record, 'zaanstreek-waterland')).toEqual(subject);
    expect(() => handoverSubjectOf(record, 'noord-holland-noord')).toThrow(/no hand-over/);
  });

  it('is refused, with its article, for a sender the covenant does not permit to hand over', () => {
    expect(() => handoverDisclosure({ ...base, sender: { organisationId: 'politie', type: 'police' } })).toThrow(SharingRefused);
  });
});

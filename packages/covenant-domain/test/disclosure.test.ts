// Disclosures and consent as pure logic: who the recipients are at the moment of the disclosure,
// what a consent covers, what a refusal says.
import { describe, expect, it } from 'vitest';
import { Conflict, ValidationFailed } from '@cter/domain';
import {
  allCovenants,
  consentGaps,
  covenantInForce,
  decideSharing,
  isInvited,
  recordConsent,
  refusalOf,
  resolveRecipients,
  sharingRequestOf,
  withdrawConsent,
  type ConsentRecord,
} from '../src/index';

const now = new Date('2026-05-01T10:00:00Z');
const later = (days: number) => new Date(now.getTime() + days * 86_400_000).toISOString();

describe('recipients of a disclosure', () => {
  it('are typed from the region and invited only while their invitation runs', () => {
    const participants = [
      { organisationId: 'ggz', until: later(7) },
      { organisationId: 'jeugdzorg', until: later(-1) },
    ];
    expect(resolveRecipients('kennemerland', 'politie', ['ggz', 'jeugdzorg', 'gemeente-haarlem'], participants, now)).toEqual([
      { organisationId: 'ggz', type: 'mental-health-care', invited: true },
      { organisationId: 'jeugdzorg', type: 'youth-care', invited: false },
      { organisationId: 'gemeente-haarlem', type: 'municipality', invited: false },
    ]);
    expect(isInvited([{ organisationId: 'ggz' }], 'ggz', now)).toBe(true);
  });

  it('are refused when unknown in the region or the sender itself', () => {
    expect(() => resolveRecipients('kennemerland', 'politie', ['gemeente-zaanstad', 'politie'], [], now)).toThrow(ValidationFailed);
  });
});

describe('a police disclosure of criminal data to mental-health care', () => {
  const covenant = covenantInForce(now, allCovenants());
  const ask = (caseState: 'signal-received' | 'consultation', invited: boolean, purpose: string) =>
    decideSharing(
      covenant,
      sharingRequestOf({
        sender: { organisationId: 'politie', type: 'police' },
        recipients: [{ organisationId: 'ggz', type: 'mental-health-care', invited }],
        request: { categories: ['criminal-data'], purpose: purpose as 'weighing', basis: { kind: 'legal-basis', reference: 'wpg-20' } },
        caseState,
      }),
    );

  it('is refused at the signal stage, the refusal naming the forbidding articles', () => {
    const refusal = refusalOf(ask('signal-received', false, 'weighing'));
    expect(refusal.status).toBe(403);
    expect(refusal.message).toMatch(/^the disclosure is refused under cter-2023, art\. /);
    expect(refusal.message).toContain('8(1)');
    expect(refusal.details[0]?.path).toBe('recipients.ggz.criminal-data');
  });

  it('is allowed at the consultation stage to the invited partner', () => {
    expect(ask('consultation', true, 'case-consultation')).toMatchObject({ decision: 'allow', stage: 'consultation', outcomes: [{ articles: ['9(4)'] }] });
    expect(ask('consultation', false, 'case-consultation').outcomes[0]?.articles).toContain('9(2)');
  });
});

describe('consent', () => {
  const consent: ConsentRecord = recordConsent({
    consentId: 'c-1',
    caseId: 'case-1',
    holder: { organisationId: 'ggz', type: 'mental-health-care' },
    request: { recipients: ['gemeente-haarlem'], categories: ['care-information'], purposes: ['case-consultation'], givenAt: now.toISOString(), form: 'written' },
    now,
    covenantVersion: 'cter-2023',
  });

  it('covers only its holder, recipients, categories and purposes', () => {
    expect(consentGaps(consent, 'ggz', ['gemeente-haarlem'], ['care-information'], 'case-consultation')).toEqual([]);
    expect(consentGaps(consent, 'jeugdzorg', ['politie'], ['special-health'], 'monitoring').map((g) => g.path)).toEqual(['basis.consentId', 'recipients.0', 'categories.0', 'purpose']);
  });

  it('goes to Cedar as withdrawn once withdrawn, and is withdrawn once', () => {
    const withdrawn = withdrawConsent(consent, {}, 'gemeente-haarlem', now);
    expect(withdrawn).toMatchObject({ state: 'withdrawn', withdrawnAt: now.toISOString(), withdrawalRecordedBy: 'gemeente-haarlem' });
    expect(() => withdrawConsent(withdrawn, {}, 'ggz', now)).toThrow(Conflict);
    const request = sharingRequestOf({
      sender: { organisationId: 'ggz', type: 'mental-health-care' },
      recipients: [{ organisationId: 'gemeente-haarlem', type: 'municipality', invited: false }],
      request: { categories: ['care-information'], purpose: 'case-consultation', basis: { kind: 'consent', consentId: 'c-1' } },
      caseState: 'consultation',
      consent: withdrawn,
    });
    expect(request.basis).toEqual({ kind: 'consent', consentId: 'c-1', state: 'withdrawn' });
    expect(decideSharing(covenantInForce(now, allCovenants()), request).outcomes[0]?.articles).toEqual(['10(3)']);
  });

  it('is not given in the future, nor withdrawn before it was given', () => {
    expect(() => recordConsent({ consentId: 'c-2', caseId: 'case-1', holder: { organisationId: 'ggz', type: 'mental-health-care' }, request: { recipients: ['politie'], categories: ['identity'], purposes: ['weighing'], givenAt: later(1), form: 'oral' }, now, covenantVersion: 'cter-2023' })).toThrow(ValidationFailed);
    expect(() => withdrawConsent(consent, { withdrawnAt: later(-1) }, 'ggz', now)).toThrow(ValidationFailed);
  });
});

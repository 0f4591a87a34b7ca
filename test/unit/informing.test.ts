// Informing the person as pure logic (services/covenant/domain/informing.ts): when a deferral's
// review is due, and which record is in force.
import { describe, expect, it } from 'vitest';
import { amsterdamDate, ValidationFailed } from '@cter/domain';
import { currentInforming, recordInforming, reviewDue } from '../../services/covenant/domain/informing';

const now = new Date('2026-05-01T10:00:00Z');
const later = (days: number) => new Date(now.getTime() + days * 86_400_000).toISOString();

describe('informing the person', () => {
  const defer = (reviewAt: string, recordedAt = now) =>
    recordInforming({ informingId: `i-${reviewAt}`, caseId: 'case-1', request: { kind: 'deferred', ground: 'safety', reason: 'Dreiging', reviewAt }, organisationId: 'gemeente-haarlem', now: recordedAt, covenantVersion: 'cter-2023' });

  it('needs a review date after today (in the Netherlands) for a deferral', () => {
    expect(() => defer('2026-05-01')).toThrow(ValidationFailed);
    expect(defer('2026-05-02')).toMatchObject({ kind: 'deferred', reviewAt: '2026-05-02' });
    // 23:30 UTC on 30 April is already 1 May in the Netherlands.
    expect(amsterdamDate(new Date('2026-04-30T23:30:00Z'))).toBe('2026-05-01');
  });

  it('is due for review on the review date, and the last record is the one in force', () => {
    const deferral = defer('2026-06-01');
    expect(reviewDue(deferral, new Date('2026-05-31T21:00:00Z'))).toBe(false);
    expect(reviewDue(deferral, new Date('2026-05-31T22:30:00Z'))).toBe(true);
    const informed = recordInforming({ informingId: 'i-2', caseId: 'case-1', request: { kind: 'informed', informedAt: now.toISOString(), channel: 'letter' }, organisationId: 'gemeente-haarlem', now: new Date(now.getTime() + 1000), covenantVersion: 'cter-2023' });
    expect(currentInforming([informed, deferral])?.informingId).toBe('i-2');
  });
});

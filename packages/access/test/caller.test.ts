// Who calls (the organisation behind the signing role) and what a caller may list and read: the
// public functions of @cter/access beside caseViewLevel (tested state by state in test/unit/case-access.test.ts).
import { describe, expect, it } from 'vitest';
import { callerFromIdentity, listScope, takesPart, visibleCase, type Caller, type CaseFacts } from '@cter/access';
import { findOrganisation } from '@cter/config';
import { CaseNotFound, NotAuthenticated } from '@cter/domain';

const arn = (role: string) => `arn:aws:sts::123456789012:assumed-role/${role}/session-1`;
const callerOf = (id: string): Caller => callerFromIdentity({ userArn: arn(`cter-kennemerland-${id}`) }, 'kennemerland');
const facts: CaseFacts = { caseId: 'c-1', regionId: 'kennemerland', municipality: 'haarlem', state: 'signal-received', participants: [] };

describe('callerFromIdentity', () => {
  it('resolves the organisation of a partner role of the region', () => {
    const caller = callerOf('gemeente-haarlem');
    expect(caller).toEqual({ regionId: 'kennemerland', organisation: findOrganisation('kennemerland', 'gemeente-haarlem'), principalArn: arn('cter-kennemerland-gemeente-haarlem') });
    expect(caller.organisation).toMatchObject({ type: 'municipality', municipality: 'haarlem' });
  });

  it('refuses a missing identity, a user instead of a role, another region\'s role and an unknown organisation', () => {
    expect(() => callerFromIdentity(undefined, 'kennemerland')).toThrow(NotAuthenticated);
    expect(() => callerFromIdentity({ userArn: 'arn:aws:iam::123456789012:user/alice' }, 'kennemerland')).toThrow(NotAuthenticated);
    expect(() => callerFromIdentity({ userArn: arn('cter-zaanstreek-waterland-politie') }, 'kennemerland')).toThrow(NotAuthenticated);
    expect(() => callerFromIdentity({ userArn: arn('cter-kennemerland-nobody') }, 'kennemerland')).toThrow(NotAuthenticated);
  });
});

describe('listScope', () => {
  it.each([
    ['gemeente-haarlem', { kind: 'municipality', municipality: 'haarlem' }],
    ['politie', { kind: 'all' }],
    ['om', { kind: 'all' }],
    ['specialist-re', { kind: 'all' }],
    ['zvh', { kind: 'admitted' }],
    ['ggz', { kind: 'none' }],
    ['privacy-officer', { kind: 'none' }],
  ])('%s lists %o', (organisation, scope) => {
    expect(listScope(callerOf(organisation))).toEqual(scope);
  });
});

describe('visibleCase', () => {
  it('gives the record and the view level of a visible case', () => {
    expect(visibleCase(callerOf('politie'), 'c-1', facts)).toEqual({ record: facts, level: 'full' });
  });

  it('answers CaseNotFound alike for an unknown case and one the caller may not see', () => {
    expect(() => visibleCase(callerOf('politie'), 'c-2', undefined)).toThrow(CaseNotFound);
    expect(() => visibleCase(callerOf('gemeente-velsen'), 'c-1', facts)).toThrow(CaseNotFound);
    expect(() => visibleCase(callerOf('zvh'), 'c-1', facts)).toThrow(CaseNotFound);
  });
});

describe('takesPart', () => {
  it('follows the one visibility rule, invitations included until they end', () => {
    const admitted: CaseFacts = { ...facts, state: 'consultation', admission: { at: '2026-01-01T00:00:00.000Z', version: 4 }, participants: [{ organisationId: 'ggz', until: '2026-03-01T00:00:00.000Z' }] };
    const ggz = findOrganisation('kennemerland', 'ggz')!;
    expect(takesPart('kennemerland', ggz, admitted, new Date('2026-02-01T00:00:00.000Z'))).toBe(true);
    expect(takesPart('kennemerland', ggz, admitted, new Date('2026-04-01T00:00:00.000Z'))).toBe(false);
    expect(takesPart('kennemerland', findOrganisation('kennemerland', 'jeugdzorg')!, admitted)).toBe(false);
  });
});

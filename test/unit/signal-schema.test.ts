import { describe, expect, it } from 'vitest';
import { zodDetails } from '@cter/domain';
import { RegisterSignalRequest } from '@cter/domain/schemas';

const valid = {
  subject: { name: 'A. Jansen', bsn: '111222333', birthDate: '2006-04-01', municipality: 'haarlem' },
  reason: 'Zorgen over uitingen op school',
  reporter: { name: 'Mentor', phone: '+31 23 555 0101' },
};

function pathsOf(body: unknown): string[] {
  const result = RegisterSignalRequest.safeParse(body);
  return result.success ? [] : zodDetails(result.error).map((d) => d.path);
}

describe('register signal request', () => {
  it('accepts a minimal signal', () => expect(pathsOf(valid)).toEqual([]));
  it('names subject.bsn for an invalid BSN', () => expect(pathsOf({ ...valid, subject: { ...valid.subject, bsn: '123456789' } })).toEqual(['subject.bsn']));
  it('refuses a reporting organisation in the body', () => expect(pathsOf({ ...valid, reportingOrganisation: 'politie' })).toEqual(['reportingOrganisation']));
  it('names every missing field', () => expect(pathsOf({ subject: {} })).toEqual(['subject.name', 'subject.bsn', 'subject.birthDate', 'subject.municipality', 'reason', 'reporter']));
  it('refuses a birth date in the future', () => expect(pathsOf({ ...valid, subject: { ...valid.subject, birthDate: '2999-01-01' } })).toEqual(['subject.birthDate']));
});

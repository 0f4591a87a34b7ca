// Issue 12 (low): a mentor is the signed role session of the ONE-on-ONE organisation, not a field.
import { describe, expect, it } from 'vitest';
import { mentorSessionOf, sessionNameOf } from '../src/mentor-principal';

const arn = (session: string, role = 'cter-kennemerland-one-on-one') => `arn:aws:sts::123456789012:assumed-role/${role}/${session}`;
const mentoring = { type: 'mentoring' };

describe('the mentor of a signed request', () => {
  it('is the role session name of an assumed-role principal', () => {
    expect(sessionNameOf(arn('mentor-7f3a'))).toBe('mentor-7f3a');
    expect(sessionNameOf('arn:aws-us-gov:sts::123456789012:assumed-role/r/mentor-1')).toBe('mentor-1');
    expect(sessionNameOf('arn:aws:iam::123456789012:user/mentor-7f3a')).toBeUndefined();
    expect(sessionNameOf('arn:aws:sts::123456789012:assumed-role/r/x')).toBeUndefined(); // session names have 2 to 64 characters
    expect(sessionNameOf(`${arn('mentor-1')}/more`)).toBeUndefined();
  });

  it('is a mentor only for the mentoring organisation and a session name that can be a mentor id', () => {
    expect(mentorSessionOf({ organisation: mentoring, principalArn: arn('mentor-7f3a') })).toBe('mentor-7f3a');
    expect(mentorSessionOf({ organisation: { type: 'municipality' }, principalArn: arn('mentor-7f3a', 'cter-kennemerland-gemeente-haarlem') })).toBeUndefined();
    // Session names may hold = , . @ which a mentor id never does: such a session is the organisation's system.
    expect(mentorSessionOf({ organisation: mentoring, principalArn: arn('system@one-on-one.nl') })).toBeUndefined();
    expect(mentorSessionOf({ organisation: mentoring, principalArn: 'not-an-arn' })).toBeUndefined();
  });
});

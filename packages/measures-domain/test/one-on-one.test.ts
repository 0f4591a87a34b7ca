// ONE-on-ONE: matching a young person to a mentor, the session log, and what a mentor may see.
import { describe, expect, it } from 'vitest';
import { Conflict, InvalidTransition, NotAllowed, ValidationFailed } from '@cter/domain';
import {
  assignMentor,
  logSession,
  matchMentor,
  type Mentor,
  mentorMaySee,
  NoMentorCapacity,
  type SessionInput,
  SessionRequest,
} from '../src/index';
import { parseInput } from '../src/validation';
import { activeMentoringMeasure, adoptedPlan, ctx, measureOf, MENTORING, stopMeasure } from './fixtures';

const mentors: Mentor[] = [
  { mentorId: 'mentor-a', regionId: 'kennemerland', capacity: 3, activeMentees: 3, languages: ['nl', 'ar'], gender: 'male' },
  { mentorId: 'mentor-b', regionId: 'kennemerland', capacity: 3, activeMentees: 1, languages: ['nl'], gender: 'female' },
  { mentorId: 'mentor-c', regionId: 'kennemerland', capacity: 2, activeMentees: 1, languages: ['nl', 'tr'], gender: 'male' },
  { mentorId: 'mentor-d', regionId: 'zaanstreek-waterland', capacity: 4, activeMentees: 0, languages: ['nl', 'ar'], gender: 'male' },
];

describe('matching a young person to a mentor', () => {
  it('picks a mentor in the same region with a free place, most free places first, and explains it', () => {
    const match = matchMentor({ regionId: 'kennemerland', targetGroups: ['minors'] }, mentors);
    expect(match).toEqual({
      mentorId: 'mentor-b',
      reasons: ['same region kennemerland', 'has capacity: 2 of 3 places free'],
      unmetPreferences: [],
      freePlacesBefore: 2,
    });
  });

  it('honours preferences among mentors with a free place', () => {
    const match = matchMentor({ regionId: 'kennemerland', targetGroups: ['young-adults'], preferences: { language: 'tr', mentorGender: 'male' } }, mentors);
    expect(match.mentorId).toBe('mentor-c');
    expect(match.reasons).toEqual(['same region kennemerland', 'has capacity: 1 of 2 places free', 'meets preference language tr', 'meets preference mentor gender male']);
  });

  it('says which preference it could not meet rather than leaving the young person without a mentor', () => {
    // mentor-a speaks Arabic but is full; mentor-d speaks Arabic but works in another region.
    const match = matchMentor({ regionId: 'kennemerland', targetGroups: ['minors'], preferences: { language: 'ar' } }, mentors);
    expect(match.mentorId).toBe('mentor-b');
    expect(match.unmetPreferences).toEqual(['language ar']);
  });

  it('fails with NoMentorCapacity when every mentor in the region is full', () => {
    const full = mentors.map((m) => ({ ...m, activeMentees: m.capacity }));
    expect(() => matchMentor({ regionId: 'kennemerland', targetGroups: ['minors'] }, full)).toThrow(NoMentorCapacity);
    expect(() => matchMentor({ regionId: 'kennemerland', targetGroups: ['minors'] }, full)).toThrow(/all 3 ONE-on-ONE mentors in region kennemerland are at capacity/);
    expect(() => matchMentor({ regionId: 'noord-holland-noord', targetGroups: ['minors'] }, mentors)).toThrow(/no ONE-on-ONE mentor in region noord-holland-noord/);
    try {
      matchMentor({ regionId: 'kennemerland', targetGroups: ['minors'] }, full);
    } catch (error) {
      expect(error).toMatchObject({ status: 409, code: 'NoMentorCapacity' });
    }
  });

  it('refuses to match an adult: ONE-on-ONE is for young people', () => {
    expect(() => matchMentor({ regionId: 'kennemerland', targetGroups: ['adults'] }, mentors)).toThrow(ValidationFailed);
  });
});

describe('mentor assignment and access', () => {
  it('records the mentor on the ONE-on-ONE measure, by the mentoring organisation only', () => {
    const measure = measureOf(adoptedPlan(), 'm-mentor');
    expect(assignMentor(measure, { mentorId: 'mentor-b' }, ctx(MENTORING.organisationId)).mentorId).toBe('mentor-b');
    expect(() => assignMentor(measure, { mentorId: 'mentor-b' }, ctx('jeugdzorg'))).toThrow(NotAllowed);
    expect(() => assignMentor(measureOf(adoptedPlan(), 'm-family'), { mentorId: 'mentor-b' }, ctx('jeugdzorg'))).toThrow(/not a ONE-on-ONE trajectory/);
  });

  it('lets a mentor see only their own mentee\'s measure', () => {
    const measure = activeMentoringMeasure('mentor-b');
    expect(mentorMaySee('mentor-b', measure)).toBe(true);
    expect(mentorMaySee('mentor-c', measure)).toBe(false);
    expect(mentorMaySee('mentor-b', { ...measure, catalogueId: 'family-support' })).toBe(false);
    expect(mentorMaySee('mentor-b', activeMentoringMeasure())).toBe(false);
  });
});

describe('session log', () => {
  const session = (overrides: Partial<SessionInput> = {}): SessionInput => ({
    sessionId: 's-1',
    date: '2026-03-05',
    durationMinutes: 60,
    themes: ['school-and-work', 'future-plans'],
    progress: { 'working-relationship': 3, 'self-reliance': 2, 'social-connection': 2, 'future-perspective': 3, resilience: 2 },
    ...overrides,
  });

  it('logs a session of the mentor\'s own mentee', () => {
    const log = logSession([], activeMentoringMeasure('mentor-b'), session(), 'mentor-b', '2026-03-06');
    expect(log).toEqual([{ ...session(), measureId: 'm-mentor', mentorId: 'mentor-b' }]);
  });

  it.each([
    ['a score outside 1 to 5', { progress: { 'working-relationship': 6, 'self-reliance': 2, 'social-connection': 2, 'future-perspective': 3, resilience: 2 } }],
    ['a missing dimension', { progress: { 'working-relationship': 3 } }],
    ['an unknown theme', { themes: ['politics'] }],
    ['no theme', { themes: [] }],
    ['a repeated theme', { themes: ['identity', 'identity'] }],
    ['too short', { durationMinutes: 5 }],
    ['fractional minutes', { durationMinutes: 45.5 }],
  ])('refuses %s (the session as the route parses it)', (_, overrides) => {
    expect(() => parseInput(SessionRequest, session(overrides as Partial<SessionInput>), 'session')).toThrow(ValidationFailed);
  });

  it('accepts the session the route parses', () => {
    expect(parseInput(SessionRequest, session(), 'session')).toEqual(session());
  });

  it.each([
    ['a date in the future', { date: '2026-03-07' }],
    ['a date before the trajectory started', { date: '2026-02-01' }],
  ])('refuses %s', (_, overrides) => {
    expect(() => logSession([], activeMentoringMeasure('mentor-b'), session(overrides), 'mentor-b', '2026-03-06')).toThrow(ValidationFailed);
  });

  it('refuses another mentor, an ended trajectory and a duplicate session', () => {
    const measure = activeMentoringMeasure('mentor-b');
    expect(() => logSession([], measure, session(), 'mentor-c', '2026-03-06')).toThrow(NotAllowed);
    const ended = stopMeasure(measure, { endedOn: '2026-03-04' }, ctx('one-on-one')).measure;
    expect(() => logSession([], ended, session(), 'mentor-b', '2026-03-06')).toThrow(InvalidTransition);
    const log = logSession([], measure, session(), 'mentor-b', '2026-03-06');
    expect(() => logSession(log, measure, session(), 'mentor-b', '2026-03-06')).toThrow(Conflict);
  });
});

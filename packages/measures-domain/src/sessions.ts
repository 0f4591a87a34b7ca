// The ONE-on-ONE session log (gesprekkenlog): when the mentor and young person met, how long,
// which themes, and progress scores on fixed dimensions, so the evaluation can compare trajectories.
import { Conflict, InvalidTransition, ValidationFailed } from '@cter/domain';
import type { SessionRequest } from './contract/session';
import type { Measure } from './measure';
import { assertMentorMaySee } from './mentor-access';

export const SESSION_THEMES = [
  'identity', // identiteit
  'family', // gezin
  'school-and-work', // school en werk
  'friends-and-network', // vrienden en netwerk
  'ideology-and-worldview', // ideologie en wereldbeeld
  'online-behaviour', // online gedrag
  'leisure', // vrije tijd
  'wellbeing', // welzijn en emoties
  'future-plans', // toekomstplannen
  'rules-and-justice', // regels en justitie
] as const;

export const PROGRESS_DIMENSIONS = [
  'working-relationship', // werkrelatie met de mentor
  'self-reliance', // zelfredzaamheid
  'social-connection', // sociale verbondenheid
  'future-perspective', // toekomstperspectief
  'resilience', // weerbaarheid
] as const;

/** A session as the route parsed it (SessionRequest, contract/session.ts), with its id. */
export type SessionInput = Omit<SessionRequest, 'sessionId'> & { sessionId: string };

export interface Session extends SessionInput {
  measureId: string;
  mentorId: string;
  /**
   * The organisation whose system logged it (the measure's owner at that moment). Views show only
   * sessions of the current owner; one logged before this was recorded has none and is not shown.
   */
  authorOrganisationId?: string;
}

/**
 * Adds a session to the log of the measure; `today` bounds the date, since sessions are logged
 * afterwards. The session is typed, not parsed again: the route validated it (scores, themes once each).
 */
export function logSession(log: readonly Session[], measure: Measure, session: SessionInput, mentorId: string, today: string): Session[] {
  assertMentorMaySee(mentorId, measure);
  if (measure.status !== 'active') throw new InvalidTransition(`measure ${measure.measureId} is ${measure.status}; sessions are logged while it is active`);
  if (session.date > today) throw new ValidationFailed('invalid session', [{ path: 'date', message: 'a session is logged after it took place' }]);
  if (session.date < measure.startedOn!) throw new ValidationFailed('invalid session', [{ path: 'date', message: 'before the trajectory started' }]);
  if (log.some((s) => s.sessionId === session.sessionId)) throw new Conflict(`session ${session.sessionId} is logged already`);
  return [...log, { ...session, measureId: measure.measureId, mentorId }];
}

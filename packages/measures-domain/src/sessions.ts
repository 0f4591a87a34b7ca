// The ONE-on-ONE session log (gesprekkenlog): when the mentor and young person met, how long,
// which themes, and progress scores on fixed dimensions, so the evaluation can compare trajectories.
import * as z from 'zod/mini';
import { Conflict, InvalidTransition, ValidationFailed } from '@cter/domain';
import type { Measure } from './measure';
import { assertMentorMaySee } from './mentor-access';
import { EntityId, IsoDate } from './references';
import { parseInput } from './validation';

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
export const SessionTheme = /* @__PURE__ */ (() => z.enum(SESSION_THEMES).check(z.describe('Theme discussed (gespreksthema)')))();

export const PROGRESS_DIMENSIONS = [
  'working-relationship', // werkrelatie met de mentor
  'self-reliance', // zelfredzaamheid
  'social-connection', // sociale verbondenheid
  'future-perspective', // toekomstperspectief
  'resilience', // weerbaarheid
] as const;

const Score = /* @__PURE__ */ (() => z.int('a score from 1 to 5').check(z.gte(1, 'a score from 1 to 5'), z.lte(5, 'a score from 1 to 5')))();
/** Every dimension is scored every session, so trajectories can be compared session by session. */
export const ProgressScores = /* @__PURE__ */ (() => z.strictObject(
  Object.fromEntries(PROGRESS_DIMENSIONS.map((d) => [d, Score])) as Record<(typeof PROGRESS_DIMENSIONS)[number], typeof Score>,
))();

export const SessionInput = /* @__PURE__ */ (() => z
  .strictObject({
    sessionId: EntityId,
    date: IsoDate,
    durationMinutes: z.int('whole minutes').check(z.gte(10, 'at least 10 minutes'), z.lte(480, 'at most 480 minutes')),
    themes: z
      .array(SessionTheme)
      .check(
        z.minLength(1, 'name at least one theme'),
        z.maxLength(SESSION_THEMES.length),
        z.refine((t) => new Set(t).size === t.length, 'themes must be unique'),
      ),
    progress: ProgressScores,
  })
  .check(z.describe('A mentoring session (mentorgesprek)')))();
export type SessionInput = z.input<typeof SessionInput>;

export interface Session extends z.output<typeof SessionInput> {
  measureId: string;
  mentorId: string;
  /**
   * The organisation whose system logged it (the measure's owner at that moment). Views show only
   * sessions of the current owner; one logged before this was recorded has none and is not shown.
   */
  authorOrganisationId?: string;
}

/** Adds a session to the log of the measure; `today` bounds the date, since sessions are logged afterwards. */
export function logSession(log: readonly Session[], measure: Measure, input: SessionInput, mentorId: string, today: string): Session[] {
  const session = parseInput(SessionInput, input, 'session');
  assertMentorMaySee(mentorId, measure);
  if (measure.status !== 'active') throw new InvalidTransition(`measure ${measure.measureId} is ${measure.status}; sessions are logged while it is active`);
  if (session.date > today) throw new ValidationFailed('invalid session', [{ path: 'date', message: 'a session is logged after it took place' }]);
  if (session.date < measure.startedOn!) throw new ValidationFailed('invalid session', [{ path: 'date', message: 'before the trajectory started' }]);
  if (log.some((s) => s.sessionId === session.sessionId)) throw new Conflict(`session ${session.sessionId} is logged already`);
  return [...log, { ...session, measureId: measure.measureId, mentorId }];
}

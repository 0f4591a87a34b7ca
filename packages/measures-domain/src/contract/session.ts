// Request shape of a ONE-on-ONE session. The mentor is not a field: it is the signed role session
// (the ONE-on-ONE organisation's system assumes its role with the mentor's id as session name).
import * as z from 'zod/mini';
import { eachOnce } from '@cter/domain';
import { EntityId, IsoDate } from '../references';
import { PROGRESS_DIMENSIONS, SESSION_THEMES } from '../sessions';

export const SessionTheme = /* @__PURE__ */ (() => z.enum(SESSION_THEMES).check(z.describe('Theme discussed (gespreksthema)')))();

const Score = /* @__PURE__ */ (() => z.int('a score from 1 to 5').check(z.gte(1, 'a score from 1 to 5'), z.lte(5, 'a score from 1 to 5')))();
/** Every dimension is scored every session, so trajectories can be compared session by session. */
export const ProgressScores = /* @__PURE__ */ (() => z.strictObject(
  Object.fromEntries(PROGRESS_DIMENSIONS.map((d) => [d, Score])) as Record<(typeof PROGRESS_DIMENSIONS)[number], typeof Score>,
))();

export const SessionRequest = /* @__PURE__ */ (() => z
  .strictObject({
    sessionId: z.optional(EntityId),
    date: IsoDate,
    durationMinutes: z.int('whole minutes').check(z.gte(10, 'at least 10 minutes'), z.lte(480, 'at most 480 minutes')),
    themes: z.array(SessionTheme).check(z.minLength(1, 'name at least one theme'), z.maxLength(SESSION_THEMES.length), z.refine(eachOnce, 'themes must be unique')),
    progress: ProgressScores,
  })
  .check(z.describe('A ONE-on-ONE session (mentorgesprek), logged by the mentor')))();
export type SessionRequest = z.output<typeof SessionRequest>;

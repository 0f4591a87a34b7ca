// Request shape of a ONE-on-ONE session. A mentor is a field, because a mentor is a person inside
// the ONE-on-ONE organisation (the signed caller), whose system vouches for which mentor calls.
import * as z from 'zod/mini';
import { EntityId, IsoDate } from '../references';
import { ProgressScores, SessionTheme, SESSION_THEMES } from '../sessions';

export const SessionRequest = z
  .strictObject({
    mentorId: EntityId,
    sessionId: z.optional(EntityId),
    date: IsoDate,
    durationMinutes: z.int('whole minutes').check(z.gte(10, 'at least 10 minutes'), z.lte(480, 'at most 480 minutes')),
    themes: z.array(SessionTheme).check(z.minLength(1, 'name at least one theme'), z.maxLength(SESSION_THEMES.length)),
    progress: ProgressScores,
  })
  .check(z.describe('A ONE-on-ONE session (mentorgesprek), logged by the mentor'));

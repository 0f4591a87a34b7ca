// Request shape of a ONE-on-ONE session. The mentor is not a field: it is the signed role session
// (the ONE-on-ONE organisation's system assumes its role with the mentor's id as session name).
import * as z from 'zod/mini';
import { EntityId, IsoDate } from '../references';
import { ProgressScores, SessionTheme, SESSION_THEMES } from '../sessions';

export const SessionRequest = /* @__PURE__ */ (() => z
  .strictObject({
    sessionId: z.optional(EntityId),
    date: IsoDate,
    durationMinutes: z.int('whole minutes').check(z.gte(10, 'at least 10 minutes'), z.lte(480, 'at most 480 minutes')),
    themes: z.array(SessionTheme).check(z.minLength(1, 'name at least one theme'), z.maxLength(SESSION_THEMES.length)),
    progress: ProgressScores,
  })
  .check(z.describe('A ONE-on-ONE session (mentorgesprek), logged by the mentor')))();

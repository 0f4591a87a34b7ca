// Request shape of matching a young person to a ONE-on-ONE mentor.
import * as z from 'zod/mini';
import { EntityId } from '../references';
import { Language, MENTOR_GENDERS } from './mentor-attributes';

export const MentorMatchRequest = /* @__PURE__ */ (() => z
  .strictObject({
    /** A mentor the programme chose itself; absent: the best match from the region's pool. */
    mentorId: z.optional(EntityId),
    preferences: z.optional(z.strictObject({ language: z.optional(Language), mentorGender: z.optional(z.enum(MENTOR_GENDERS)) })),
  })
  .check(z.describe('Match the young person to a ONE-on-ONE mentor (koppeling)')))();

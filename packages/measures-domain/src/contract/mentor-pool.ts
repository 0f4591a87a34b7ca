// Request shapes of the mentor pool route.
import * as z from 'zod/mini';
import { Language, MENTOR_GENDERS } from './mentor-attributes';

export const MentorPoolRequest = /* @__PURE__ */ (() => z
  .strictObject({
    capacity: z.int('a whole number').check(z.gte(0, 'at least 0'), z.lte(10, 'at most 10')),
    languages: z.array(Language).check(z.minLength(1, 'name at least one language'), z.maxLength(10)),
    gender: z.enum(MENTOR_GENDERS),
  })
  .check(z.describe('A mentor of the region pool: capacity and matching attributes, no name')))();

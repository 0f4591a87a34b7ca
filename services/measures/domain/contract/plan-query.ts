// Query of reading the plan: an earlier version, or the view of one ONE-on-ONE mentor.
import * as z from 'zod/mini';
import { EntityId } from '../references';

export const GetPlanQuery = z.strictObject({
  /** An earlier version as it was drafted (and adopted). */
  version: z.optional(z.coerce.number().check(z.refine(Number.isInteger, 'a whole number'), z.gte(1, 'at least 1'))),
  /** The ONE-on-ONE mentor reading, as vouched for by the mentoring organisation. */
  mentorId: z.optional(EntityId),
});

// Query of reading the plan: an earlier version. A mentor is the signed role session, not a parameter.
import * as z from 'zod/mini';

export const GetPlanQuery = /* @__PURE__ */ (() => z.strictObject({
  /** An earlier version as it was drafted (and adopted). */
  version: z.optional(z.coerce.number().check(z.refine(Number.isInteger, 'a whole number'), z.gte(1, 'at least 1'))),
}))();

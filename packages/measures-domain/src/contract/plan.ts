// Request shapes of the plan routes. zod/mini, built from the domain's own schemas.
import * as z from 'zod/mini';
import { planRequestShape } from '../plan-schema';

/**
 * A draft (no basedOnVersion) or a revision (the version read last) of the plan: the full content.
 * New measures come without `measureId` (the platform mints it); kept measures name theirs. The rules
 * across fields are checked by createPlan and revisePlan (plan-content-rules.ts), after this parse.
 */
export const DraftPlanRequest = /* @__PURE__ */ (() => z
  .strictObject({ basedOnVersion: z.optional(z.int('a whole number').check(z.gte(1, 'at least 1'))), ...planRequestShape })
  .check(z.describe('Draft or revise the plan of action (plan van aanpak opstellen of bijstellen). Besides each field\'s own rules, a plan is refused (422, a path per problem) unless its goals are phrased positively, each measure ends after its start, goal and measure ids occur once, a measure\'s goalIds name goals of the plan, and its target groups are unique with exactly one age group.')))();
export type DraftPlanRequest = z.output<typeof DraftPlanRequest>;

// Request shapes of the plan routes. zod/mini, built from the domain's own schemas.
import * as z from 'zod/mini';
import { checkPlanContent, planRequestShape } from '../plan-schema';

/**
 * A draft (no basedOnVersion) or a revision (the version read last) of the plan: the full content.
 * New measures come without `measureId` (the platform mints it); kept measures name theirs.
 */
export const DraftPlanRequest = /* @__PURE__ */ (() => z
  .strictObject({ basedOnVersion: z.optional(z.int('a whole number').check(z.gte(1, 'at least 1'))), ...planRequestShape })
  .check(z.superRefine(checkPlanContent), z.describe('Draft or revise the plan of action (plan van aanpak opstellen of bijstellen)')))();
export type DraftPlanRequest = z.output<typeof DraftPlanRequest>;

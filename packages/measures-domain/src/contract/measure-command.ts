// The request that starts or ends a measure (POST /cases/{caseId}/measures/{measureId}/transitions):
// a schema module of its own, so the lifecycle (measure-lifecycle.ts) takes the parsed command by its
// type and its function builds no schema at load.
import * as z from 'zod/mini';
import type { MeasureOutcome } from '../measure';
import { IsoDate } from '../references';

/** Why this result (toelichting); content, shown to the owner only. */
const explanation = /* @__PURE__ */ (() => z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(4000, 'at most 4000 characters')))();
const OUTCOMES_OF_COMPLETION = ['goal-achieved', 'partly-achieved', 'not-achieved'] as const satisfies readonly MeasureOutcome[];

export const MeasureCommand = /* @__PURE__ */ (() => z
  .discriminatedUnion('action', [
    z.strictObject({ action: z.literal('start'), startedOn: IsoDate }),
    z.strictObject({
      action: z.literal('complete'),
      endedOn: IsoDate,
      outcome: z.enum(OUTCOMES_OF_COMPLETION),
      explanation: z.optional(explanation),
    }),
    z.strictObject({
      action: z.literal('stop'),
      endedOn: IsoDate,
      // Stopped measures always count as stopped early, so outcome figures stay comparable.
      outcome: z._default(z.literal('stopped-early'), 'stopped-early'),
      explanation: z.optional(explanation),
    }),
  ])
  .check(z.describe('Start or end a measure (maatregel starten of beeindigen)')))();
/** A parsed command (the stop's outcome filled in). */
export type MeasureCommand = z.output<typeof MeasureCommand>;

// Request shape of a progress note. The acting organisation is never a field: it is the signed caller.
import * as z from 'zod/mini';
import { EntityId } from '../references';

export const ProgressNoteRequest = /* @__PURE__ */ (() => z
  .strictObject({
    /** Chosen by the caller to make a retry safe; generated when absent. */
    noteId: z.optional(EntityId),
    text: z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(8000, 'at most 8000 characters')),
  })
  .check(z.describe('A progress note on a measure (voortgangsnotitie), by its owner')))();

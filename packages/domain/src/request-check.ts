// zod's parse of a request part with the API's error words: what a generated validator falls back to,
// loaded with the route's schemas when its parser turns a request away, and how a schema the
// compiler cannot model is validated (packages/routes/src/validation.ts). Exported from
// '@cter/domain/schemas' only, so a function loads zod through it and not through the domain's index.
import { safeParse } from 'zod/mini';
import type * as z from 'zod/v4/core';
import type { ErrorDetail } from './errors';
import { validationMessage, zodDetails } from './validation-messages';

/** A request part's parsed value, or the details of why it is refused (a 422's). */
export type Outcome<T = unknown> = { ok: true; value: T } | { ok: false; details: ErrorDetail[] };

export function checkRequest(schema: z.$ZodType, input: unknown): Outcome {
  const result = safeParse(schema, input, { error: validationMessage });
  return result.success ? { ok: true, value: result.data } : { ok: false, details: zodDetails(result.error) };
}

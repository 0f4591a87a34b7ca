// What matching knows of a mentor besides capacity: languages and gender. No names.
import * as z from 'zod/mini';

export const MENTOR_GENDERS = ['female', 'male', 'non-binary'] as const;
export const Language = /* @__PURE__ */ (() => z.string().check(z.regex(/^[a-z]{2,3}$/, 'an ISO 639 language code such as nl, ar, tr')))();

// The form of the ids the measures domain mints and accepts (plans, measures, mentors, decisions),
// apart from the schemas that use it (references.ts): a function that only checks an id then loads
// no schema module, which would build every schema in it.

/** Letters, digits, - and _, at most 64, starting with a letter or digit. */
export const ENTITY_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

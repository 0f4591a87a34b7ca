// What a 422's details say about a problem the schema has no message of its own for (a field left
// out, a number where text belongs, a malformed date): the same words in every function. Zod's own
// text is "Invalid input" for all of them unless a bundle loads zod's English locale, which three
// functions do (they carry `zod` for the covenant's schemas), so without this the same mistake read
// differently per route. Passed as the error map of each parse; a message the schema gives wins.
// Kept small: every function with a route carries it (the bundle budget).
import type * as z from 'zod/v4/core';
import type { ErrorDetail } from './errors';

export function validationMessage(issue: z.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      // JSON has no undefined: the field is absent.
      return issue.input === undefined ? 'required' : `expected ${issue.expected === 'int' ? 'a whole number' : issue.expected}`;
    case 'invalid_format':
      return issue.format === 'regex' ? 'not in the expected form' : `not a valid ${issue.format}`;
    case 'invalid_value':
      return `one of ${issue.values.join(', ')}`;
    case 'invalid_union':
      // A discriminated union's tag (the issue's path ends in it) with a value none of its forms has.
      return Array.isArray(issue.options) ? `one of ${issue.options.join(', ')}` : 'matches none of the accepted forms';
    case 'too_small':
      return `${issue.inclusive === false ? 'more than' : 'at least'} ${issue.minimum}`;
    case 'too_big':
      return `${issue.inclusive === false ? 'less than' : 'at most'} ${issue.maximum}`;
    case 'unrecognized_keys':
      return `unknown field: ${issue.keys.join(', ')}`;
    default:
      return 'not valid';
  }
}

/** A failed parse as the API's error details: a dotted path per problem, an unknown field per key. */
export function zodDetails(error: z.$ZodError): ErrorDetail[] {
  return error.issues.flatMap((issue) => {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: base ? `${base}.${key}` : key, message: 'unknown field' }));
    }
    return [{ path: base, message: issue.message }];
  });
}

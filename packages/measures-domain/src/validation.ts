// Turns schema failures into the named ValidationFailed error, so every domain function reports
// bad input the same way (422 with a path per problem) and never echoes the offending values.
import * as z from 'zod/mini';
import { ValidationFailed, validationMessage, zodDetails } from '@cter/domain';

export function parseInput<T extends z.ZodMiniType>(schema: T, input: unknown, what: string): z.output<T> {
  const result = z.safeParse(schema, input, { error: validationMessage });
  if (result.success) return result.data;
  throw new ValidationFailed(`invalid ${what}`, zodDetails(result.error));
}

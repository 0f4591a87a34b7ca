// Turns schema failures into the named ValidationFailed error, so the one domain function that parses
// its input (adoptPlan, for a decision from outside the platform) reports bad input as the routes do
// (422 with a path per problem) and never echoes the offending values. The others take input the
// route parsed, by type.
import * as z from 'zod/mini';
import { ValidationFailed, validationMessage, zodDetails } from '@cter/domain';

export function parseInput<T extends z.ZodMiniType>(schema: T, input: unknown, what: string): z.output<T> {
  const result = z.safeParse(schema, input, { error: validationMessage });
  if (result.success) return result.data;
  throw new ValidationFailed(`invalid ${what}`, zodDetails(result.error));
}

// The wrappers of every function a state machine or an event rule calls: validated input, the
// shared logger, tracing and metrics, and errors thrown as they are so the state machine's Retry
// and Catch (or the rule's retries and dead-letter queue) decide what happens next. Log lines carry
// the case id as correlation id, as the case's other steps do.
import middy from '@middy/core';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import type * as z from 'zod/v4/core';
import { safeParse } from 'zod/mini';
import { correlate, logger, observability } from '@cter/http';

export class StepInputInvalid extends Error {
  override name = 'StepInputInvalid';
}

function validated<S extends z.$ZodType>(name: string, schema: S, value: unknown): z.output<S> {
  const parsed = safeParse(schema, value);
  // Paths only: inputs carry ids, and hand-overs a person's identity; never echo values into logs.
  if (!parsed.success) throw new StepInputInvalid(`${name}: invalid input at ${parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ')}`);
  return parsed.data;
}

/** A step a state machine invokes with `{ caseId, ... }`. */
export function workflowStep<S extends z.$ZodType, R>(name: string, input: S, handle: (input: z.output<S>) => Promise<R>) {
  return middy<unknown, R>()
    .use(observability())
    .handler(async (event: unknown, context: Context) => {
      correlate((event as { caseId?: unknown } | null)?.caseId, context.awsRequestId);
      const data = validated(name, input, event);
      logger.appendKeys({ step: name });
      const result = await handle(data);
      logger.info('step done');
      return result;
    });
}

/**
 * A target of an EventBridge rule (the hand-over bus): the event's detail validated, correlated by
 * `correlationOf(detail)` (a case id), the event id logged beside it.
 */
export function eventTarget<S extends z.$ZodType, R>(name: string, detail: S, correlationOf: (detail: z.output<S>) => string, handle: (detail: z.output<S>) => Promise<R>) {
  return middy<EventBridgeEvent<string, unknown>, R>()
    .use(observability())
    .handler(async (event: EventBridgeEvent<string, unknown>, context: Context) => {
      correlate(event.id, context.awsRequestId);
      logger.appendKeys({ step: name, eventId: event.id });
      const data = validated(name, detail, event.detail);
      correlate(correlationOf(data), event.id);
      const result = await handle(data);
      logger.info('step done');
      return result;
    });
}

// The wrappers of every function a state machine or an event rule calls: validated input, the
// shared logger, tracing and metrics, and errors thrown as they are so the state machine's Retry
// and Catch (or the rule's retries and dead-letter queue) decide what happens next. Log lines carry
// the case id as correlation id, as the case's other steps do.
import middy from '@middy/core';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import type { Validator } from '@cter/routes/contract';
import { correlate, logger, observability } from '@cter/http';

export class StepInputInvalid extends Error {
  override name = 'StepInputInvalid';
}

/**
 * The input as its generated parser (`@cter/routes/steps`) gives it. A refused input is a mismatch
 * between a state machine (or another region's hand-over) and this function's schema; the error
 * names neither fields nor values (inputs carry ids, hand-overs a person's identity): the execution
 * history, or the dead-letter queue's message, holds the input.
 */
async function validated<T>(name: string, validate: Validator<T>, value: unknown): Promise<T> {
  const outcome = await validate(value);
  if (!outcome.ok) throw new StepInputInvalid(`${name}: the input does not match the step's schema (packages/routes/src/step-inputs.ts)`);
  return outcome.value;
}

/** A step a state machine invokes with `{ caseId, ... }`. */
export function workflowStep<T, R>(name: string, input: Validator<T>, handle: (input: T) => Promise<R>) {
  return middy<unknown, R>()
    .use(observability())
    .handler(async (event: unknown, context: Context) => {
      correlate((event as { caseId?: unknown } | null)?.caseId, context.awsRequestId);
      const data = await validated(name, input, event);
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
export function eventTarget<T, R>(name: string, detail: Validator<T>, correlationOf: (detail: T) => string, handle: (detail: T) => Promise<R>) {
  return middy<EventBridgeEvent<string, unknown>, R>()
    .use(observability())
    .handler(async (event: EventBridgeEvent<string, unknown>, context: Context) => {
      correlate(event.id, context.awsRequestId);
      logger.appendKeys({ step: name, eventId: event.id });
      const data = await validated(name, detail, event.detail);
      correlate(correlationOf(data), event.id);
      const result = await handle(data);
      logger.info('step done');
      return result;
    });
}

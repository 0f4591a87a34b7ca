// The wrapper of every function a state machine calls: validated input, the shared logger, tracing
// and metrics, and errors thrown as they are so the state machine's Retry and Catch decide what
// happens next. Its log lines carry the case id as correlation id, as the case's other steps do.
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type * as z from 'zod/v4/core';
import { safeParse } from 'zod/mini';
import { correlate, logger, observability } from '@cter/http';

export class StepInputInvalid extends Error {
  override name = 'StepInputInvalid';
}

export function workflowStep<S extends z.$ZodType, R>(name: string, input: S, handle: (input: z.output<S>) => Promise<R>) {
  return middy<unknown, R>()
    .use(observability())
    .handler(async (event: unknown, context: Context) => {
      correlate((event as { caseId?: unknown } | null)?.caseId, context.awsRequestId);
      const parsed = safeParse(input, event);
      if (!parsed.success) {
        // Paths only: inputs carry ids, but never echo values into logs.
        throw new StepInputInvalid(`${name}: invalid input at ${parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ')}`);
      }
      logger.appendKeys({ step: name });
      const result = await handle(parsed.data);
      logger.info('step done');
      return result;
    });
}

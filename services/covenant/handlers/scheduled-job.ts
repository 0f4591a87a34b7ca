// The wrapper of the covenant's scheduled functions (EventBridge Scheduler, daily): the shared
// logger, tracing and metrics, the run's "now" from the clock (never from the event, so no caller
// can move a deadline) and its request id as run id and correlation id. Errors are thrown: the
// schedule retries and then dead-letters.
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { correlate, logger, observability } from '@cter/http';

export function scheduledJob<R>(name: string, run: (job: { now: Date; runId: string }) => Promise<R>) {
  return middy<unknown, R>()
    .use(observability())
    .handler(async (_event: unknown, context: Context) => {
      correlate(context.awsRequestId, context.awsRequestId);
      logger.appendKeys({ job: name });
      const result = await run({ now: new Date(), runId: context.awsRequestId });
      logger.info('job done', { result: result as Record<string, unknown> });
      return result;
    });
}

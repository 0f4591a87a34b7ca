// X-Ray tracing inside the function (Powertools Tracer with the X-Ray SDK): the handler's segment and
// one subsegment per AWS call. Lambda's active tracing records every invocation without it (its
// Initialization, Invocation and Overhead segments, joined to API Gateway's and Step Functions'), so
// this finer tracing is a switch: the stacks' `cter:sdkTracing` context sets POWERTOOLS_TRACE_ENABLED
// (off by default). Off, the tracer is never imported: loading the X-Ray SDK is about 38 ms of every
// cold start, and its segments about 0.3x of a warm read (docs/performance.md).
// Responses are never recorded as trace metadata: they carry the person's data.
import type { Tracer } from '@aws-lambda-powertools/tracer';

export const tracer: Tracer | undefined =
  process.env.POWERTOOLS_TRACE_ENABLED === 'true' ? new (await import('@aws-lambda-powertools/tracer')).Tracer() : undefined;

/** The SDK client, with its calls traced when SDK tracing is on (unchanged otherwise). */
export function traced<Client>(client: Client): Client {
  return tracer ? tracer.captureAWSv3Client(client) : client;
}

// The middlewares every function wrapper starts its middy chain with: tracing (when SDK tracing is on), the logger's Lambda
// context (keys reset per invocation) and the metrics flush. One list, so no function can miss one.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { logger } from './logger';
import { metrics } from './metrics';
// The tracer alone, not the store's index: a function that reads no table carries no DynamoDB client.
import { tracer } from '@cter/store/tracer';

// Imported only when SDK tracing is on (see packages/store/src/tracer.ts).
const tracerMiddleware = tracer ? await import('@aws-lambda-powertools/tracer/middleware') : undefined;

export function observability() {
  return [
    // The response is the API's body or a step's output: personal data, never trace metadata.
    ...(tracer && tracerMiddleware ? [tracerMiddleware.captureLambdaHandler(tracer, { captureResponse: false })] : []),
    injectLambdaContext(logger, { resetKeys: true }),
    // Flushed after the handler, also when it throws; an invocation that counted nothing writes nothing.
    logMetrics(metrics, { throwOnEmptyMetrics: false, captureColdStartMetric: false }),
  ];
}

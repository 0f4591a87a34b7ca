// The middlewares every function wrapper starts its middy chain with: tracing, the logger's Lambda
// context (keys reset per invocation) and the metrics flush. One list, so no function can miss one.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { logger } from './logger';
import { metrics } from './metrics';
// The tracer alone, not the store's index: a function that reads no table carries no DynamoDB client.
import { tracer } from '@cter/store/tracer';

export function observability() {
  return [
    // The response is the API's body or a step's output: personal data, never trace metadata.
    captureLambdaHandler(tracer, { captureResponse: false }),
    injectLambdaContext(logger, { resetKeys: true }),
    // Flushed after the handler, also when it throws; an invocation that counted nothing writes nothing.
    logMetrics(metrics, { throwOnEmptyMetrics: false, captureColdStartMetric: false }),
  ];
}

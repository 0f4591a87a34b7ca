// The middlewares every function wrapper starts its middy chain with: tracing (when SDK tracing is on), the logger's Lambda
// context (keys reset per invocation) and whatever the function's modules add: the business metrics'
// flush comes with `@cter/http/metrics`, so only a function that counts a metric loads Powertools
// Metrics. One list, so no function can miss one.
import type middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logger } from './logger';
// The tracer alone, not the store's index: a function that reads no table carries no DynamoDB client.
import { tracer } from '@cter/store/tracer';

// Imported only when SDK tracing is on (see packages/store/src/tracer.ts).
const tracerMiddleware = tracer ? await import('@aws-lambda-powertools/tracer/middleware') : undefined;

// Added by a module when it is loaded, so before any handler built on it: imports evaluate first.
const added: middy.MiddlewareObj[] = [];

/** Puts a middleware in the chain of every function that loads the calling module. */
export function observeWith(middleware: middy.MiddlewareObj): void {
  added.push(middleware);
}

export function observability() {
  return [
    // The response is the API's body or a step's output: personal data, never trace metadata.
    ...(tracer && tracerMiddleware ? [tracerMiddleware.captureLambdaHandler(tracer, { captureResponse: false })] : []),
    injectLambdaContext(logger, { resetKeys: true }),
    ...added,
  ];
}

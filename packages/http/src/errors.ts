// The one mapping from errors to HTTP responses. Only domain errors (below 500, and 503) expose
// their message; anything else is "internal error" with the request id to quote.
import type { APIGatewayProxyResult } from 'aws-lambda';
import { DomainError, ServiceUnavailable } from '@cter/domain';
import { logger } from './logger';

export function errorResponse(error: unknown, requestId: string): APIGatewayProxyResult {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  // A domain error of 500 (e.g. a covenant evaluation that broke) is an internal error to the caller:
  // its message may quote Cedar's diagnostics, policy ids or data.
  if (error instanceof DomainError && (error.status < 500 || error instanceof ServiceUnavailable)) {
    if (error instanceof ServiceUnavailable) {
      headers['retry-after'] = String(error.retryAfterSeconds);
      logger.warn('backing service unavailable');
    }
    return {
      statusCode: error.status,
      headers,
      body: JSON.stringify({ error: { code: error.code, message: error.message, details: error.details, requestId } }),
    };
  }
  // Log the error class only: SDK and runtime messages may quote item contents.
  logger.error('unhandled error', { errorName: error instanceof Error ? error.name : typeof error });
  return {
    statusCode: 500,
    headers,
    body: JSON.stringify({ error: { code: error instanceof DomainError ? error.code : 'InternalError', message: 'internal error; quote the request id when reporting it', details: [], requestId } }),
  };
}

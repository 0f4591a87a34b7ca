// Correlation ids tie together the log lines of one unit of work: an API request (the caller's
// x-correlation-id, else API Gateway's request id), a workflow step or a stream record (the case).
import { CORRELATION_ID_PATTERN } from '@cter/domain';
import { logger } from './logger';

export { CORRELATION_HEADER } from '@cter/domain';

/** `candidate` when it is a well-formed id (1 to 64 of A-Z a-z 0-9 . _ -), else `fallback`. */
export function correlationIdOf(candidate: unknown, fallback: string): string {
  return typeof candidate === 'string' && CORRELATION_ID_PATTERN.test(candidate) ? candidate : fallback;
}

/** Every further log line of this invocation carries `correlation_id` (cleared with the other keys when it ends). */
export function correlate(candidate: unknown, fallback: string): string {
  const id = correlationIdOf(candidate, fallback);
  logger.setCorrelationId(id);
  return id;
}

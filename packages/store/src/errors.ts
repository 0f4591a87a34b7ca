// Translates AWS SDK failures into domain errors: an unreachable or throttling DynamoDB is a
// ServiceUnavailable (503 with Retry-After), a pagination cursor DynamoDB refuses is the caller's
// bad input (422), everything else stays an internal error.
import { ServiceUnavailable, ValidationFailed } from '@cter/domain';

const UNAVAILABLE_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
  'RequestTimeout',
]);
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);

export function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: string }).code;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return UNAVAILABLE_NAMES.has(error.name) || (code !== undefined && UNAVAILABLE_CODES.has(code)) || (status !== undefined && status >= 500);
}

/**
 * A cursor decodes to the right key names but DynamoDB refuses it as the query's start: a key of
 * another partition, outside the sort key condition, or an empty key value ("The provided starting
 * key ..."). Cursors come from callers, so that is their bad input, never an internal error.
 */
export function isRefusedStartKey(error: unknown): boolean {
  return error instanceof Error && error.name === 'ValidationException' && /provided starting key/i.test(error.message);
}

/** Runs a store operation, turning availability failures into ServiceUnavailable. */
export async function guarded<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (isUnavailable(error)) throw new ServiceUnavailable();
    if (isRefusedStartKey(error)) throw new ValidationFailed('the cursor is not valid for this query', [{ path: 'cursor', message: 'use the nextCursor of the previous page' }]);
    throw error;
  }
}

/** Cancellation reasons of a failed TransactWriteItems, in item order ('None' where the item was fine). */
export function cancellationReasons(error: unknown): string[] | undefined {
  if (error instanceof Error && error.name === 'TransactionCanceledException') {
    const reasons = (error as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons ?? [];
    return reasons.map((r) => r.Code ?? 'None');
  }
  return undefined;
}

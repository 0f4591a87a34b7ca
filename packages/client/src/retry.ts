// When to try a request again, and how long to wait: exponential backoff with full jitter, or
// what the service asked for (Retry-After). A write that may have happened is not sent twice.
import { causeCode } from './errors';

export interface RetryOptions {
  /** Attempts in all, the first included (default 3, as the AWS SDKs). */
  maxAttempts?: number;
  /** First backoff ceiling in ms (default 100); doubles per attempt. */
  baseDelayMs?: number;
  /** Longest wait in ms (default 20 000); a longer Retry-After ends the retries. */
  maxDelayMs?: number;
}

export const DEFAULT_RETRY: Required<RetryOptions> = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 20_000 };

/** Full jitter: a random wait between 0 and min(max, base * 2^(attempt-1)). */
export function backoffDelay(attempt: number, options: Required<RetryOptions>, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Statuses worth another attempt. 429 and 503 mean the request was not processed, so every request
 * may be sent again; 502 and 504 leave it open whether a write happened, so only requests that are
 * safe to repeat (reads, PUT, a signal with its Idempotency-Key) are.
 */
export function retryableStatus(status: number, repeatable: boolean): boolean {
  if (status === 429 || status === 503) return true;
  return repeatable && (status === 502 || status === 504);
}

/** Errors where the request certainly never reached the service. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** A failure without a response: always retried when nothing was sent, otherwise only when repeatable. */
export function retryableNetworkError(error: unknown, repeatable: boolean): boolean {
  const code = causeCode(error);
  if (code && NOT_SENT.has(code)) return true;
  return repeatable;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// Typed errors: one class per kind of failure a partner system handles differently. The API's
// error shape (`{"error":{"code","message","details","requestId"}}`) and the gateway's own
// AWS-shaped refusals (`{"message"}`, `x-amzn-errortype`) both become a CterApiError.

export interface ErrorDetail {
  /** Dotted path of the offending field, e.g. `subject.bsn`; empty for the whole request. */
  path: string;
  message: string;
}

export class CterApiError extends Error {
  /** HTTP status. */
  readonly status: number;
  /** `ValidationFailed`, `StaleVersion`, `NotAllowed`, `AccessDeniedException`, ... */
  readonly code: string;
  readonly details: ErrorDetail[];
  /** Quote it when reporting a problem. */
  readonly requestId: string | undefined;
  /** `METHOD /path` of the route called. */
  readonly route: string;
  /** Whether the API Gateway refused the request itself (signature, IAM, throttling, size). */
  readonly fromGateway: boolean;

  constructor(init: { status: number; code: string; message: string; details?: ErrorDetail[]; requestId?: string | undefined; route: string; fromGateway?: boolean }) {
    super(`${init.route}: ${init.status} ${init.code}: ${init.message}`);
    this.name = new.target.name;
    this.status = init.status;
    this.code = init.code;
    this.details = init.details ?? [];
    this.requestId = init.requestId;
    this.route = init.route;
    this.fromGateway = init.fromGateway ?? false;
  }
}

/** 400, 413, 415: the request is malformed, too large or not JSON. */
export class BadRequestError extends CterApiError {}
/** 401, 403: refused by the gateway (signature, IAM) or by the handler for this object. */
export class ForbiddenError extends CterApiError {}
/** 404: unknown, or not visible to the caller (the API does not tell them apart). */
export class NotFoundError extends CterApiError {}
/** 409: a stale version, a task no longer open, an id used before. Read again, then decide. */
export class ConflictError extends CterApiError {}
/** 422: fields are not valid; `details` names each. */
export class ValidationError extends CterApiError {}
/** 429: throttled, after the client's retries. */
export class TooManyRequestsError extends CterApiError {}
/** 502, 503, 504: unavailable, after the client's retries. */
export class ServiceUnavailableError extends CterApiError {
  /** Seconds the service asked to wait (Retry-After), when it said. */
  readonly retryAfterSeconds: number | undefined;
  constructor(init: ConstructorParameters<typeof CterApiError>[0] & { retryAfterSeconds?: number | undefined }) {
    super(init);
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

/** No HTTP response at all (connection refused or reset, timeout), after the client's retries. */
export class CterNetworkError extends Error {
  readonly route: string;
  constructor(route: string, cause: unknown) {
    super(`${route}: no response (${cause instanceof Error ? (causeCode(cause) ?? cause.message) : String(cause)})`, { cause });
    this.name = 'CterNetworkError';
    this.route = route;
  }
}

/** The system error code under a fetch failure (`ECONNREFUSED`, `UND_ERR_SOCKET`, ...). */
export function causeCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    if ((e as { name?: unknown }).name === 'TimeoutError' || (e as { name?: unknown }).name === 'AbortError') return 'TIMEOUT';
  }
  return undefined;
}

export function apiError(route: string, status: number, body: unknown, headers: Headers): CterApiError {
  const shaped = (body as { error?: { code?: unknown; message?: unknown; details?: unknown; requestId?: unknown } } | undefined)?.error;
  const gateway = !shaped && body && typeof body === 'object' ? (body as { message?: unknown; __type?: unknown }) : undefined;
  const requestId = typeof shaped?.requestId === 'string' ? shaped.requestId : (headers.get('x-amzn-requestid') ?? undefined);
  const init = {
    status,
    route,
    requestId,
    code: typeof shaped?.code === 'string' ? shaped.code : (headers.get('x-amzn-errortype')?.split(':')[0] ?? (typeof gateway?.__type === 'string' ? gateway.__type : `Http${status}`)),
    message: typeof shaped?.message === 'string' ? shaped.message : typeof gateway?.message === 'string' ? gateway.message : typeof body === 'string' && body ? body.slice(0, 200) : `HTTP ${status}`,
    details: Array.isArray(shaped?.details) ? (shaped.details as ErrorDetail[]) : [],
    fromGateway: !shaped,
  };
  switch (status) {
    case 400:
    case 413:
    case 415:
      return new BadRequestError(init);
    case 401:
    case 403:
      return new ForbiddenError(init);
    case 404:
      return new NotFoundError(init);
    case 409:
      return new ConflictError(init);
    case 422:
      return new ValidationError(init);
    case 429:
      return new TooManyRequestsError(init);
    case 502:
    case 503:
    case 504: {
      const seconds = Number(headers.get('retry-after'));
      return new ServiceUnavailableError({ ...init, ...(Number.isFinite(seconds) && headers.has('retry-after') ? { retryAfterSeconds: seconds } : {}) });
    }
    default:
      return new CterApiError(init);
  }
}

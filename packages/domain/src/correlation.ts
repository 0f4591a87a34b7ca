// The correlation id is part of the API contract: a partner may send its own id with a request and
// finds it back in the response and in the platform's logs (docs/observability.md).

export const CORRELATION_HEADER = 'x-correlation-id';

/** Opaque ids only (1 to 64 of A-Z a-z 0-9 . _ -); anything else is replaced by the request id. */
export const CORRELATION_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

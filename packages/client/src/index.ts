// @cter/client: the typed client for partner systems. See packages/client/README.md.
export * from './client';
export * from './errors';
export { signRequest, type Credentials, type CredentialsProvider, type SigningOptions, type UnsignedRequest } from './signer';
export { resolveEndpoint, DEFAULT_ENDPOINTS_FILE, type Endpoint } from './endpoints';
export { backoffDelay, retryAfterMs, DEFAULT_RETRY, type RetryOptions } from './retry';

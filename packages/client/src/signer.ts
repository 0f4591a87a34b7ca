// SigV4 for execute-api, exactly as the AWS SDKs sign: the request's method, path, query, headers
// and body hash. Shared with the test suite's low-level client (test/support/signed-client.ts).
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** The shape of the AWS SDK's credential providers (`fromNodeProviderChain`, `fromIni`, ...). */
export type CredentialsProvider = () => Promise<Credentials>;

export interface UnsignedRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string | undefined;
}

export interface SigningOptions {
  credentials: Credentials;
  /** The AWS region of the API (eu-west-1 for every ZVH region today). */
  awsRegion: string;
  /** Sign as of this moment (default now). */
  signingDate?: Date;
}

/** The query of a URL as the signer wants it: repeated keys become arrays (no prototype, so `__proto__` is a key like any other). */
function queryOf(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = Object.create(null);
  for (const [k, v] of url.searchParams) {
    const existing = Object.hasOwn(query, k) ? query[k] : undefined;
    query[k] = existing === undefined ? v : Array.isArray(existing) ? [...existing, v] : [existing, v];
  }
  return query;
}

/** Returns the headers to send: the request's own plus the signature (without `host`, which fetch sets). */
export async function signRequest(request: UnsignedRequest, options: SigningOptions): Promise<Record<string, string>> {
  const { url, method, body } = request;
  const signer = new SignatureV4({ service: 'execute-api', region: options.awsRegion, sha256: Sha256, credentials: options.credentials });
  const signed = await signer.sign(
    new HttpRequest({
      method,
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      query: queryOf(url),
      headers: { ...request.headers, host: url.host },
      ...(body !== undefined ? { body } : {}),
    }),
    options.signingDate ? { signingDate: options.signingDate } : {},
  );
  const { host: _host, ...headers } = signed.headers as Record<string, string>;
  return headers;
}

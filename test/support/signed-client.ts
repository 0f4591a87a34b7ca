// A small SigV4-signing HTTP client for tests: signs like any AWS SDK would, as a given profile.
import { signRequest } from '@cter/client';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { inject } from 'vitest';
import { uniqueBsn } from './bsn';
import type { IssuedCredential, Twin, TwinEndpoints } from '@cter/twin';

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export function credentialOf(profile: string): IssuedCredential {
  const found = inject('twin').credentials.find((c) => c.profile === profile);
  if (!found) throw new Error(`no twin profile ${profile}`);
  return found;
}

export function apiOf(region: string): { api: string; awsRegion: string } {
  const found = inject('twin').endpoints.regions[region];
  if (!found) throw new Error(`no twin region ${region}`);
  return found;
}

export interface CallOptions {
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  /** Sign with another secret (wrong-signature tests). */
  secret?: string;
  /** Sign as of this moment (expired-signature tests). */
  signingDate?: Date;
  /** Send without a signature. */
  unsigned?: boolean;
  /** Change the body after signing (tamper tests). */
  tamper?: (body: string) => string;
  /** Send to another region's API than the profile's. */
  region?: string;
}

/** Calls `METHOD /path` of a region's API as `profile` (`<region>.<organisation>`) on the test run's twin. */
export async function call<T = any>(profile: string, method: string, pathAndQuery: string, options: CallOptions = {}): Promise<Reply<T>> {
  const region = options.region ?? profile.split('.')[0]!;
  return signedCall<T>(apiOf(region), credentialOf(profile), method, pathAndQuery, options);
}

/** Calls `METHOD /path` as `profile` on a twin a test started itself (its own credentials and ports). */
export function callOn<T = any>(twin: Twin, profile: string, method: string, pathAndQuery: string, options: CallOptions = {}): Promise<Reply<T>> {
  const region = options.region ?? profile.split('.')[0]!;
  const credential = twin.credentials.find((c) => c.profile === profile);
  if (!credential) throw new Error(`no profile ${profile}`);
  return signedCall<T>(twin.endpoints.regions[region]!, credential, method, pathAndQuery, options);
}

/** Keys to sign with: a profile's long-term keys, or a role session's temporary ones. */
export type SigningCredential = Pick<IssuedCredential, 'accessKeyId' | 'secretAccessKey'> & { sessionToken?: string };

/** A role session of `profile`'s role named `sessionName`, through the twin's STS endpoint (AssumeRole) with the AWS SDK. */
export async function sessionCredentials(
  twin: { endpoints: Pick<TwinEndpoints, 'sts'>; credentials: IssuedCredential[] },
  profile: string,
  sessionName: string,
  options: { durationSeconds?: number; roleArn?: string } = {},
): Promise<SigningCredential & { expiration?: Date }> {
  const credential = twin.credentials.find((c) => c.profile === profile);
  if (!credential) throw new Error(`no twin profile ${profile}`);
  const provider = fromTemporaryCredentials({
    masterCredentials: { accessKeyId: credential.accessKeyId, secretAccessKey: credential.secretAccessKey },
    params: { RoleArn: options.roleArn ?? credential.roleArn, RoleSessionName: sessionName, ...(options.durationSeconds ? { DurationSeconds: options.durationSeconds } : {}) },
    clientConfig: { endpoint: twin.endpoints.sts, region: credential.region },
  });
  return provider();
}

/** Calls an API at `target` signed with `credential`: any twin, any profile or role session. */
export async function signedCall<T = any>(target: { api: string; awsRegion: string }, credential: SigningCredential, method: string, pathAndQuery: string, options: CallOptions = {}): Promise<Reply<T>> {
  const { api, awsRegion } = target;
  const url = new URL(api + pathAndQuery);
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const headers: Record<string, string> = { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers };
  // Signed by the partner client's signer (@cter/client), so the tests exercise what partners use.
  const sendHeaders = options.unsigned
    ? headers
    : await signRequest(
        { method, url, headers, body },
        {
          awsRegion,
          credentials: { accessKeyId: credential.accessKeyId, secretAccessKey: options.secret ?? credential.secretAccessKey, ...(credential.sessionToken !== undefined ? { sessionToken: credential.sessionToken } : {}) },
          ...(options.signingDate ? { signingDate: options.signingDate } : {}),
        },
      );
  const response = await fetch(url, { method, headers: sendHeaders, ...(body !== undefined ? { body: options.tamper ? options.tamper(body) : body } : {}) });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: response.status, headers: response.headers, body: parsed as T };
}

export function signalFor(municipality: string, overrides: Record<string, unknown> = {}) {
  return {
    subject: { name: 'Test Persoon', bsn: uniqueBsn(), birthDate: '2005-03-14', municipality },
    reason: 'Zorgen over uitingen in de klas',
    reporter: { name: 'Mentor Van Dijk', phone: '+31 6 1234 5678' },
    ...overrides,
  };
}

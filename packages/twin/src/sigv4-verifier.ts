// Verifies AWS SigV4 (Authorization header) requests the way API Gateway does for IAM-authorised routes,
// so the local twin rejects exactly what the real `execute-api` would reject.
import { createHash, timingSafeEqual } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

export interface IncomingSignedRequest {
  method: string;
  /** path with query string, as received, e.g. '/v1/cases?state=x' */
  url: string;
  /** node's IncomingHttpHeaders: lower-case names */
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface SigningSecretLookup {
  (accessKeyId: string): { secretAccessKey: string; sessionToken?: string } | undefined;
}

export type VerifyErrorCode =
  | 'MissingAuthenticationToken'
  | 'IncompleteSignatureException'
  | 'InvalidSignatureException'
  | 'UnrecognizedClientException'
  | 'SignatureExpired';

export type VerifyResult =
  | { ok: true; accessKeyId: string }
  | { ok: false; status: 403; code: VerifyErrorCode; message: string };

export interface VerifyOptions {
  /** signing name, 'execute-api' for API Gateway */
  service: string;
  /** the AWS region the emulated API lives in, e.g. 'eu-west-1' */
  region: string;
  now?: Date;
  /** allowed clock difference either way; AWS uses 5 minutes */
  maxSkewMinutes?: number;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const TERMINATOR = 'aws4_request';
const AUTHORIZATION = new RegExp(
  `^${ALGORITHM} Credential=([^/,\\s]+)/([^/,\\s]+)/([^/,\\s]+)/([^/,\\s]+)/([^/,\\s]+), ?SignedHeaders=([^;,\\sA-Z]+(?:;[^;,\\sA-Z]+)*), ?Signature=([0-9a-f]{64})$`,
);
const SHA256_HEADER = 'x-amz-content-sha256';
const TOKEN_HEADER = 'x-amz-security-token';
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

const fail = (code: VerifyErrorCode, message: string): VerifyResult => ({ ok: false, status: 403, code, message });

export async function verifySigV4(
  request: IncomingSignedRequest,
  lookup: SigningSecretLookup,
  options: VerifyOptions,
): Promise<VerifyResult> {
  const now = options.now ?? new Date();
  const maxSkewMs = (options.maxSkewMinutes ?? 5) * 60_000;

  const authorization = headerValue(request.headers, 'authorization');
  if (authorization === undefined || authorization.trim() === '') {
    // API Gateway answers an unsigned request to an IAM route with exactly this text.
    return fail('MissingAuthenticationToken', 'Missing Authentication Token');
  }
  // The header as SDK clients and curl write it (parameters in this order). Where AWS names the
  // missing or malformed part, the twin shows the expected form.
  const match = AUTHORIZATION.exec(authorization.trim());
  if (!match) {
    return fail(
      'IncompleteSignatureException',
      `Authorization header must read '${ALGORITHM} Credential=<key>/<yyyymmdd>/<region>/<service>/${TERMINATOR}, SignedHeaders=<lower-case names joined by ;>, Signature=<64 lower-case hex>'.`,
    );
  }
  const [, accessKeyId = '', scopeDate, scopeRegion, scopeService, scopeTerminator, signedList = '', signature = ''] = match;
  const signedHeaders = signedList.split(';');

  // AWS also takes the `Date` header when x-amz-date is missing, but smithy's signer always strips a
  // `date` header before canonicalising (it treats it as its own output), so a signature dated by it
  // cannot be reproduced here; SDK clients and curl --aws-sigv4 send x-amz-date.
  const amzDate = headerValue(request.headers, 'x-amz-date');
  if (amzDate === undefined) {
    return fail('IncompleteSignatureException', "The twin verifies signatures dated by the 'X-Amz-Date' header; it is missing.");
  }
  const signingDate = parseBasicIsoDate(amzDate.trim());
  if (!signingDate) {
    return fail('IncompleteSignatureException', `Date must be in ISO-8601 'basic format'. Got '${amzDate}'.`);
  }
  if (!signedHeaders.includes('host')) {
    return fail('IncompleteSignatureException', "'Host' must be a 'SignedHeader' in the AWS Authorization.");
  }
  for (const name of signedHeaders) {
    if (headerValue(request.headers, name) === undefined) {
      return fail('InvalidSignatureException', `Signed header '${name}' is missing from the request.`);
    }
  }

  const longDate = formatBasicIsoDate(signingDate);
  const shortDate = longDate.slice(0, 8);
  if (scopeDate !== shortDate) {
    return fail(
      'InvalidSignatureException',
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${shortDate}', from 'x-amz-date'.`,
    );
  }
  if (scopeRegion !== options.region) {
    return fail(
      'InvalidSignatureException',
      `Credential should be scoped to a valid region, not '${scopeRegion}'.`,
    );
  }
  if (scopeService !== options.service) {
    return fail('InvalidSignatureException', `Credential should be scoped to correct service: '${options.service}'.`);
  }
  if (scopeTerminator !== TERMINATOR) {
    return fail(
      'InvalidSignatureException',
      `Credential should be scoped with a valid terminator: '${TERMINATOR}', not '${scopeTerminator}'.`,
    );
  }

  const skew = signingDate.getTime() - now.getTime();
  const minutes = options.maxSkewMinutes ?? 5;
  if (skew < -maxSkewMs) {
    const earliest = formatBasicIsoDate(new Date(now.getTime() - maxSkewMs));
    return fail(
      'SignatureExpired',
      `Signature expired: ${longDate} is now earlier than ${earliest} (${formatBasicIsoDate(now)} - ${minutes} min.)`,
    );
  }
  if (skew > maxSkewMs) {
    const latest = formatBasicIsoDate(new Date(now.getTime() + maxSkewMs));
    return fail(
      'SignatureExpired',
      `Signature not yet current: ${longDate} is still later than ${latest} (${formatBasicIsoDate(now)} + ${minutes} min.)`,
    );
  }

  const secret = lookup(accessKeyId);
  if (!secret) return fail('UnrecognizedClientException', 'The security token included in the request is invalid.');
  const sentToken = headerValue(request.headers, TOKEN_HEADER);
  if (secret.sessionToken !== undefined ? !sameString(sentToken, secret.sessionToken) : sentToken !== undefined) {
    // Temporary keys only work with their own token; long-term keys never carry one.
    return fail('UnrecognizedClientException', 'The security token included in the request is invalid.');
  }

  // Never trust a client-sent payload hash: it is signed, so if it lies about the body the
  // signature still matches. Tie it to the body we actually received.
  const clientSignedPayloadHash = signedHeaders.includes(SHA256_HEADER);
  if (clientSignedPayloadHash) {
    const claimed = (headerValue(request.headers, SHA256_HEADER) ?? '').trim();
    if (claimed === 'UNSIGNED-PAYLOAD' || claimed.startsWith('STREAMING-')) {
      return fail('InvalidSignatureException', `'${claimed}' is not supported for ${options.service}: sign the payload.`);
    }
    const actual = request.body.length === 0 ? EMPTY_SHA256 : createHash('sha256').update(request.body).digest('hex');
    if (!sameString(claimed.toLowerCase(), actual)) {
      return fail('InvalidSignatureException', 'The provided x-amz-content-sha256 header does not match the request body.');
    }
  }

  // Hand smithy only the headers the client signed: it signs every header it is given (minus its
  // own unsignable list), and smithy computes the payload hash from the body unless the signed
  // x-amz-content-sha256 header (already checked above) is present.
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    if (name === 'x-amz-date') continue; // smithy sets it itself from signingDate
    headers[name] = headerValue(request.headers, name) ?? '';
  }
  const { path, query } = splitUrl(request.url);
  const toVerify = new HttpRequest({
    method: request.method.toUpperCase(),
    protocol: 'https:',
    hostname: headers.host ?? 'localhost',
    path,
    query,
    headers,
    body: request.body,
  });

  const signer = new SignatureV4({
    service: options.service,
    region: options.region,
    sha256: Sha256,
    // Without the client signing it, smithy would add and sign x-amz-content-sha256 itself
    // (e.g. curl --aws-sigv4 does not sign it) and no such request would ever verify.
    applyChecksum: clientSignedPayloadHash,
    // The session token is checked above and is in `headers` if it was signed; passing it here
    // would make smithy add it to the canonical headers even when the client did not sign it.
    credentials: { accessKeyId, secretAccessKey: secret.secretAccessKey },
    uriEscapePath: true,
  });
  const signableHeaders = new Set(signedHeaders);
  // smithy always adds x-amz-date; keep it out of the canonical headers when the client did not sign it.
  const unsignableHeaders = new Set(signableHeaders.has('x-amz-date') ? [] : ['x-amz-date']);
  const signed = await signer.sign(toVerify, {
    signingDate,
    signingRegion: options.region,
    signingService: options.service,
    signableHeaders,
    unsignableHeaders,
  });

  const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization ?? ''))?.[1];
  const expectedList = /SignedHeaders=([^,\s]+)/.exec(String(signed.headers.authorization ?? ''))?.[1];
  const signatureMatches =
    expected !== undefined &&
    timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(signature, 'hex')) &&
    // Should smithy ever canonicalise a different header set than the client listed, the
    // signatures cannot be comparing the same thing; treat that as a mismatch too.
    expectedList === signedHeaders.join(';');
  if (!signatureMatches) {
    return fail(
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
  }
  return { ok: true, accessKeyId };
}

/** Node joins most repeated headers itself; SigV4 joins repeated values with ','. */
function headerValue(headers: IncomingSignedRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/**
 * Path stays encoded as received: smithy encodes it once more, which is SigV4's double encoding
 * for non-S3 services (SDK clients hand smithy an already-encoded path too). Query values are
 * decoded because smithy's canonical query re-encodes them; repeated keys become arrays.
 */
function splitUrl(target: string): { path: string; query: Record<string, string | string[]> } {
  // Node hands on the origin form ('/path?query') or, from proxies, the absolute form.
  const absolute = target.startsWith('/') ? `http://localhost${target}` : target;
  const url = new URL(URL.canParse(absolute) ? absolute : `http://localhost/${target}`);
  // null prototype: query keys are attacker-chosen ('__proto__', 'constructor', ...)
  const query: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  // '+' stays a literal plus: SigV4 clients encode spaces as %20, never '+'. `?flag` reads as `flag=`.
  for (const [key, value] of new URLSearchParams(url.search.replace(/\+/g, '%2B'))) {
    const existing = query[key];
    if (existing === undefined) query[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else query[key] = [existing, value];
  }
  return { path: url.pathname, query };
}

function parseBasicIsoDate(s: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, se] = m.map(Number) as [number, number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, se));
  // reject overflowing fields such as month 13, which Date.UTC would silently roll over
  return formatBasicIsoDate(date) === s ? date : undefined;
}

function formatBasicIsoDate(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

function sameString(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

// A SigV4-signed request exactly as given: any path, query keys (`__proto__`, `toString`, ...),
// content type and raw body, for the fuzz. Signs with smithy's signer as the AWS SDKs do, with the
// query in a null-prototype object, so hostile keys are signed like any other key.
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { IssuedCredential } from '@cter/twin';
import type { Reply } from './signed-client';

const signers = new Map<string, SignatureV4>();

export async function rawSignedCall(
  target: { api: string; awsRegion: string },
  credential: IssuedCredential,
  method: string,
  pathAndQuery: string,
  options: { rawBody?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const url = new URL(target.api + pathAndQuery);
  const query: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  for (const [k, v] of url.searchParams) {
    const existing = query[k];
    query[k] = existing === undefined ? v : Array.isArray(existing) ? [...existing, v] : [existing, v];
  }
  const key = `${credential.accessKeyId}/${target.awsRegion}`;
  let signer = signers.get(key);
  if (!signer) {
    signer = new SignatureV4({ service: 'execute-api', region: target.awsRegion, sha256: Sha256, credentials: { accessKeyId: credential.accessKeyId, secretAccessKey: credential.secretAccessKey } });
    signers.set(key, signer);
  }
  const body = options.rawBody;
  const headers: Record<string, string> = { host: url.host, ...options.headers };
  const signed = await signer.sign(
    new HttpRequest({ method, protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: url.pathname, query, headers, ...(body !== undefined ? { body } : {}) }),
  );
  const { host: _host, ...sendHeaders } = signed.headers as Record<string, string>;
  const response = await fetch(url, { method, headers: sendHeaders, ...(body !== undefined ? { body } : {}) });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

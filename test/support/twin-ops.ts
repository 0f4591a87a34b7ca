// Calls to the twin's own AWS endpoints (Step Functions, EventBridge) and controls (/_twin/*), signed
// with the twin-ops profile of .twin/credentials as the AWS SDKs and the CLI sign them.
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { IssuedCredential } from '@cter/twin';

export const OPS = 'twin-ops';

/** Keys of `profile` (default twin-ops), for an SDK client's `credentials`. */
export function keysOf(twin: { credentials: IssuedCredential[] }, profile = OPS): { accessKeyId: string; secretAccessKey: string } {
  const found = twin.credentials.find((c) => c.profile === profile);
  if (!found) throw new Error(`no twin profile ${profile}`);
  return { accessKeyId: found.accessKeyId, secretAccessKey: found.secretAccessKey };
}

export interface EndpointCall {
  method?: string;
  path?: string;
  body?: string;
  headers?: Record<string, string>;
  /** Sign as this profile (default twin-ops); false: send unsigned. */
  as?: string | false;
}

/** One HTTP request to `endpoint` (a twin URL), SigV4-signed for `service` ('states', 'events'). */
export async function endpointCall(twin: { credentials: IssuedCredential[] }, endpoint: string, service: string, call: EndpointCall = {}): Promise<{ status: number; body: any; headers: Headers }> {
  const url = new URL(endpoint + (call.path ?? '/'));
  const method = call.method ?? 'POST';
  let headers: Record<string, string> = { ...call.headers };
  if (call.as !== false) {
    const signer = new SignatureV4({ service, region: 'eu-west-1', sha256: Sha256, credentials: keysOf(twin, call.as ?? OPS) });
    const signed = await signer.sign(new HttpRequest({ method, protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: url.pathname, headers: { ...headers, host: url.host }, ...(call.body !== undefined ? { body: call.body } : {}) }));
    const { host: _host, ...rest } = signed.headers as Record<string, string>;
    headers = rest;
  }
  const response = await fetch(url, { method, headers, ...(call.body !== undefined ? { body: call.body } : {}) });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: response.status, body, headers: response.headers };
}

/** A Step Functions API call (AWS JSON 1.0) on the twin's endpoint. */
export function sfnCall(twin: { credentials: IssuedCredential[]; endpoints: { stepfunctions: string } }, operation: string, input: object, as?: string | false) {
  return endpointCall(twin, twin.endpoints.stepfunctions, 'states', { body: JSON.stringify(input), headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AWSStepFunctions.${operation}` }, ...(as !== undefined ? { as } : {}) });
}

// KMS GenerateMac, the one KMS operation the functions call, as a SigV4-signed JSON request built
// from the SDK's own parts (signer, credential chain, HTTP handler) that every bundle already
// carries for DynamoDB. The full @aws-sdk/client-kms adds 27 KB to a bundle, most of it exception
// classes and schemas of KMS operations nobody here calls: that alone put the four functions that
// derive lookup keys over the bundle budget (docs/performance.md).
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { HttpRequest } from '@smithy/protocol-http';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, Checksum, SourceData } from '@smithy/types';
import { isUnavailable } from './errors';
import { tracer } from './tracer';

const toBytes = (data: SourceData): Uint8Array =>
  typeof data === 'string' ? Buffer.from(data, 'utf8') : data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

/** SHA-256 and HMAC-SHA-256 for the signer, from node:crypto. */
class Sha256 implements Checksum {
  private readonly hash: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(secret));
  }
  update(data: Uint8Array): void {
    this.hash.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    throw new Error('not supported');
  }
}

export interface KmsMacOptions {
  /** Defaults to AWS_ENDPOINT_URL_KMS, AWS_ENDPOINT_URL, or KMS in AWS_REGION. */
  endpoint?: string;
  region?: string;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Attempts on throttling, 5xx and network errors (default 3, as the SDK's standard retry mode). */
  maxAttempts?: number;
}

/** An error as the SDK would throw it: the KMS error type as `name`, the HTTP status in `$metadata`. */
export class KmsError extends Error {
  constructor(
    name: string,
    message: string,
    readonly $metadata: { httpStatusCode: number },
    /** The server's time from the answer's Date header, when it sent one. */
    readonly serverTimeMs?: number,
  ) {
    super(message);
    this.name = name;
  }
}

/** How KMS (and the twin) word a signature refused for its time. */
const CLOCK_SKEW = /Signature (expired|not yet current)|RequestTimeTooSkewed|clock skew/i;

export class KmsMac {
  private readonly endpoint: URL;
  private readonly signer: SignatureV4;
  private readonly http = new NodeHttpHandler({ connectionTimeout: 1_000, requestTimeout: 5_000 });
  private readonly maxAttempts: number;
  /** Server time minus local time, learnt from a refused signature's Date header (as the SDK corrects clock skew). */
  private clockOffsetMs = 0;

  constructor(options: KmsMacOptions = {}) {
    const region = options.region ?? process.env.AWS_REGION ?? 'eu-west-1';
    this.endpoint = new URL(options.endpoint ?? process.env.AWS_ENDPOINT_URL_KMS ?? process.env.AWS_ENDPOINT_URL ?? `https://kms.${region}.amazonaws.com`);
    this.signer = new SignatureV4({ service: 'kms', region, sha256: Sha256, credentials: options.credentials ?? defaultProvider() });
    this.maxAttempts = options.maxAttempts ?? 3;
  }

  /** HMAC-SHA-256 of `message` under the key: KMS GenerateMac. */
  async generateMac(keyId: string, message: Uint8Array): Promise<Uint8Array> {
    const body = JSON.stringify({ KeyId: keyId, MacAlgorithm: 'HMAC_SHA_256', Message: Buffer.from(message).toString('base64') });
    if (!tracer?.isTracingEnabled()) return this.withRetries(body);
    // One subsegment per call, as the traced SDK clients record theirs (no request or response data).
    // The provider types its result as unknown; it is the callback's promise.
    return tracer.provider.captureAsyncFunc('KMS.GenerateMac', async (subsegment) => {
      try {
        return await this.withRetries(body);
      } finally {
        subsegment?.close();
      }
    }) as Promise<Uint8Array>;
  }

  private async withRetries(body: string): Promise<Uint8Array> {
    let skewCorrected = false;
    for (let attempt = 1; ; attempt++) {
      // The offset this attempt signs with: calls in flight together are all refused before the first refusal
      // teaches the offset, so each compares the server's clock with its own signing clock, not the current one.
      const signedWithOffsetMs = this.clockOffsetMs;
      try {
        return await this.send(body, signedWithOffsetMs);
      } catch (error) {
        // A signature refused for its time: sign again once with the server's clock (a skewed host, or the twin's virtual clock).
        if (!skewCorrected && error instanceof KmsError && error.serverTimeMs !== undefined && CLOCK_SKEW.test(error.message)) {
          const offset = error.serverTimeMs - Date.now();
          if (Math.abs(offset - signedWithOffsetMs) > 60_000) {
            skewCorrected = true;
            this.clockOffsetMs = offset;
            continue;
          }
        }
        // Throttling, 5xx and network errors (what errors.ts calls unavailable) are retried, as the SDK would.
        if (attempt >= this.maxAttempts || !isUnavailable(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 100 * 2 ** attempt));
      }
    }
  }

  private async send(body: string, clockOffsetMs: number): Promise<Uint8Array> {
    const request = new HttpRequest({
      protocol: this.endpoint.protocol,
      hostname: this.endpoint.hostname,
      ...(this.endpoint.port ? { port: Number(this.endpoint.port) } : {}),
      method: 'POST',
      path: this.endpoint.pathname,
      headers: { host: this.endpoint.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.GenerateMac' },
      body,
    });
    const signed = await this.signer.sign(request, { signingDate: new Date(Date.now() + clockOffsetMs) });
    const { response } = await this.http.handle(signed as HttpRequest);
    const chunks: Buffer[] = [];
    for await (const chunk of response.body as AsyncIterable<Buffer>) chunks.push(chunk);
    const text = Buffer.concat(chunks).toString('utf8');
    const parsed = (text ? JSON.parse(text) : {}) as { Mac?: string; __type?: string; message?: string; Message?: string };
    if (response.statusCode >= 300) {
      const type = (parsed.__type ?? `HTTP${response.statusCode}`).split('#').pop()!;
      const serverDate = response.headers.date ?? response.headers.Date;
      const serverTimeMs = serverDate ? Date.parse(serverDate) : Number.NaN;
      throw new KmsError(type, parsed.message ?? parsed.Message ?? `KMS answered ${response.statusCode}`, { httpStatusCode: response.statusCode }, Number.isNaN(serverTimeMs) ? undefined : serverTimeMs);
    }
    if (!parsed.Mac) throw new Error('KMS returned no MAC');
    return Buffer.from(parsed.Mac, 'base64');
  }
}

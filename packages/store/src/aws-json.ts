// A call of an AWS service that speaks the JSON protocol (KMS, Step Functions, EventBridge), as a
// SigV4-signed request built from the SDK's own parts (signer, credential chain, HTTP handler) that
// every bundle already carries for DynamoDB. A full SDK client adds its exception classes, schemas,
// endpoint rules and commands to a function's bundle and runs them at every cold start, for the one
// or two operations a function calls (docs/performance.md, docs/decisions.md). What the SDK's client
// would do on top is done here too: its standard retries (throttling, 5xx, network errors; 3 attempts),
// clock-skew correction, and one X-Ray subsegment per call when SDK tracing is on.
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

/** A service as its JSON protocol names it. */
export interface AwsJsonService {
  /** The SigV4 signing name and the endpoint's first label: 'kms', 'states', 'events'. */
  signingName: string;
  /** The SDK's service id in AWS_ENDPOINT_URL_<id>: 'KMS', 'SFN', 'EVENTBRIDGE'. */
  endpointId: string;
  /** The X-Amz-Target prefix: 'TrentService', 'AWSStepFunctions', 'AWSEvents'. */
  targetPrefix: string;
  /** The protocol's version in the content type: application/x-amz-json-<version>. */
  jsonVersion: '1.0' | '1.1';
  /** The subsegment's name before the operation, as the traced SDK clients name theirs: 'KMS', 'SFN', 'EventBridge'. */
  tracedName: string;
}

export const KMS: AwsJsonService = { signingName: 'kms', endpointId: 'KMS', targetPrefix: 'TrentService', jsonVersion: '1.1', tracedName: 'KMS' };
export const STEP_FUNCTIONS: AwsJsonService = { signingName: 'states', endpointId: 'SFN', targetPrefix: 'AWSStepFunctions', jsonVersion: '1.0', tracedName: 'SFN' };
export const EVENTBRIDGE: AwsJsonService = { signingName: 'events', endpointId: 'EVENTBRIDGE', targetPrefix: 'AWSEvents', jsonVersion: '1.1', tracedName: 'EventBridge' };

export interface AwsJsonClientOptions {
  /** Defaults to AWS_ENDPOINT_URL_<endpointId>, AWS_ENDPOINT_URL, or the service in AWS_REGION. */
  endpoint?: string;
  region?: string;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Attempts on throttling, 5xx and network errors (default 3, as the SDK's standard retry mode). */
  maxAttempts?: number;
}

/** What EventBridge's PutEvents answers: entries it refused are counted (and have an ErrorCode), the call still succeeds. */
export interface PutEventsAnswer {
  FailedEntryCount?: number;
  Entries?: Array<{ EventId?: string; ErrorCode?: string; ErrorMessage?: string }>;
}

/** An error as the SDK would throw it: the service's error type as `name`, the HTTP status in `$metadata`. */
export class AwsServiceError extends Error {
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

/** How AWS (and the twin) word a signature refused for its time. */
const CLOCK_SKEW = /Signature (expired|not yet current)|RequestTimeTooSkewed|clock skew/i;

export class AwsJsonClient {
  private readonly endpoint: URL;
  private readonly signer: SignatureV4;
  private readonly http = new NodeHttpHandler({ connectionTimeout: 1_000, requestTimeout: 5_000 });
  private readonly maxAttempts: number;
  /** Server time minus local time, learnt from a refused signature's Date header (as the SDK corrects clock skew). */
  private clockOffsetMs = 0;

  constructor(
    private readonly service: AwsJsonService,
    options: AwsJsonClientOptions = {},
  ) {
    const region = options.region ?? process.env.AWS_REGION ?? 'eu-west-1';
    this.endpoint = new URL(options.endpoint ?? process.env[`AWS_ENDPOINT_URL_${service.endpointId}`] ?? process.env.AWS_ENDPOINT_URL ?? `https://${service.signingName}.${region}.amazonaws.com`);
    this.signer = new SignatureV4({ service: service.signingName, region, sha256: Sha256, credentials: options.credentials ?? defaultProvider() });
    this.maxAttempts = options.maxAttempts ?? 3;
  }

  /** Calls `operation` with `input` and gives its answer; a refusal throws an AwsServiceError named by the service's error type. */
  async call<T>(operation: string, input: object): Promise<T> {
    const body = JSON.stringify(input);
    if (!tracer?.isTracingEnabled()) return this.withRetries<T>(operation, body);
    // One subsegment per call, as the traced SDK clients record theirs (no request or response data).
    // The provider types its result as unknown; it is the callback's promise.
    return tracer.provider.captureAsyncFunc(`${this.service.tracedName}.${operation}`, async (subsegment) => {
      try {
        return await this.withRetries<T>(operation, body);
      } finally {
        subsegment?.close();
      }
    }) as Promise<T>;
  }

  private async withRetries<T>(operation: string, body: string): Promise<T> {
    let skewCorrected = false;
    for (let attempt = 1; ; attempt++) {
      // The offset this attempt signs with: calls in flight together are all refused before the first refusal
      // teaches the offset, so each compares the server's clock with its own signing clock, not the current one.
      const signedWithOffsetMs = this.clockOffsetMs;
      try {
        return await this.send<T>(operation, body, signedWithOffsetMs);
      } catch (error) {
        // A signature refused for its time: sign again once with the server's clock (a skewed host, or the twin's virtual clock).
        if (!skewCorrected && error instanceof AwsServiceError && error.serverTimeMs !== undefined && CLOCK_SKEW.test(error.message)) {
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

  private async send<T>(operation: string, body: string, clockOffsetMs: number): Promise<T> {
    const { service, endpoint } = this;
    const request = new HttpRequest({
      protocol: endpoint.protocol,
      hostname: endpoint.hostname,
      ...(endpoint.port ? { port: Number(endpoint.port) } : {}),
      method: 'POST',
      path: endpoint.pathname,
      headers: { host: endpoint.host, 'content-type': `application/x-amz-json-${service.jsonVersion}`, 'x-amz-target': `${service.targetPrefix}.${operation}` },
      body,
    });
    const signed = await this.signer.sign(request, { signingDate: new Date(Date.now() + clockOffsetMs) });
    const { response } = await this.http.handle(signed as HttpRequest);
    const chunks: Buffer[] = [];
    for await (const chunk of response.body as AsyncIterable<Buffer>) chunks.push(chunk);
    const text = Buffer.concat(chunks).toString('utf8');
    const parsed = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
    if (response.statusCode >= 300) {
      // The type arrives as "<namespace>#<Name>" or "<Name>", in the body or the X-Amzn-ErrorType header.
      const rawType = String(parsed.__type ?? response.headers['x-amzn-errortype'] ?? `HTTP${response.statusCode}`);
      const type = rawType.split('#').pop()!.split(':')[0]!;
      const serverDate = response.headers.date ?? response.headers.Date;
      const serverTimeMs = serverDate ? Date.parse(serverDate) : Number.NaN;
      const message = String(parsed.message ?? parsed.Message ?? `${service.tracedName} answered ${response.statusCode}`);
      throw new AwsServiceError(type, message, { httpStatusCode: response.statusCode }, Number.isNaN(serverTimeMs) ? undefined : serverTimeMs);
    }
    return parsed as T;
  }
}

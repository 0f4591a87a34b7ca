// A minimal DynamoDB Streams client (JSON protocol, SigV4-signed fetch) for the twin's stream poller,
// because @aws-sdk/client-dynamodb-streams is not a dependency; DynamoDB Local serves it on its own endpoint.
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AttributeValue } from 'aws-lambda';

/** DynamoDB JSON as the wire (and Lambda's event) carries it: `{"S": "x"}`, `{"N": "5"}`, base64 `B`. */
export type AttributeMap = Record<string, AttributeValue>;

export interface StreamRecordBody {
  ApproximateCreationDateTime?: number;
  Keys?: AttributeMap;
  NewImage?: AttributeMap;
  OldImage?: AttributeMap;
  SequenceNumber: string;
  SizeBytes?: number;
  StreamViewType?: 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES';
}

export interface StreamRecord {
  eventID: string;
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  eventVersion?: string;
  eventSource?: string;
  awsRegion?: string;
  dynamodb: StreamRecordBody;
  /** Present on deletes done by TTL (never in DynamoDB Local, which does not expire items). */
  userIdentity?: { type: string; principalId: string };
}

export interface Shard {
  ShardId: string;
  ParentShardId?: string;
  SequenceNumberRange?: { StartingSequenceNumber?: string; EndingSequenceNumber?: string };
}

export interface StreamDescription {
  StreamArn: string;
  StreamLabel?: string;
  StreamStatus?: string;
  StreamViewType?: string;
  TableName?: string;
  Shards: Shard[];
  LastEvaluatedShardId?: string;
}

export type ShardIteratorType = 'TRIM_HORIZON' | 'LATEST' | 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER';

export interface GetRecordsOutput {
  Records: StreamRecord[];
  /** Absent once a closed shard has been read to its end. */
  NextShardIterator?: string;
}

/** An error answered by the service, with its short type (`ExpiredIteratorException`, ...). */
export class StreamsServiceError extends Error {
  constructor(
    readonly errorType: string,
    message: string,
    readonly status: number,
  ) {
    super(`${errorType}: ${message}`);
    this.name = 'StreamsServiceError';
  }
}

export interface StreamsClientOptions {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Per-request timeout; a hung DynamoDB Local must not hang the poller for ever. */
  timeoutMs?: number;
  /** Aborts requests in flight (the poller's stop). */
  signal?: AbortSignal;
}

const REQUEST_TIMEOUT_MS = 10_000;

export class StreamsClient {
  private readonly signer: SignatureV4;
  private readonly url: URL;
  private readonly timeoutMs: number;
  private readonly signal: AbortSignal | undefined;

  constructor(options: StreamsClientOptions) {
    this.url = new URL(options.endpoint);
    this.timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
    this.signal = options.signal;
    // The streams API signs with the service name `dynamodb`, as the SDK's client does.
    this.signer = new SignatureV4({ service: 'dynamodb', region: options.region, credentials: options.credentials, sha256: Sha256 });
  }

  /** The table's current stream, or undefined when the table has none (or does not exist). */
  async latestStreamArn(tableName: string): Promise<string | undefined> {
    try {
      const out = await this.call<{ Table?: { LatestStreamArn?: string; StreamSpecification?: { StreamEnabled?: boolean } } }>(
        'DynamoDB_20120810.DescribeTable',
        { TableName: tableName },
      );
      if (out.Table?.StreamSpecification?.StreamEnabled === false) return undefined;
      return out.Table?.LatestStreamArn;
    } catch (err) {
      if (err instanceof StreamsServiceError && err.errorType === 'ResourceNotFoundException') return undefined;
      throw err;
    }
  }

  /** All shards of the stream (DescribeStream pages through them 100 at a time). */
  async describeStream(streamArn: string): Promise<StreamDescription> {
    let description: StreamDescription | undefined;
    let exclusiveStartShardId: string | undefined;
    do {
      const out = await this.call<{ StreamDescription: StreamDescription }>('DynamoDBStreams_20120810.DescribeStream', {
        StreamArn: streamArn,
        ...(exclusiveStartShardId ? { ExclusiveStartShardId: exclusiveStartShardId } : {}),
      });
      const page = out.StreamDescription;
      description = description ? { ...page, Shards: [...description.Shards, ...(page.Shards ?? [])] } : { ...page, Shards: page.Shards ?? [] };
      exclusiveStartShardId = page.LastEvaluatedShardId;
    } while (exclusiveStartShardId);
    return description;
  }

  async getShardIterator(streamArn: string, shardId: string, type: ShardIteratorType, sequenceNumber?: string): Promise<string | undefined> {
    const out = await this.call<{ ShardIterator?: string }>('DynamoDBStreams_20120810.GetShardIterator', {
      StreamArn: streamArn,
      ShardId: shardId,
      ShardIteratorType: type,
      ...(sequenceNumber !== undefined ? { SequenceNumber: sequenceNumber } : {}),
    });
    return out.ShardIterator;
  }

  async getRecords(shardIterator: string, limit: number): Promise<GetRecordsOutput> {
    const out = await this.call<{ Records?: StreamRecord[]; NextShardIterator?: string }>('DynamoDBStreams_20120810.GetRecords', {
      ShardIterator: shardIterator,
      Limit: limit,
    });
    return { Records: out.Records ?? [], ...(out.NextShardIterator ? { NextShardIterator: out.NextShardIterator } : {}) };
  }

  private async call<T>(target: string, body: unknown): Promise<T> {
    const payload = JSON.stringify(body);
    const signed = await this.signer.sign({
      method: 'POST',
      protocol: this.url.protocol,
      hostname: this.url.hostname,
      ...(this.url.port ? { port: Number(this.url.port) } : {}),
      path: '/',
      query: {},
      headers: {
        host: this.url.host,
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': target,
      },
      body: payload,
    });
    // Own controller and timer (not AbortSignal.timeout), so nothing is left scheduled after the call.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error(`${target} timed out after ${this.timeoutMs} ms`)), this.timeoutMs);
    const onAbort = (): void => controller.abort(this.signal?.reason);
    if (this.signal?.aborted) onAbort();
    this.signal?.addEventListener('abort', onAbort, { once: true });
    let response: Response;
    let text: string;
    try {
      response = await fetch(new URL('/', this.url), { method: 'POST', headers: signed.headers, body: payload, signal: controller.signal });
      text = await response.text();
    } finally {
      clearTimeout(timer);
      this.signal?.removeEventListener('abort', onAbort);
    }
    if (!response.ok) {
      let errorType = `HTTP${response.status}`;
      let message = text.slice(0, 200);
      try {
        const parsed = JSON.parse(text) as { __type?: string; message?: string; Message?: string };
        // `__type` is `com.amazonaws.dynamodb.v20120810#ResourceNotFoundException`: keep the short name.
        if (parsed.__type) errorType = parsed.__type.split('#').pop() ?? parsed.__type;
        message = parsed.message ?? parsed.Message ?? message;
      } catch {
        // Not JSON: keep the status and the start of the body.
      }
      throw new StreamsServiceError(errorType, message, response.status);
    }
    return JSON.parse(text) as T;
  }
}

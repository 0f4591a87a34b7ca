// The stream poller's view of DynamoDB Streams on DynamoDB Local, through the AWS SDK clients; it
// hands records on in the wire shape Lambda delivers (binary as base64, creation time in epoch seconds).
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record,
  type AttributeValue as SdkAttributeValue,
  type Shard as SdkShard,
  type ShardIteratorType,
} from '@aws-sdk/client-dynamodb-streams';
import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';

/** A shard as the stream lists it (DynamoDB always gives its id). */
export type Shard = SdkShard & { ShardId: string };

/** A stream record as Lambda's event carries it. */
export type StreamRecord = Required<Pick<DynamoDBRecord, 'eventID' | 'eventName' | 'dynamodb'>> &
  Pick<DynamoDBRecord, 'eventVersion' | 'userIdentity'> & { dynamodb: { SequenceNumber: string } };

export interface GetRecordsOutput {
  Records: StreamRecord[];
  /** Absent once a closed shard has been read to its end. */
  NextShardIterator?: string;
}

export interface StreamsClientOptions {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Aborts requests in flight (the poller's stop). */
  signal?: AbortSignal;
}

/** Per-request timeout: a hung DynamoDB Local must not hang the poller for ever. */
const REQUEST_TIMEOUT_MS = 10_000;

/** True when `err` is the service's error of that name (`ExpiredIteratorException`, …). */
export function isServiceError(err: unknown, name: string): boolean {
  return err instanceof Error && '$metadata' in err && err.name === name;
}

export class StreamsClient {
  private readonly tables: DynamoDBClient;
  private readonly streams: DynamoDBStreamsClient;
  private readonly signal: AbortSignal | undefined;

  constructor(options: StreamsClientOptions) {
    const config = { endpoint: options.endpoint, region: options.region, credentials: options.credentials, maxAttempts: 1, requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS, throwOnRequestTimeout: true } };
    this.tables = new DynamoDBClient(config);
    this.streams = new DynamoDBStreamsClient(config);
    this.signal = options.signal;
    this.signal?.addEventListener('abort', () => (this.tables.destroy(), this.streams.destroy()), { once: true });
  }

  /** The table's current stream, or undefined when the table has none (or does not exist). */
  async latestStreamArn(tableName: string): Promise<string | undefined> {
    try {
      const { Table } = await this.tables.send(new DescribeTableCommand({ TableName: tableName }), { abortSignal: this.signal });
      return Table?.StreamSpecification?.StreamEnabled === false ? undefined : Table?.LatestStreamArn;
    } catch (err) {
      if (isServiceError(err, 'ResourceNotFoundException')) return undefined;
      throw err;
    }
  }

  /** All shards of the stream (DescribeStream pages through them 100 at a time). */
  async describeStream(streamArn: string): Promise<{ Shards: Shard[] }> {
    const shards: Shard[] = [];
    let ExclusiveStartShardId: string | undefined;
    do {
      const { StreamDescription } = await this.streams.send(new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId }), { abortSignal: this.signal });
      shards.push(...(StreamDescription?.Shards ?? []).filter((shard): shard is Shard => shard.ShardId !== undefined));
      ExclusiveStartShardId = StreamDescription?.LastEvaluatedShardId;
    } while (ExclusiveStartShardId);
    return { Shards: shards };
  }

  async getShardIterator(streamArn: string, shardId: string, type: ShardIteratorType, sequenceNumber?: string): Promise<string | undefined> {
    const command = new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ShardIteratorType: type, SequenceNumber: sequenceNumber });
    return (await this.streams.send(command, { abortSignal: this.signal })).ShardIterator;
  }

  async getRecords(shardIterator: string, limit: number): Promise<GetRecordsOutput> {
    const out = await this.streams.send(new GetRecordsCommand({ ShardIterator: shardIterator, Limit: limit }), { abortSignal: this.signal });
    return { Records: (out.Records ?? []).map(toWireRecord), ...(out.NextShardIterator ? { NextShardIterator: out.NextShardIterator } : {}) };
  }
}

function toWireRecord(record: _Record): StreamRecord {
  const { ApproximateCreationDateTime, Keys, NewImage, OldImage, ...rest } = record.dynamodb ?? {};
  const image = (attributes: Record<string, SdkAttributeValue> | undefined) => attributes && Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, toWire(v)]));
  return {
    eventID: record.eventID!,
    eventName: record.eventName!,
    ...(record.eventVersion ? { eventVersion: record.eventVersion } : {}),
    ...(record.userIdentity ? { userIdentity: record.userIdentity as NonNullable<DynamoDBRecord['userIdentity']> } : {}),
    dynamodb: {
      ...(ApproximateCreationDateTime ? { ApproximateCreationDateTime: Math.floor(ApproximateCreationDateTime.getTime() / 1000) } : {}),
      ...(Keys ? { Keys: image(Keys) } : {}),
      ...(NewImage ? { NewImage: image(NewImage) } : {}),
      ...(OldImage ? { OldImage: image(OldImage) } : {}),
      ...rest,
      SequenceNumber: rest.SequenceNumber!,
    },
  };
}

function toWire(value: SdkAttributeValue): AttributeValue {
  const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
  if (value.B) return { B: base64(value.B) };
  if (value.BS) return { BS: value.BS.map(base64) };
  if (value.M) return { M: Object.fromEntries(Object.entries(value.M).map(([k, v]) => [k, toWire(v)])) };
  if (value.L) return { L: value.L.map(toWire) };
  return value as AttributeValue;
}

// `npm run redrive -- --queue <name | url> [--twin] [--dry-run] [--max <n>]`: gives the work in a
// dead-letter queue back to the function it failed in, once the cause is fixed (docs/runbook.md).
//
// `aws sqs start-message-move-task` only moves messages back to an SQS source queue; none of the
// platform's failed work came from one. Each message names its function instead:
// - an on-failure record of an asynchronous invocation (EventBridge rule or schedule target,
//   `requestContext.functionArn` + `requestPayload`): invoke the function with the request;
// - an EventBridge or Scheduler dead letter (`TARGET_ARN` attribute, the event or input as body):
//   invoke the target with it;
// - a stream batch's on-failure record (`DDBStreamBatchInfo`): read the batch's records from the
//   table's stream (shard, first and last sequence number; kept 24 hours) and invoke the consumer
//   with them, as the event source mapping would. The consumer checks entity and event name itself,
//   so records of the range its filter would have skipped do nothing.
// Each message is invoked synchronously and deleted only when the function succeeded; a failure
// stays in the queue (visible again after its visibility timeout). Without --twin the AWS SDK's
// default credentials and region are used; with --twin the running twin's endpoints and its
// twin-ops profile.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DeleteMessageCommand, GetQueueUrlCommand, ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, type _Record } from '@aws-sdk/client-dynamodb-streams';
import { fromIni } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, Provider } from '@aws-sdk/types';

export interface RedriveOptions {
  queue: string;
  /** Endpoints and credentials of a running twin; absent: AWS with the SDK's defaults. */
  twin?: { endpoints: { sqs: string; lambda: string; dynamodb: string }; credentials: AwsCredentialIdentity | Provider<AwsCredentialIdentity>; region: string };
  dryRun?: boolean;
  max?: number;
  log?: (line: string) => void;
}

export interface RedriveResult {
  redriven: number;
  failed: number;
  skipped: number;
}

type Plan = { kind: string; functionArn: string; payload: () => Promise<unknown> };

export async function redrive(options: RedriveOptions): Promise<RedriveResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const config = (endpoint?: string) => (options.twin ? { endpoint, region: options.twin.region, credentials: options.twin.credentials } : {});
  const sqs = new SQSClient(config(options.twin?.endpoints.sqs));
  const lambda = new LambdaClient(config(options.twin?.endpoints.lambda));
  const dynamodb = new DynamoDBClient(config(options.twin?.endpoints.dynamodb));
  const streams = new DynamoDBStreamsClient(config(options.twin?.endpoints.dynamodb));
  const queueUrl = options.queue.startsWith('http') ? options.queue : (await sqs.send(new GetQueueUrlCommand({ QueueName: options.queue }))).QueueUrl!;
  const result: RedriveResult = { redriven: 0, failed: 0, skipped: 0 };
  const max = options.max ?? Number.POSITIVE_INFINITY;
  const seen = new Set<string>();

  while (result.redriven + result.failed + result.skipped < max) {
    // A short visibility timeout: a message that fails again is back for the next run soon.
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'], VisibilityTimeout: 30, WaitTimeSeconds: 0 }));
    const fresh = Messages.filter((m) => !seen.has(m.MessageId!));
    if (fresh.length === 0) break;
    for (const message of fresh) {
      seen.add(message.MessageId!);
      const plan = planOf(message, { dynamodb, streams });
      if (!plan) {
        log(`${message.MessageId}: not a failure record this tool knows; left in the queue`);
        result.skipped += 1;
        continue;
      }
      if (options.dryRun) {
        log(`${message.MessageId}: ${plan.kind} -> ${plan.functionArn} (dry run)`);
        result.skipped += 1;
        continue;
      }
      const payload = await plan.payload();
      const count = Array.isArray((payload as { Records?: unknown[] } | undefined)?.Records) ? ` (${(payload as { Records: unknown[] }).Records.length} records)` : '';
      const reply = await lambda.send(new InvokeCommand({ FunctionName: plan.functionArn, InvocationType: 'RequestResponse', Payload: Buffer.from(JSON.stringify(payload)) }));
      // Only the error type: the function's message may quote data.
      const error = reply.FunctionError ? (JSON.parse(Buffer.from(reply.Payload ?? []).toString() || '{}') as { errorType?: string }).errorType ?? reply.FunctionError : undefined;
      if (error) {
        log(`${message.MessageId}: ${plan.kind} -> ${plan.functionArn} failed again (${error}); left in the queue`);
        result.failed += 1;
        continue;
      }
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle! }));
      log(`${message.MessageId}: ${plan.kind}${count} -> ${plan.functionArn} done; deleted`);
      result.redriven += 1;
    }
  }
  log(`redriven ${result.redriven}, failed again ${result.failed}, skipped ${result.skipped}`);
  return result;
}

function planOf(message: Message, clients: { dynamodb: DynamoDBClient; streams: DynamoDBStreamsClient }): Plan | undefined {
  let body: Record<string, any> | undefined;
  try {
    body = JSON.parse(message.Body ?? '') as Record<string, any>;
  } catch {
    body = undefined;
  }
  const target = message.MessageAttributes?.TARGET_ARN?.StringValue;
  if (target) return { kind: 'dead letter of an event target', functionArn: target, payload: async () => body };
  const functionArn = body?.requestContext?.functionArn as string | undefined;
  if (!functionArn) return undefined;
  if (body!.DDBStreamBatchInfo) return { kind: 'stream batch', functionArn, payload: () => streamBatch(body!.DDBStreamBatchInfo, clients) };
  if ('requestPayload' in body!) return { kind: 'failed asynchronous invocation', functionArn, payload: async () => body!.requestPayload };
  return undefined;
}

interface BatchInfo {
  shardId: string;
  startSequenceNumber: string;
  endSequenceNumber: string;
  streamArn: string;
}

/** The batch's records, read again from the table's stream, in the event Lambda hands a stream consumer. */
async function streamBatch(info: BatchInfo, clients: { dynamodb: DynamoDBClient; streams: DynamoDBStreamsClient }): Promise<{ Records: unknown[] }> {
  const [, table, label] = /:table\/([^/]+)\/stream\/(.+)$/.exec(info.streamArn) ?? [];
  if (!table) throw new Error(`${info.streamArn} is not a DynamoDB stream ARN`);
  const { Table } = await clients.dynamodb.send(new DescribeTableCommand({ TableName: table }));
  const streamArn = Table?.LatestStreamArn;
  if (!streamArn || !streamArn.endsWith(`/stream/${label}`)) throw new Error(`table ${table} has another stream now (${streamArn ?? 'none'}): the batch's records are gone`);
  let iterator = (await clients.streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: info.shardId, ShardIteratorType: 'AT_SEQUENCE_NUMBER', SequenceNumber: info.startSequenceNumber }))).ShardIterator;
  const end = BigInt(info.endSequenceNumber);
  const records: _Record[] = [];
  while (iterator) {
    const page = await clients.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
    for (const record of page.Records ?? []) if (BigInt(record.dynamodb!.SequenceNumber!) <= end) records.push(record);
    const last = page.Records?.at(-1)?.dynamodb?.SequenceNumber;
    if ((last && BigInt(last) >= end) || (page.Records ?? []).length === 0) break;
    iterator = page.NextShardIterator;
  }
  return {
    Records: records.map((r) => ({
      eventID: r.eventID,
      eventName: r.eventName,
      eventVersion: r.eventVersion,
      eventSource: 'aws:dynamodb',
      awsRegion: r.awsRegion,
      // The wire shape (numbers as epoch seconds), as the event source mapping passes it on.
      dynamodb: { ...r.dynamodb, ApproximateCreationDateTime: r.dynamodb?.ApproximateCreationDateTime ? Math.floor(r.dynamodb.ApproximateCreationDateTime.getTime() / 1000) : undefined },
      eventSourceARN: info.streamArn,
    })),
  };
}

/** The running twin (`npm start`): its endpoints and the twin-ops profile. */
export async function twinTarget(stateDir: string): Promise<NonNullable<RedriveOptions['twin']>> {
  const endpoints = JSON.parse(readFileSync(path.join(stateDir, 'endpoints.json'), 'utf8')) as { sqs: string; lambda: string; dynamodb: string; regions: Record<string, { awsRegion: string }> };
  const credentials = await fromIni({ profile: 'twin-ops', filepath: path.join(stateDir, 'credentials') })();
  return { endpoints, credentials, region: Object.values(endpoints.regions)[0]?.awsRegion ?? 'eu-west-1' };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { queue: { type: 'string' }, twin: { type: 'boolean', default: false }, 'dry-run': { type: 'boolean', default: false }, max: { type: 'string' } } });
  if (!values.queue) {
    console.error('usage: npm run redrive -- --queue <queue name or URL> [--twin] [--dry-run] [--max <n>]');
    process.exit(2);
  }
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const twin = values.twin ? await twinTarget(process.env.CTER_TWIN_STATE_DIR ?? path.join(root, '.twin')) : undefined;
  const result = await redrive({ queue: values.queue, ...(twin ? { twin } : {}), dryRun: values['dry-run'], ...(values.max ? { max: Number(values.max) } : {}) });
  process.exit(result.failed > 0 ? 1 : 0);
}

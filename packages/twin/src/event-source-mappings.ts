// DynamoDB Streams event source mappings for the twin: reads `AWS::Lambda::EventSourceMapping`s from
// the template and polls DynamoDB Local's streams, invoking the functions as Lambda's poller would.
import { LOCAL_CREDENTIALS } from './dynamodb-local';
import { resourcesOfType, type StackArtifact } from './assembly';
import { CheckpointStore, checkpointFile } from './streams/checkpoints';
import { readMappingConfig } from './streams/mapping-config';
import { MappingRunner, type InvokeFunction, type PollerStats } from './streams/mapping-runner';
import { StreamsClient } from './streams/streams-client';
import type { DeadLetterSink } from './sqs';

export type { InvokeFunction, InvokeOutcome, LambdaDynamoDbRecord, PollerStats } from './streams/mapping-runner';
export { FilterPatternError } from './streams/event-filter';

export interface StreamMappingSpec {
  /** The mapping's logical id in the template. */
  logicalId: string;
  /** Local name of the table whose stream feeds the function. */
  tableName: string;
  /** Logical id of the `AWS::Lambda::Function` to invoke. */
  functionLogicalId: string;
  /** The mapping's CloudFormation Properties, as synthesized. */
  properties: Record<string, unknown>;
  /** DestinationConfig.OnFailure, resolved: the queue a discarded batch's record goes to, and the function it names. */
  onFailure?: { destinationArn: string; functionArn: string };
}

export interface StreamPollerOptions {
  /** DynamoDB Local's endpoint (it serves the streams API too). */
  endpoint: string;
  /** The stack's AWS region: records and eventSourceARN carry it, as in AWS. */
  region: string;
  mappings: StreamMappingSpec[];
  invoke: InvokeFunction;
  /** Persist each mapping's per-shard checkpoint here (one JSON file per mapping). Absent: in memory. */
  stateDir?: string;
  /** Poll interval while records flow; default 100 ms. */
  pollIntervalMs?: number;
  /** Idle polling backs off up to this; default 1000 ms (each poll costs DynamoDB Local CPU). */
  maxIdleIntervalMs?: number;
  /** Default: stderr. Lines name mappings, shards and sequence numbers, never record contents. */
  log?: (line: string) => void;
  /** Delivers on-failure records to their queue (the twin's SQS); absent: discarded batches are only logged. */
  deadLetter?: DeadLetterSink;
}

const DEFAULT_POLL_INTERVAL_MS = 100;
const DEFAULT_MAX_IDLE_INTERVAL_MS = 1_000;
const DEFAULT_IDLE_TIMEOUT_MS = 30_000;

export class StreamPoller {
  readonly stats: PollerStats = { delivered: 0, failed: 0, retried: 0, filteredOut: 0 };
  private readonly runners: MappingRunner[] = [];
  private readonly abort = new AbortController();
  private readonly log: (line: string) => void;
  private state: 'new' | 'starting' | 'running' | 'stopped' = 'new';

  constructor(options: StreamPollerOptions) {
    this.log = options.log ?? ((line) => process.stderr.write(`[twin streams] ${line}\n`));
    const pollIntervalMs = Math.max(1, options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS);
    const maxIdleIntervalMs = Math.max(pollIntervalMs, options.maxIdleIntervalMs ?? DEFAULT_MAX_IDLE_INTERVAL_MS);
    const client = new StreamsClient({ endpoint: options.endpoint, region: options.region, credentials: LOCAL_CREDENTIALS, signal: this.abort.signal });
    for (const spec of options.mappings) {
      const where = `event source mapping ${spec.logicalId}`;
      // Read every mapping up front, so a bad template fails at construction, not on the first record.
      const config = readMappingConfig(spec.properties, where);
      this.runners.push(
        new MappingRunner({
          logicalId: spec.logicalId,
          tableName: spec.tableName,
          functionLogicalId: spec.functionLogicalId,
          config,
          client,
          region: options.region,
          invoke: options.invoke,
          checkpoints: new CheckpointStore(options.stateDir === undefined ? undefined : checkpointFile(options.stateDir, spec.tableName, spec.logicalId)),
          stats: this.stats,
          log: this.log,
          pollIntervalMs,
          maxIdleIntervalMs,
          ...(spec.onFailure && options.deadLetter ? { onFailure: { functionArn: spec.onFailure.functionArn, send: (record: string) => options.deadLetter!(spec.onFailure!.destinationArn, record) } } : {}),
        }),
      );
    }
  }

  /**
   * Finds each table's stream and fixes every shard's starting point, then polls in the background.
   * Rejects, leaving nothing running, when a table has no stream. A poller starts once.
   */
  async start(): Promise<void> {
    if (this.state !== 'new') throw new Error(`StreamPoller cannot start: it is ${this.state}`);
    this.state = 'starting';
    const started: MappingRunner[] = [];
    try {
      for (const runner of this.runners) {
        await runner.start();
        started.push(runner);
      }
      this.state = 'running';
    } catch (err) {
      this.state = 'stopped';
      this.abort.abort();
      await Promise.all(started.map((r) => r.stop()));
      throw err;
    }
  }

  /** Stops polling; an invocation in flight finishes (and is checkpointed) first. Safe to call twice. */
  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    this.abort.abort();
    await Promise.all(this.runners.map((r) => r.stop()));
  }

  /**
   * Resolves when every record written before the call has been delivered, filtered out, or failed
   * for good: each mapping has made a full pass, begun after the call, that found every shard read
   * to its end (an empty GetRecords; DynamoDB Local shows a write to GetRecords at once) and nothing
   * buffered or waiting for a retry. Rejects after `timeoutMs` (default 30 s) naming what is pending.
   */
  async idle(timeoutMs = DEFAULT_IDLE_TIMEOUT_MS): Promise<void> {
    if (this.state !== 'running') {
      if (this.state === 'stopped') return;
      throw new Error('StreamPoller.idle() before start() resolved');
    }
    const waits = this.runners.map((r) => r.whenCaughtUp());
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    try {
      const outcome = await Promise.race([Promise.all(waits.map((w) => w.promise)), timeout]);
      if (outcome === 'timeout') {
        throw new Error(`stream event source mappings not idle after ${timeoutMs} ms: ${this.runners.map((r) => r.describePending()).join(' | ')}`);
      }
    } finally {
      clearTimeout(timer);
      for (const wait of waits) wait.cancel();
    }
  }
}

/**
 * The DynamoDB stream event source mappings of a stack, as CDK's DynamoEventSource writes them: the
 * EventSourceArn is `Fn::GetAtt [table, StreamArn]` of a table in the same template, the FunctionName
 * a `Ref` to a function. Mappings on other sources (SQS, Kinesis, …) are left out; a DynamoDB stream
 * the twin cannot place (another stack's, a literal ARN) is an error.
 */
export function streamMappingsOf(stack: StackArtifact, localTableName: (logicalId: string) => string): StreamMappingSpec[] {
  const resources = stack.template.Resources;
  const specs: StreamMappingSpec[] = [];
  for (const [logicalId, resource] of resourcesOfType(stack, 'AWS::Lambda::EventSourceMapping')) {
    const properties = resource.Properties ?? {};
    const where = `${stack.stackName}/${logicalId}`;
    const [tableId, attribute] = ((properties.EventSourceArn as { 'Fn::GetAtt'?: unknown } | undefined)?.['Fn::GetAtt'] ?? []) as unknown[];
    if (attribute !== 'StreamArn' || resources[String(tableId)]?.Type !== 'AWS::DynamoDB::Table') {
      const text = JSON.stringify(properties.EventSourceArn) ?? '';
      if (text.includes(':dynamodb:') || text.includes('StreamArn')) {
        throw new Error(`${where}: EventSourceArn ${text} is a DynamoDB stream outside this stack; the twin can only run streams of its own tables`);
      }
      continue; // not a DynamoDB stream: some other part of the twin's business
    }
    const functionId = (properties.FunctionName as { Ref?: unknown } | undefined)?.Ref;
    if (typeof functionId !== 'string' || resources[functionId]?.Type !== 'AWS::Lambda::Function') {
      throw new Error(`${where}: FunctionName ${JSON.stringify(properties.FunctionName)} does not name a function of this stack`);
    }
    specs.push({ logicalId, tableName: localTableName(String(tableId)), functionLogicalId: functionId, properties });
  }
  return specs;
}

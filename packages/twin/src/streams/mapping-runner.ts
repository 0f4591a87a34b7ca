// Runs one DynamoDB stream event source mapping as Lambda's poller does: reads every shard in order
// (parents before children), filters, batches, invokes, retries/bisects, and checkpoints per shard.
import { randomUUID } from 'node:crypto';
import { LOCAL_ACCOUNT } from '../cfn-resolver';
import type { CheckpointStore, ShardPosition } from './checkpoints';
import type { MappingConfig } from './mapping-config';
import { isServiceError, type Shard, type StreamRecord, type StreamsClient } from './streams-client';

export type InvokeOutcome = { ok: true; result: unknown } | { ok: false; errorType: string; errorMessage: string };
export type InvokeFunction = (functionLogicalId: string, event: unknown) => Promise<InvokeOutcome>;

export interface PollerStats {
  /** Records the function processed successfully. */
  delivered: number;
  /** Records discarded after the retries ran out. */
  failed: number;
  /** Re-invocations after a failed (or partly failed) invocation. */
  retried: number;
  /** Records no filter matched: never delivered, as in Lambda. */
  filteredOut: number;
}

/** The record as Lambda hands it to the function (DynamoDB JSON images, the table's region). */
export interface LambdaDynamoDbRecord {
  eventID: string;
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  eventVersion: string;
  eventSource: 'aws:dynamodb';
  awsRegion: string;
  dynamodb: StreamRecord['dynamodb'];
  eventSourceARN: string;
  userIdentity?: { type: string; principalId: string };
}

export interface RunnerOptions {
  logicalId: string;
  tableName: string;
  functionLogicalId: string;
  config: MappingConfig;
  client: StreamsClient;
  region: string;
  invoke: InvokeFunction;
  checkpoints: CheckpointStore;
  stats: PollerStats;
  log: (line: string) => void;
  pollIntervalMs: number;
  maxIdleIntervalMs: number;
  /** Where a discarded batch's failure record goes (DestinationConfig.OnFailure), as Lambda sends it. */
  onFailure?: { functionArn: string; send: (record: string) => void };
}

/** AWS retries until the records expire (24 hours); locally that would stall a shard for a day. */
export const LOCAL_RETRY_CAP = 10;
const GET_RECORDS_LIMIT = 1000;
const MAX_RETRY_DELAY_MS = 2_000;
/** New shards appear when DynamoDB rolls a shard over (about every 4 hours in AWS). */
const DESCRIBE_INTERVAL_MS = 10_000;

interface Buffered {
  record: LambdaDynamoDbRecord;
  seq: string;
  readAt: number;
}

/** A piece of the buffer's head that failed before: how many records, and the attempts they have had. */
interface Segment {
  size: number;
  attempts: number;
}

interface ShardState {
  id: string;
  parentId: string | undefined;
  iterator: string | undefined;
  /** Where a new iterator starts: after the last record read (not necessarily delivered), or at the start. */
  readFrom: { after: string } | { trimHorizon: true };
  /** The shard is closed and read to its end (GetRecords gave no next iterator). */
  ended: boolean;
  /** Ended and everything delivered: children may start. */
  done: boolean;
  buffer: Buffered[];
  segments: Segment[];
  retryAt: number;
  lastError: string | undefined;
}

interface Waiter {
  after: number;
  resolve: () => void;
}

export class MappingRunner {
  readonly logicalId: string;
  private readonly o: RunnerOptions;
  private readonly maxRetries: number;
  private readonly shards = new Map<string, ShardState>();
  private streamArn = '';
  private eventSourceArn = '';
  private loop: Promise<void> | undefined;
  private stopping = false;
  private wake: (() => void) | undefined;
  private idleIntervalMs: number;
  private describeDue = true;
  private lastDescribeAt = 0;
  private syncRequests = 0;
  /** The idle() requests the latest DescribeStream began after (so it saw every shard they could mean). */
  private describedCovers = 0;
  private waiters: Waiter[] = [];
  private lastLoopError: string | undefined;

  constructor(options: RunnerOptions) {
    this.o = options;
    this.logicalId = options.logicalId;
    this.idleIntervalMs = options.pollIntervalMs;
    const retries = options.config.maximumRetryAttempts;
    this.maxRetries = retries === -1 ? LOCAL_RETRY_CAP : Math.min(retries, LOCAL_RETRY_CAP);
  }

  private get where(): string {
    return `${this.o.logicalId} (${this.o.tableName} -> ${this.o.functionLogicalId})`;
  }

  /** Finds the stream, sets each shard's starting point (persisting it), then polls in the background. */
  async start(): Promise<void> {
    const { client, config, checkpoints, log } = this.o;
    const streamArn = await client.latestStreamArn(this.o.tableName);
    if (!streamArn) throw new Error(`${this.where}: table ${this.o.tableName} has no stream (StreamSpecification missing?)`);
    this.streamArn = streamArn;
    // DynamoDB Local names streams in region `ddblocal`; the function sees the table's region, as in AWS.
    const label = streamArn.split('/stream/')[1] ?? 'local';
    this.eventSourceArn = `arn:aws:dynamodb:${this.o.region}:${LOCAL_ACCOUNT}:table/${this.o.tableName}/stream/${label}`;

    if (config.maximumRetryAttempts === -1 || config.maximumRetryAttempts > LOCAL_RETRY_CAP) {
      log(`${this.where}: MaximumRetryAttempts is ${config.maximumRetryAttempts}; the twin stops after ${LOCAL_RETRY_CAP} retries`);
    }

    const otherStream = checkpoints.load(streamArn);
    if (otherStream) log(`${this.where}: saved checkpoints belong to ${otherStream}, not the table's stream now; starting at TRIM_HORIZON`);
    // Shards without a checkpoint (all of them on a first start) are read from their start.
    await this.refreshShards();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    // Whoever still waits for idle would wait for ever: nothing more will be delivered.
    for (const waiter of this.waiters.splice(0)) waiter.resolve();
  }

  /** Resolves after a full pass, begun after this call, found every shard read to its end and delivered. */
  whenCaughtUp(): { promise: Promise<void>; cancel: () => void } {
    if (this.stopping || !this.loop) return { promise: Promise.resolve(), cancel: () => undefined };
    this.syncRequests += 1;
    this.describeDue = true;
    let waiter: Waiter | undefined;
    const promise = new Promise<void>((resolve) => {
      waiter = { after: this.syncRequests, resolve };
      this.waiters.push(waiter);
    });
    this.wake?.();
    return {
      promise,
      cancel: () => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
      },
    };
  }

  /** For idle()'s timeout message: what is still pending, without any record content. */
  describePending(): string {
    const pending = [...this.shards.values()].filter((s) => !s.done);
    const parts = pending.map((s) => `${s.id}: ${s.buffer.length} buffered${s.segments.length > 0 ? `, retrying (attempt ${s.segments[0]!.attempts})` : ''}${s.lastError ? `, last error ${s.lastError}` : ''}`);
    return `${this.where}: ${parts.join('; ') || 'no open shards'}${this.lastLoopError ? ` (poll error: ${this.lastLoopError})` : ''}`;
  }

  // -------------------------------------------------------------------------------------------
  // The polling loop

  private async run(): Promise<void> {
    while (!this.stopping) {
      let delay: number;
      try {
        const cycleCovers = this.syncRequests;
        const outcome = await this.cycle();
        this.lastLoopError = undefined;
        if (outcome.caughtUp) this.release(Math.min(cycleCovers, this.describedCovers));
        if (outcome.busy) {
          this.idleIntervalMs = this.o.pollIntervalMs;
          delay = 0;
        } else {
          delay = this.idleIntervalMs;
          // Back off while nothing happens: each GetRecords costs DynamoDB Local (on the same cores) CPU.
          this.idleIntervalMs = Math.min(this.idleIntervalMs * 2, this.o.maxIdleIntervalMs);
        }
        if (outcome.wakeAt !== undefined) delay = Math.min(delay, Math.max(0, outcome.wakeAt - Date.now()));
        // Someone waits in idle(): keep the passes coming at the active rate until one qualifies.
        if (this.waiters.length > 0) delay = Math.min(delay, this.o.pollIntervalMs);
      } catch (err) {
        if (this.stopping) break;
        const text = describeError(err);
        // One line per distinct problem, not one every poll (DynamoDB Local may simply be restarting).
        if (text !== this.lastLoopError) this.o.log(`${this.where}: polling failed: ${text}`);
        this.lastLoopError = text;
        this.describeDue = true;
        delay = this.o.maxIdleIntervalMs;
      }
      if (!this.stopping) await this.sleep(delay);
    }
  }

  private release(cycleCovers: number): void {
    const ready = this.waiters.filter((w) => w.after <= cycleCovers);
    if (ready.length === 0) return;
    this.waiters = this.waiters.filter((w) => w.after > cycleCovers);
    for (const waiter of ready) waiter.resolve();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        if (this.wake === done) this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  /** One pass over the shards: discover, read once, deliver at most one batch per shard. */
  private async cycle(): Promise<{ busy: boolean; caughtUp: boolean; wakeAt?: number }> {
    if (this.describeDue || Date.now() - this.lastDescribeAt >= DESCRIBE_INTERVAL_MS) await this.refreshShards();
    let busy = false;
    let caughtUp = true;
    let wakeAt: number | undefined;
    for (const shard of [...this.shards.values()]) {
      if (this.stopping) return { busy, caughtUp: false };
      if (shard.done) continue;
      if (!this.isActive(shard)) {
        caughtUp = false; // its parent still has records to deliver
        continue;
      }
      if (!shard.ended && shard.buffer.length < this.o.config.batchSize) {
        const read = await this.read(shard);
        if (read > 0) {
          busy = true;
          caughtUp = false;
        }
      }
      if (shard.buffer.length > 0) {
        const delivery = await this.deliverOne(shard);
        if (delivery.invoked) busy = true;
        if (delivery.waitUntil !== undefined) wakeAt = Math.min(wakeAt ?? Number.POSITIVE_INFINITY, delivery.waitUntil);
      }
      if (shard.buffer.length > 0) caughtUp = false;
      if (shard.ended && shard.buffer.length === 0) {
        shard.done = true;
        this.o.checkpoints.set(shard.id, { done: true });
        this.describeDue = true; // its children (if any) can start now
        busy = true;
        caughtUp = false;
      }
    }
    return { busy, caughtUp, ...(wakeAt !== undefined ? { wakeAt } : {}) };
  }

  private isActive(shard: ShardState): boolean {
    if (shard.parentId === undefined) return true;
    const parent = this.shards.get(shard.parentId);
    // A parent the stream no longer lists has expired: nothing left to wait for.
    return parent === undefined || parent.done;
  }

  private addShard(shard: Shard, position: ShardPosition): void {
    this.shards.set(shard.ShardId, {
      id: shard.ShardId,
      parentId: shard.ParentShardId,
      iterator: undefined,
      readFrom: 'after' in position ? { after: position.after } : { trimHorizon: true },
      ended: 'done' in position,
      done: 'done' in position,
      buffer: [],
      segments: [],
      retryAt: 0,
      lastError: undefined,
    });
  }

  private async refreshShards(): Promise<void> {
    // Cleared before the call: an idle() arriving meanwhile asks for another pass that sees newer shards.
    this.describeDue = false;
    this.describedCovers = this.syncRequests;
    const description = await this.o.client.describeStream(this.streamArn);
    this.lastDescribeAt = Date.now();
    const listed = new Set<string>();
    for (const shard of description.Shards) {
      listed.add(shard.ShardId);
      if (this.shards.has(shard.ShardId)) continue;
      // A shard born after start (rollover), or one that appeared while the twin was down: Lambda
      // reads children from their start, after the parent.
      const saved = this.o.checkpoints.get(shard.ShardId);
      const position: ShardPosition = saved ?? { trimHorizon: true };
      this.addShard(shard, position);
      this.o.checkpoints.set(shard.ShardId, position);
    }
    for (const [id, state] of this.shards) {
      // Gone from the stream (expired 24 hours after closing): nothing more can be read from it.
      if (!listed.has(id) && (state.done || state.ended)) this.shards.delete(id);
    }
    this.o.checkpoints.retain(listed);
  }

  // -------------------------------------------------------------------------------------------
  // Reading

  private async iteratorFor(shard: ShardState): Promise<string | undefined> {
    if (shard.iterator) return shard.iterator;
    const { client } = this.o;
    try {
      shard.iterator =
        'after' in shard.readFrom
          ? await client.getShardIterator(this.streamArn, shard.id, 'AFTER_SEQUENCE_NUMBER', shard.readFrom.after)
          : await client.getShardIterator(this.streamArn, shard.id, 'TRIM_HORIZON');
    } catch (err) {
      if (isServiceError(err, 'TrimmedDataAccessException')) {
        // The checkpoint is older than the stream's 24 hours: those records are gone, as in AWS.
        this.o.log(`${this.where}: shard ${shard.id}: records after ${'after' in shard.readFrom ? shard.readFrom.after : 'the start'} were trimmed (older than 24 hours); continuing from the oldest record`);
        shard.readFrom = { trimHorizon: true };
        shard.iterator = await client.getShardIterator(this.streamArn, shard.id, 'TRIM_HORIZON');
      } else if (isServiceError(err, 'ResourceNotFoundException')) {
        this.o.log(`${this.where}: shard ${shard.id} no longer exists; dropping it`);
        shard.ended = true;
        return undefined;
      } else {
        throw err;
      }
    }
    return shard.iterator;
  }

  /** One GetRecords on the shard; returns how many records were read (matching or not). */
  private async read(shard: ShardState): Promise<number> {
    let iterator = await this.iteratorFor(shard);
    if (iterator === undefined) return 0;
    let output;
    try {
      output = await this.o.client.getRecords(iterator, GET_RECORDS_LIMIT);
    } catch (err) {
      // Iterators live 15 minutes; a long retry pause outlives one. Start again where reading stopped.
      if (isServiceError(err, 'ExpiredIteratorException')) {
        shard.iterator = undefined;
        iterator = await this.iteratorFor(shard);
        if (iterator === undefined) return 0;
        output = await this.o.client.getRecords(iterator, GET_RECORDS_LIMIT);
      } else if (isServiceError(err, 'TrimmedDataAccessException')) {
        shard.iterator = undefined;
        shard.readFrom = { trimHorizon: true };
        this.o.log(`${this.where}: shard ${shard.id}: reading hit trimmed records; continuing from the oldest record`);
        return 0;
      } else {
        throw err;
      }
    }
    shard.iterator = output.NextShardIterator;
    if (!output.NextShardIterator) shard.ended = true;
    const now = Date.now();
    let matchedAny = false;
    for (const raw of output.Records) {
      const seq = raw.dynamodb.SequenceNumber;
      shard.readFrom = { after: seq };
      const record = this.toLambdaRecord(raw);
      if (!this.o.config.filter(record)) {
        this.o.stats.filteredOut += 1;
        continue;
      }
      matchedAny = true;
      shard.buffer.push({ record, seq, readAt: now });
    }
    // Only filtered-out records past the last delivered one: the checkpoint may move over them.
    if (!matchedAny && shard.buffer.length === 0 && 'after' in shard.readFrom) {
      this.o.checkpoints.set(shard.id, { after: shard.readFrom.after });
    }
    return output.Records.length;
  }

  private toLambdaRecord(raw: StreamRecord): LambdaDynamoDbRecord {
    return {
      eventID: raw.eventID,
      eventName: raw.eventName,
      eventVersion: raw.eventVersion ?? '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: this.o.region,
      dynamodb: raw.dynamodb,
      eventSourceARN: this.eventSourceArn,
      ...(raw.userIdentity ? { userIdentity: raw.userIdentity } : {}),
    };
  }

  // -------------------------------------------------------------------------------------------
  // Delivering

  private async deliverOne(shard: ShardState): Promise<{ invoked: boolean; waitUntil?: number }> {
    const { config } = this.o;
    const now = Date.now();
    if (shard.retryAt > now) return { invoked: false, waitUntil: shard.retryAt };
    if (this.stopping) return { invoked: false };

    const head = shard.segments[0];
    const laterSegments = shard.segments.slice(1);
    // Batching window: wait for a full batch unless the window has passed or the shard has ended.
    if (!head && config.batchingWindowMs > 0 && shard.buffer.length < config.batchSize && !shard.ended) {
      const due = shard.buffer[0]!.readAt + config.batchingWindowMs;
      if (due > now) return { invoked: false, waitUntil: due };
    }

    // A batch over Lambda's 6 MB payload limit fails in the function host, and is retried (bisected) as a failure.
    const batch = shard.buffer.slice(0, Math.min(head?.size ?? config.batchSize, config.batchSize));
    const outcome = await this.invoke(batch);
    const attempts = (head?.attempts ?? 0) + 1;

    if (outcome.kind === 'success') {
      this.succeeded(shard, batch.length);
      shard.segments = laterSegments;
      return { invoked: true };
    }

    let failing = batch.length;
    if (outcome.kind === 'partial' && outcome.firstFailed > 0) {
      // Everything before the first reported failure is done: checkpoint it, retry from there.
      this.succeeded(shard, outcome.firstFailed);
      failing -= outcome.firstFailed;
    }
    const reason = outcome.kind === 'partial' ? 'ReportBatchItemFailures' : outcome.errorType;

    if (attempts > this.maxRetries) {
      shard.segments = laterSegments;
      this.discard(shard, failing, attempts, reason);
      return { invoked: true };
    }

    this.o.stats.retried += 1;
    shard.lastError = reason;
    // Bisect on a function error; a partial failure already says where to split (retry from there).
    const pieces: Segment[] =
      outcome.kind === 'failure' && config.bisectOnError && failing > 1
        ? [
            { size: Math.ceil(failing / 2), attempts },
            { size: Math.floor(failing / 2), attempts },
          ]
        : [{ size: failing, attempts }];
    shard.segments = [...pieces, ...laterSegments];
    shard.retryAt = Date.now() + Math.min(this.o.pollIntervalMs * 2 ** (attempts - 1), MAX_RETRY_DELAY_MS);
    return { invoked: true, waitUntil: shard.retryAt };
  }

  /** The first `count` buffered records were processed: drop them and checkpoint the last. */
  private succeeded(shard: ShardState, count: number): void {
    const done = shard.buffer.splice(0, count);
    this.o.stats.delivered += done.length;
    shard.lastError = undefined;
    shard.retryAt = 0;
    this.checkpointAfter(shard, done[done.length - 1]!.seq);
  }

  private discard(shard: ShardState, count: number, attempts: number, reason: string): void {
    const dropped = shard.buffer.splice(0, count);
    this.o.stats.failed += dropped.length;
    shard.retryAt = 0;
    shard.lastError = undefined;
    // Sequence numbers only: the records hold personal data.
    this.o.log(
      `${this.where}: shard ${shard.id}: discarded ${dropped.length} record(s), sequence numbers ${dropped[0]!.seq}..${dropped[dropped.length - 1]!.seq}, after ${attempts} attempt(s) (${reason})`,
    );
    this.checkpointAfter(shard, dropped[dropped.length - 1]!.seq);
    this.o.onFailure?.send(JSON.stringify(this.failureRecord(shard, dropped, attempts, reason)));
  }

  /** Lambda's on-failure record for a stream batch: where the records are, never the records (they hold personal data). */
  private failureRecord(shard: ShardState, dropped: Buffered[], attempts: number, reason: string): object {
    const arrival = (entry: Buffered) => new Date((entry.record.dynamodb.ApproximateCreationDateTime ?? entry.readAt / 1000) * 1000).toISOString();
    return {
      requestContext: {
        requestId: randomUUID(),
        functionArn: this.o.onFailure!.functionArn,
        condition: 'RetryAttemptsExhausted',
        approximateInvokeCount: attempts,
      },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      timestamp: new Date().toISOString(),
      DDBStreamBatchInfo: {
        shardId: shard.id,
        startSequenceNumber: dropped[0]!.seq,
        endSequenceNumber: dropped[dropped.length - 1]!.seq,
        approximateArrivalOfFirstRecord: arrival(dropped[0]!),
        approximateArrivalOfLastRecord: arrival(dropped[dropped.length - 1]!),
        batchSize: dropped.length,
        streamArn: this.eventSourceArn,
      },
    };
  }

  private checkpointAfter(shard: ShardState, seq: string): void {
    // With nothing buffered, filtered-out records read after `seq` are settled too.
    const position = shard.buffer.length === 0 && 'after' in shard.readFrom ? shard.readFrom.after : seq;
    this.o.checkpoints.set(shard.id, { after: position });
  }

  private async invoke(
    batch: Buffered[],
  ): Promise<{ kind: 'success' } | { kind: 'partial'; firstFailed: number } | { kind: 'failure'; errorType: string }> {
    const event = { Records: batch.map((b) => b.record) };
    let outcome: InvokeOutcome;
    try {
      outcome = await this.o.invoke(this.o.functionLogicalId, event);
    } catch (err) {
      // The invoker itself failed (no such function, host stopped): Lambda would report a service error and retry.
      outcome = { ok: false, errorType: err instanceof Error ? err.name : 'Error', errorMessage: String(err) };
    }
    if (!outcome.ok) return { kind: 'failure', errorType: outcome.errorType };
    if (!this.o.config.reportBatchItemFailures) return { kind: 'success' };
    return batchItemFailures(outcome.result, batch.map((b) => b.seq));
  }
}

/**
 * Reads a ReportBatchItemFailures response as Lambda does: no (or an empty) list is success; an
 * identifier that is missing, empty or not in the batch fails the whole batch; otherwise the batch is
 * retried from the lowest failed sequence number.
 */
export function batchItemFailures(
  result: unknown,
  sequenceNumbers: string[],
): { kind: 'success' } | { kind: 'partial'; firstFailed: number } | { kind: 'failure'; errorType: string } {
  if (result === null || typeof result !== 'object' || Array.isArray(result)) return { kind: 'success' };
  const failures = (result as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return { kind: 'success' };
  if (!Array.isArray(failures)) return { kind: 'failure', errorType: 'InvalidBatchItemFailures' };
  if (failures.length === 0) return { kind: 'success' };
  let first = Number.POSITIVE_INFINITY;
  for (const failure of failures) {
    const id = typeof failure === 'object' && failure !== null ? (failure as { itemIdentifier?: unknown }).itemIdentifier : undefined;
    const index = typeof id === 'string' && id !== '' ? sequenceNumbers.indexOf(id) : -1;
    if (index < 0) return { kind: 'failure', errorType: 'InvalidBatchItemFailures' };
    first = Math.min(first, index);
  }
  return { kind: 'partial', firstFailed: first };
}

function describeError(err: unknown): string {
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
    return `${err.name}: ${err.message}${cause}`;
  }
  return String(err);
}

// What the cost suite counts, per bucket (the phase of the run, or `scheduled` for the regions'
// daily jobs): function invocations (duration, init, memory), DynamoDB units, KMS requests and
// EventBridge events (through metering proxies, attributed to the function by its SigV4 key),
// log bytes (the twin's onLog) and API requests (the gateways' request lines).
import type { Twin } from '@cter/twin';
import type { FunctionHost, InvokeResult } from '../../packages/twin/src/function-host';
import { startMeteringProxy, type MeteredCall, type MeteringProxy } from '../../test/support/metering-proxy';
import type { GatewayRequestLine } from './twin';

export const SCHEDULED = 'scheduled';
/** The driver's waiting reads: not priced. */
export const DRIVER_POLLS = 'driver-polls';

export interface Invocation {
  bucket: string;
  fn: string;
  durationMs: number;
  initDurationMs: number;
  memoryMb: number;
}

export interface BucketCounts {
  invocations: number;
  coldStarts: number;
  durationMs: number;
  initDurationMs: number;
  gbSeconds: number;
  apiRequests: number;
  dynamodbCalls: number;
  readUnits: number;
  writeUnits: number;
  unmeteredDynamodbCalls: number;
  kmsRequests: number;
  events: number;
  logBytes: number;
  logLines: number;
}

const emptyCounts = (): BucketCounts => ({
  invocations: 0, coldStarts: 0, durationMs: 0, initDurationMs: 0, gbSeconds: 0, apiRequests: 0, dynamodbCalls: 0,
  readUnits: 0, writeUnits: 0, unmeteredDynamodbCalls: 0, kmsRequests: 0, events: 0, logBytes: 0, logLines: 0,
});

type Tagged<T> = T & { bucket: string; fn: string };

/** Proxies first (the twin's functions are pointed at them), then `attach` once the twin runs. */
export class CostMeter {
  phase = 'startup';
  readonly invocations: Invocation[] = [];
  private readonly logs: Array<Tagged<{ bytes: number }>> = [];
  private readonly apiMarks: Array<{ phase: string; from: number }> = [];
  private readonly functionByKey = new Map<string, string>();
  private readonly scheduled = new Set<string>();
  /** Every call is tagged when it is answered, with the phase running then. */
  private readonly tagged = new Map<MeteredCall, string>();

  private constructor(
    readonly dynamodb: MeteringProxy,
    readonly kms: MeteringProxy,
    readonly eventBridge: MeteringProxy,
  ) {}

  static async start(): Promise<CostMeter> {
    const [dynamodb, kms, eventBridge] = await Promise.all([startMeteringProxy('dynamodb'), startMeteringProxy('passthrough'), startMeteringProxy('passthrough')]);
    return new CostMeter(dynamodb, kms, eventBridge);
  }

  /** What the twin merges over every function's environment. */
  functionEnvironment(): Record<string, string> {
    return { AWS_ENDPOINT_URL_DYNAMODB: this.dynamodb.endpoint, AWS_ENDPOINT_URL_KMS: this.kms.endpoint, AWS_ENDPOINT_URL_EVENTBRIDGE: this.eventBridge.endpoint };
  }

  /** The twin's onLog: a line as CloudWatch would ingest it (plus its newline). */
  onLog = (line: string, functionName: string): void => {
    this.logs.push({ bucket: this.bucketOf(functionName), fn: functionName, bytes: Buffer.byteLength(line) + 1 });
  };

  /** Points the proxies at the twin, learns each function's key and the daily jobs, and wraps every FunctionHost.invoke. */
  attach(twin: Twin): void {
    this.dynamodb.setUpstream(twin.endpoints.dynamodb);
    this.kms.setUpstream(twin.endpoints.kms);
    this.eventBridge.setUpstream(twin.endpoints.eventbridge);
    for (const region of twin.regions.values()) {
      for (const [, resource] of Object.entries(region.stack.template.Resources)) {
        if (resource.Type !== 'AWS::Scheduler::Schedule') continue;
        const target = (resource.Properties?.Target as { Arn?: { 'Fn::GetAtt'?: [string, string] } } | undefined)?.Arn?.['Fn::GetAtt']?.[0];
        const host = target ? region.functions.get(target) : undefined;
        if (host) this.scheduled.add(host.definition.name);
      }
      for (const host of region.functions.values()) {
        const key = host.definition.environment.AWS_ACCESS_KEY_ID;
        if (key) this.functionByKey.set(key, host.definition.name);
        this.wrap(host);
      }
    }
  }

  /** DynamoDB answers without ConsumedCapacity, and failed conditional writes, by `function operation status`, with how many. */
  unmetered(which: 'unmetered' | 'failedCondition'): Record<string, number> {
    const found: Record<string, number> = {};
    for (const call of this.callsOf(this.dynamodb).filter((c) => c[which])) {
      const key = `${call.fn} ${call.operation} ${call.status}`;
      found[key] = (found[key] ?? 0) + 1;
    }
    return found;
  }

  /** Functions the regions' schedules invoke. */
  get scheduledFunctions(): string[] {
    return [...this.scheduled].sort();
  }

  /** Starts a phase: API requests from here on and everything answered from now belong to it. */
  startPhase(phase: string, requests: readonly GatewayRequestLine[]): void {
    this.tagPending();
    this.phase = phase;
    this.apiMarks.push({ phase, from: requests.length });
  }

  /** Runs `work` in the driver-polls phase, then returns to the phase that ran. */
  async aside<T>(work: () => Promise<T>, requests: readonly GatewayRequestLine[]): Promise<T> {
    const phase = this.phase;
    this.startPhase(DRIVER_POLLS, requests);
    try {
      return await work();
    } finally {
      this.startPhase(phase, requests);
    }
  }

  /**
   * GB-seconds of a bucket had every invocation started cold: each function's mean init (of the cold
   * starts seen anywhere in the run) added to every invocation of it. At a few signals a day, most are.
   */
  allColdGbSeconds(bucket: string): number {
    const inits = new Map<string, number[]>();
    for (const i of this.invocations) if (i.initDurationMs > 0) inits.set(i.fn, [...(inits.get(i.fn) ?? []), i.initDurationMs]);
    const meanInit = (fn: string) => {
      const seen = inits.get(fn) ?? [];
      return seen.length ? seen.reduce((a, b) => a + b, 0) / seen.length : 0;
    };
    return this.invocations.filter((i) => i.bucket === bucket).reduce((s, i) => s + (i.memoryMb / 1024) * ((i.durationMs + meanInit(i.fn)) / 1000), 0);
  }

  private bucketOf(fn: string): string {
    return this.scheduled.has(fn) ? SCHEDULED : this.phase;
  }

  private wrap(host: FunctionHost): void {
    const invoke = host.invoke.bind(host);
    host.invoke = async (...args: Parameters<FunctionHost['invoke']>): Promise<InvokeResult> => {
      const result = await invoke(...args);
      const fn = host.definition.name;
      this.invocations.push({ bucket: this.bucketOf(fn), fn, durationMs: result.durationMs, initDurationMs: result.initDurationMs ?? 0, memoryMb: host.definition.memoryMb ?? 128 });
      return result;
    };
  }

  private tagPending(): void {
    for (const proxy of [this.dynamodb, this.kms, this.eventBridge]) {
      for (const call of proxy.calls) if (!this.tagged.has(call)) this.tagged.set(call, this.phase);
    }
  }

  private callsOf(proxy: MeteringProxy): Array<Tagged<MeteredCall>> {
    this.tagPending();
    return proxy.calls.map((call) => {
      const fn = (call.accessKeyId && this.functionByKey.get(call.accessKeyId)) || 'unknown caller';
      return { ...call, fn, bucket: this.scheduled.has(fn) ? SCHEDULED : this.tagged.get(call)! };
    });
  }

  /** Totals per bucket, and per function within each bucket. */
  counts(requests: readonly GatewayRequestLine[]): { buckets: Map<string, BucketCounts>; functions: Map<string, Map<string, BucketCounts>> } {
    const buckets = new Map<string, BucketCounts>();
    const functions = new Map<string, Map<string, BucketCounts>>();
    const of = (bucket: string, fn?: string): BucketCounts[] => {
      if (!buckets.has(bucket)) buckets.set(bucket, emptyCounts());
      const found = [buckets.get(bucket)!];
      if (fn) {
        if (!functions.has(bucket)) functions.set(bucket, new Map());
        const perFunction = functions.get(bucket)!;
        if (!perFunction.has(fn)) perFunction.set(fn, emptyCounts());
        found.push(perFunction.get(fn)!);
      }
      return found;
    };
    for (const i of this.invocations) {
      for (const c of of(i.bucket, i.fn)) {
        c.invocations++;
        if (i.initDurationMs > 0) c.coldStarts++;
        c.durationMs += i.durationMs;
        c.initDurationMs += i.initDurationMs;
        c.gbSeconds += (i.memoryMb / 1024) * ((i.durationMs + i.initDurationMs) / 1000);
      }
    }
    for (const call of this.callsOf(this.dynamodb)) {
      for (const c of of(call.bucket, call.fn)) {
        c.dynamodbCalls++;
        c.readUnits += call.readUnits;
        c.writeUnits += call.writeUnits;
        if (call.unmetered) c.unmeteredDynamodbCalls++;
      }
    }
    for (const call of this.callsOf(this.kms)) for (const c of of(call.bucket, call.fn)) c.kmsRequests++;
    for (const call of this.callsOf(this.eventBridge)) for (const c of of(call.bucket, call.fn)) c.events += call.entries;
    for (const line of this.logs) {
      for (const c of of(line.bucket, line.fn)) {
        c.logBytes += line.bytes;
        c.logLines++;
      }
    }
    this.apiMarks.forEach((mark, i) => {
      const to = this.apiMarks[i + 1]?.from ?? requests.length;
      of(mark.phase)[0]!.apiRequests += to - mark.from;
    });
    return { buckets, functions };
  }

  async stop(): Promise<void> {
    await Promise.all([this.dynamodb.stop(), this.kms.stop(), this.eventBridge.stop()]);
  }
}

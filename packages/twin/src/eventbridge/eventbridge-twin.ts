// EventBridge in the local twin: the template's buses and rules, PutEvents over the AWS JSON protocol,
// pattern matching, asynchronous delivery to Lambda targets and other buses (any region), scheduled
// rules on the virtual clock, local subscribers and an in-memory record of what was published.
import { randomUUID } from 'node:crypto';
import { LOCAL_ACCOUNT } from '../cfn-resolver';
import type { TwinClock } from '../stepfunctions/clock';
import { EventArchive } from './archive';
import { DeliveryQueue, type AttemptResult } from './delivery';
import { EventBridgeHttpServer } from './http';
import type { EndpointGuard } from '../endpoint-auth';
import type { DeadLetterSink } from '../sqs';
import { targetPayload } from './input';
import { checkEntry, checkRequest, envelopeOf, eventTime } from './put-events';
import { BusRegistry, parseArn, type Bus, type CompiledRule } from './registry';
import { RuleScheduler } from './scheduler';
import { Subscribers } from './subscriptions';
import type { EventBusSpec, EventEnvelope, LambdaInvoker, PutEventsRequestEntry, PutEventsResultEntry, RuleSpec, TargetSpec } from './types';

export interface EventBridgeTwinOptions {
  buses: EventBusSpec[];
  rules: RuleSpec[];
  clock: TwinClock;
  invokeLambda: LambdaInvoker;
  /** Operational lines (ids, types, names; never event detail). Default: stderr. */
  log?: (line: string) => void;
  /** The account events are published from. Default: the twin's local account. */
  accountId?: string;
  /** Region for bus names when a request does not say (unsigned requests, putEvents()). Default: the first bus's region. */
  region?: string;
  /** Local delivery retries: at most `maxAttempts` (default 3) instead of AWS's 185, first backoff `backoffMs` virtual ms (default 100), doubling. */
  retry?: { maxAttempts?: number; backoffMs?: number };
  /** Events kept per bus for GET /_twin/events (default 1000). */
  archiveLimit?: number;
  /** SigV4 and IAM on the API, the twin-ops profile for subscriptions; absent: an open endpoint (component tests). */
  guard?: EndpointGuard;
  /** Sends what was given up on to a queue (the twin's SQS); absent: it is only logged. */
  deadLetter?: DeadLetterSink;
  /** A function's on-failure destination for asynchronous invocations (AWS::Lambda::EventInvokeConfig), by function ARN. */
  onFailureDestination?: (functionArn: string) => string | undefined;
}

/**
 * Errors of the Invoke call itself (the function was never run): EventBridge retries these and
 * gives up into the target's dead-letter queue. Any other error is the function's own: Lambda
 * accepted the asynchronous invocation, and gives up into the function's on-failure destination.
 */
function isInvokeRejection(errorType: string): boolean {
  return errorType.startsWith('Lambda.') || errorType.startsWith('InvalidInput') || /^(ResourceNotFound|TooManyRequests|RequestEntityTooLarge|Service|EC2Throttled)Exception$/.test(errorType);
}

export interface ArchivedEventsQuery {
  /** Bus name (in `region`) or ARN; absent = all buses. */
  bus?: string;
  region?: string;
  detailType?: string;
  source?: string;
}

/** AWS's default RetryPolicy. */
const AWS_MAX_RETRY_ATTEMPTS = 185;
const AWS_MAX_EVENT_AGE_SECONDS = 24 * 3600;
/** Bus-to-bus hops before an event is dropped: a rule forwarding back to where it came from would loop forever. */
const MAX_HOPS = 5;

export class EventBridgeTwin {
  readonly clock: TwinClock;
  private readonly registry: BusRegistry;
  private readonly archive: EventArchive;
  private readonly queue: DeliveryQueue;
  private readonly subscribers: Subscribers;
  private readonly scheduler: RuleScheduler;
  private readonly http: EventBridgeHttpServer;
  private readonly invokeLambda: LambdaInvoker;
  private readonly log: (line: string) => void;
  private readonly accountId: string;
  private readonly maxAttempts: number;
  /** Rule/target pairs already reported as not delivered, so each is logged once. */
  private readonly reported = new Set<string>();
  private started = false;
  private stopped = false;

  /** Checks every rule (bus exists, pattern and schedule valid) and throws on the first bad one, as a deploy would fail. */
  constructor(private readonly options: EventBridgeTwinOptions) {
    this.clock = options.clock;
    this.invokeLambda = options.invokeLambda;
    this.log = options.log ?? ((line) => process.stderr.write(`[eventbridge] ${line}\n`));
    this.accountId = options.accountId ?? LOCAL_ACCOUNT;
    this.maxAttempts = Math.max(1, options.retry?.maxAttempts ?? 3);
    const firstRegion = options.buses.map((b) => parseArn(b.arn)?.region).find((r) => r);
    this.registry = new BusRegistry(options.buses, options.rules, options.region ?? firstRegion ?? 'eu-west-1', this.accountId);
    this.archive = new EventArchive(options.archiveLimit ?? 1000);
    this.queue = new DeliveryQueue({ clock: this.clock, log: this.log, backoffMs: options.retry?.backoffMs ?? 100 });
    this.subscribers = new Subscribers({ queue: this.queue, log: this.log, maxAttempts: this.maxAttempts, nowMs: () => this.clock.nowMs() });
    this.scheduler = new RuleScheduler({ clock: this.clock, log: this.log, fire: (rule, atMs) => this.fireScheduled(rule, atMs) });
    this.http = new EventBridgeHttpServer({
      registry: this.registry,
      defaultRegion: this.registry.defaultRegion,
      subscribers: this.subscribers,
      archive: (query) => this.archive.query(query),
      putEvents: (entries, region) => this.accept(entries, region),
      ...(options.guard ? { guard: options.guard } : {}),
    });
  }

  /** Serves the endpoint on host:port (0 = a free port) and starts the scheduled rules' clocks. */
  async start(port: number, host = '127.0.0.1'): Promise<void> {
    if (this.started) throw new Error('the EventBridge twin is already started');
    this.started = true;
    await this.http.listen(port, host);
    this.scheduler.start(this.registry.buses.flatMap((b) => b.rules));
    const buses = this.registry.buses.length;
    const rules = this.registry.buses.reduce((n, b) => n + b.rules.length, 0);
    this.log(`listening on ${this.http.endpoint}: ${buses} buses, ${rules} rules (${this.scheduler.scheduledRules} scheduled); target retries capped at ${this.maxAttempts} attempts locally (AWS: up to ${AWS_MAX_RETRY_ATTEMPTS} retries over 24 h)`);
  }

  /** e.g. http://127.0.0.1:4520; set AWS_ENDPOINT_URL_EVENTBRIDGE to it. */
  get endpoint(): string {
    return this.http.endpoint;
  }

  /** Stops schedules, streams, webhooks and retries; waits briefly for invocations already running. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.scheduler.stop();
    this.subscribers.close();
    await this.http.close();
    await this.queue.close();
  }

  /** Resolves once every event accepted so far has been delivered to all its targets, or given up on. */
  idle(timeoutMs = 30_000): Promise<void> {
    return this.queue.idle(timeoutMs);
  }

  /**
   * PutEvents with the service's semantics (request limits throw an EventBridgeServiceError, entry
   * problems come back per entry). Bus names resolve in `options.region` (default: the twin's region).
   */
  async putEvents(entries: PutEventsRequestEntry[], options: { region?: string } = {}): Promise<PutEventsResultEntry[]> {
    checkRequest(entries);
    return this.accept(entries, options.region ?? this.registry.defaultRegion);
  }

  /** The events buses accepted (last N per bus), oldest first: what tests assert was published. */
  publishedEvents(query: ArchivedEventsQuery = {}): EventEnvelope[] {
    let busArns: string[] | undefined;
    if (query.bus !== undefined) {
      const bus = this.registry.resolve(query.bus, query.region ?? this.registry.defaultRegion);
      if (!bus) return [];
      busArns = [bus.spec.arn];
    }
    return this.archive
      .query({ ...(busArns ? { busArns } : {}), ...(query.detailType !== undefined ? { detailType: query.detailType } : {}), ...(query.source !== undefined ? { source: query.source } : {}) })
      .map((e) => e.event);
  }

  // ---- internals ----

  private accept(entries: unknown[], region: string): PutEventsResultEntry[] {
    return entries.map((raw): PutEventsResultEntry => {
      const check = checkEntry(raw);
      if (!check.ok) return { ErrorCode: check.ErrorCode, ErrorMessage: check.ErrorMessage };
      const busName = check.entry.EventBusName;
      const bus = this.registry.resolve(busName, region);
      if (!bus) return { ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Event bus ${busName} does not exist.` };
      const event = envelopeOf(check, { account: this.accountId, region: bus.region, nowMs: this.clock.nowMs() });
      this.dispatch(bus, event, 0);
      return { EventId: event.id };
    });
  }

  /** An event on a bus: recorded, shown to subscribers, and delivered to the targets of every matching rule. */
  private dispatch(bus: Bus, event: EventEnvelope, hops: number): void {
    if (this.stopped) return;
    this.archive.add(bus.spec.arn, event);
    this.subscribers.publish(bus.spec.arn, event);
    const matched = bus.rules.filter((rule) => rule.spec.state === 'ENABLED' && rule.matches?.(event));
    if (matched.length) this.log(`event ${event.id} (${event['detail-type']}) on ${bus.spec.name}: rules ${matched.map((r) => r.spec.name).join(', ')}`);
    for (const rule of matched) for (const target of rule.spec.targets) this.deliver(rule, target, event, hops);
  }

  private fireScheduled(rule: CompiledRule, atMs: number): void {
    const event: EventEnvelope = {
      version: '0',
      id: randomUUID(),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: rule.bus.account || this.accountId,
      time: eventTime(atMs),
      region: rule.region,
      resources: [rule.spec.arn],
      detail: {},
    };
    this.log(`rule ${rule.spec.name}: scheduled run ${event.time} (event ${event.id})`);
    // A scheduled event goes to the rule's own targets, not onto the bus (other rules never see it).
    for (const target of rule.spec.targets) this.deliver(rule, target, event, 0);
  }

  private deliver(rule: CompiledRule, target: TargetSpec, event: EventEnvelope, hops: number): void {
    const arn = parseArn(target.arn);
    const describe = `event ${event.id} (${event['detail-type']}) rule ${rule.spec.name} -> ${target.id}`;
    const policy = target.retryPolicy ?? {};
    const common = {
      describe,
      maxAttempts: Math.min(1 + (policy.maximumRetryAttempts ?? AWS_MAX_RETRY_ATTEMPTS), this.maxAttempts),
      maxAgeMs: (policy.maximumEventAgeInSeconds ?? AWS_MAX_EVENT_AGE_SECONDS) * 1000,
      acceptedAtMs: this.clock.nowMs(),
    };
    if (arn?.service === 'lambda' && arn.resource.startsWith('function:')) {
      this.queue.deliver({
        ...common,
        attempt: () => this.invoke(target, event, rule),
        onGiveUp: (errorType) => this.giveUp(rule, target, event, errorType, describe),
      });
      return;
    }
    if (arn?.service === 'events' && arn.resource.startsWith('event-bus/')) {
      const next = this.registry.byArnOrUndefined(target.arn);
      if (!next) return this.reportOnce(rule, target, `bus ${target.arn} is not part of the twin`);
      if (hops + 1 > MAX_HOPS) {
        this.log(`${describe}: dropped after ${MAX_HOPS} bus-to-bus hops (a forwarding loop?)`);
        return;
      }
      // EventBridge forwards the event itself; Input* on a bus target do not apply.
      this.queue.deliver({
        ...common,
        attempt: async (): Promise<AttemptResult> => {
          this.dispatch(next, event, hops + 1);
          return { ok: true };
        },
      });
      return;
    }
    this.reportOnce(rule, target, `the twin does not deliver to ${arn?.service ?? 'unknown'} targets`);
  }

  private async invoke(target: TargetSpec, event: EventEnvelope, rule: CompiledRule): Promise<AttemptResult> {
    let payload: unknown;
    try {
      payload = targetPayload(target, event, rule.spec);
    } catch (error) {
      return { ok: false, errorType: `InvalidInput: ${(error as Error).message}`, retryable: false };
    }
    const result = await this.invokeLambda(target.arn, payload);
    if (result.ok) return { ok: true };
    // A missing function will not appear by retrying; the error message may quote data, so only the type is kept.
    return { ok: false, errorType: result.errorType, retryable: !/ResourceNotFound/.test(result.errorType) };
  }

  /**
   * Where AWS puts a delivery it gave up on. The twin retries a function's own errors with the
   * target's retry policy (AWS: Lambda's asynchronous retries); what is left over lands in the same
   * queue, in the shape AWS gives it there.
   */
  private giveUp(rule: CompiledRule, target: TargetSpec, event: EventEnvelope, errorType: string, describe: string): void {
    const scheduled = rule.spec.arn.includes(':scheduler:');
    const payload = (): unknown => {
      try {
        return targetPayload(target, event, rule.spec);
      } catch {
        return event;
      }
    };
    const onFailure = this.options.onFailureDestination?.(target.arn);
    if (!isInvokeRejection(errorType) && onFailure) {
      // Lambda's on-failure record: names the function and carries the request (the redrive invokes it again).
      const record = {
        version: '1.0',
        timestamp: new Date(this.clock.nowMs()).toISOString(),
        requestContext: { requestId: randomUUID(), functionArn: target.arn, condition: 'RetriesExhausted', approximateInvokeCount: 3 },
        requestPayload: payload(),
        responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
        responsePayload: { errorType },
      };
      this.log(`${describe}: to the function's on-failure destination ${onFailure}`);
      this.options.deadLetter?.(onFailure, JSON.stringify(record));
      return;
    }
    if (!target.deadLetterArn) return;
    // EventBridge sends the event (Scheduler: the target input) with what failed as message attributes.
    this.log(`${describe}: to the target's dead-letter queue ${target.deadLetterArn}`);
    this.options.deadLetter?.(target.deadLetterArn, JSON.stringify(scheduled ? payload() : event), {
      [scheduled ? 'SCHEDULE_ARN' : 'RULE_ARN']: rule.spec.arn,
      TARGET_ARN: target.arn,
      ERROR_CODE: errorType,
      ERROR_MESSAGE: `the target failed with ${errorType}`,
    });
  }

  private reportOnce(rule: CompiledRule, target: TargetSpec, reason: string): void {
    const key = `${rule.spec.arn}#${target.id}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.log(`rule ${rule.spec.name} target ${target.id} (${target.arn}): not delivered, ${reason}`);
  }
}

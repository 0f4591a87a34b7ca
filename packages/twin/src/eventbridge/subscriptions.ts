// Local subscribers, so partner integrations can be built offline: server-sent-event streams and
// webhooks (loopback URLs only) that receive each event a bus accepts, optionally filtered by a pattern.
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { DeliveryQueue } from './delivery';
import { compileEventPattern, type EventPredicate } from './pattern';
import type { Bus } from './registry';
import type { EventEnvelope } from './types';

export interface WebhookSubscription {
  id: string;
  bus: string;
  busArn: string;
  pattern?: object;
  url: string;
  createdAt: string;
}

export class SubscriptionError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'SubscriptionError';
  }
}

interface Stream {
  res: ServerResponse;
  busArns?: Set<string>;
  matches?: EventPredicate;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const KEEPALIVE_MS = 15_000;
const WEBHOOK_TIMEOUT_MS = 10_000;

/** Webhooks may only call this machine: the twin must never push events (even ids) to other hosts. */
export function loopbackUrl(url: unknown): URL {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    throw new SubscriptionError(400, 'url must be an absolute http URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new SubscriptionError(400, 'url must use http or https');
  if (!LOOPBACK_HOSTS.has(parsed.hostname.toLowerCase())) {
    throw new SubscriptionError(400, `url must point to this machine (http://127.0.0.1, http://localhost or http://[::1]); refusing host ${parsed.hostname}`);
  }
  if (parsed.username || parsed.password) throw new SubscriptionError(400, 'url must not carry credentials');
  return parsed;
}

/** A pattern given as an object or JSON text; undefined = every event. */
export function patternPredicate(pattern: unknown): { pattern?: object; matches?: EventPredicate } {
  if (pattern === undefined || pattern === null || pattern === '') return {};
  try {
    const object = (typeof pattern === 'string' ? JSON.parse(pattern) : pattern) as object;
    return { pattern: object, matches: compileEventPattern(object) };
  } catch (error) {
    throw new SubscriptionError(400, error instanceof SyntaxError ? 'pattern is not valid JSON' : (error as Error).message);
  }
}

export class Subscribers {
  private readonly streams = new Set<Stream>();
  private readonly webhooks = new Map<string, WebhookSubscription & { matches?: EventPredicate }>();
  private readonly requests = new Set<AbortController>();
  private keepalive: NodeJS.Timeout | undefined;

  constructor(
    private readonly options: {
      queue: DeliveryQueue;
      log: (line: string) => void;
      maxAttempts: number;
      nowMs: () => number;
    },
  ) {}

  /** Serves `res` as an event stream until the client goes away or the twin stops. */
  addStream(res: ServerResponse, filter: { buses?: Bus[]; pattern?: unknown }): void {
    const { matches } = patternPredicate(filter.pattern);
    const stream: Stream = { res, ...(filter.buses ? { busArns: new Set(filter.buses.map((b) => b.spec.arn)) } : {}), ...(matches ? { matches } : {}) };
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    // A first comment flushes the headers, so a client knows it is subscribed before any event.
    res.write(': subscribed\n\n');
    this.streams.add(stream);
    res.on('close', () => {
      this.streams.delete(stream);
      this.armKeepalive();
    });
    this.armKeepalive();
  }

  addWebhook(input: { bus: Bus; pattern?: unknown; url: unknown }): WebhookSubscription {
    const url = loopbackUrl(input.url);
    const { pattern, matches } = patternPredicate(input.pattern);
    const subscription: WebhookSubscription = {
      id: randomUUID(),
      bus: input.bus.spec.name,
      busArn: input.bus.spec.arn,
      ...(pattern ? { pattern } : {}),
      url: url.toString(),
      createdAt: new Date(this.options.nowMs()).toISOString(),
    };
    this.webhooks.set(subscription.id, { ...subscription, ...(matches ? { matches } : {}) });
    this.options.log(`webhook subscription ${subscription.id} on ${subscription.bus} -> ${url.origin}`);
    return subscription;
  }

  listWebhooks(): WebhookSubscription[] {
    return [...this.webhooks.values()].map(({ matches: _matches, ...rest }) => rest);
  }

  get streamCount(): number {
    return this.streams.size;
  }

  removeWebhook(id: string): boolean {
    return this.webhooks.delete(id);
  }

  /** Hands an event the bus accepted to every matching stream and webhook. */
  publish(busArn: string, event: EventEnvelope): void {
    for (const stream of this.streams) {
      if (stream.busArns && !stream.busArns.has(busArn)) continue;
      if (stream.matches && !stream.matches(event)) continue;
      stream.res.write(`id: ${event.id}\ndata: ${JSON.stringify(event)}\n\n`);
    }
    for (const hook of this.webhooks.values()) {
      if (hook.busArn !== busArn || (hook.matches && !hook.matches(event))) continue;
      this.options.queue.deliver({
        describe: `event ${event.id} (${event['detail-type']}) -> webhook ${hook.id}`,
        maxAttempts: this.options.maxAttempts,
        maxAgeMs: 24 * 3600_000,
        acceptedAtMs: this.options.nowMs(),
        attempt: () => this.post(hook, event),
      });
    }
  }

  /** Ends every stream and aborts webhook calls in flight. */
  close(): void {
    for (const stream of this.streams) stream.res.end();
    this.streams.clear();
    for (const request of this.requests) request.abort();
    this.requests.clear();
    this.webhooks.clear();
    this.armKeepalive();
  }

  private async post(hook: WebhookSubscription, event: EventEnvelope): Promise<{ ok: true } | { ok: false; errorType: string; retryable: boolean }> {
    const controller = new AbortController();
    this.requests.add(controller);
    const timer = setTimeout(() => controller.abort(), WEBHOOK_TIMEOUT_MS);
    try {
      const response = await fetch(hook.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-twin-subscription-id': hook.id, 'x-twin-event-id': event.id },
        body: JSON.stringify(event),
        signal: controller.signal,
      });
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return { ok: true };
      // A 4xx other than 429 will not get better by retrying, as for API destinations.
      return { ok: false, errorType: `HTTP ${response.status}`, retryable: response.status >= 500 || response.status === 429 };
    } catch (error) {
      return { ok: false, errorType: (error as Error).name === 'AbortError' ? 'Timeout' : 'ConnectionError', retryable: true };
    } finally {
      clearTimeout(timer);
      this.requests.delete(controller);
    }
  }

  /** One unref'd interval for all streams, only while there are streams: proxies drop silent connections. */
  private armKeepalive(): void {
    if (this.streams.size > 0 && !this.keepalive) {
      this.keepalive = setInterval(() => {
        for (const stream of this.streams) stream.res.write(': keep-alive\n\n');
      }, KEEPALIVE_MS);
      this.keepalive.unref();
    } else if (this.streams.size === 0 && this.keepalive) {
      clearInterval(this.keepalive);
      this.keepalive = undefined;
    }
  }
}

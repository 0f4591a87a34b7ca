// The twin's EventBridge endpoint: the AWS JSON API on POST / (with a guard, as the twin runs it:
// SigV4 for `events` and the signer's IAM permission, e.g. events:PutEvents on the bus; the signature's
// scope gives the caller's region), plus /_twin/events (archive), /_twin/events/stream (SSE) and
// /_twin/events/subscriptions (webhooks: adding and removing one takes the twin-ops profile and a JSON body).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLarge, JsonHttpServer, readBody, send, sendJson, signedRegion } from '../json-http';
import { LOCAL_ACCOUNT } from '../cfn-resolver';
import { controlRefusal, sendRefusal, type Access, type EndpointGuard } from '../endpoint-auth';
import { handleApiRequest, type ApiContext } from './api';
import type { ArchiveQuery, ArchivedEvent } from './archive';
import type { Bus, BusRegistry } from './registry';
import { SubscriptionError, type Subscribers } from './subscriptions';

export interface HttpContext extends ApiContext {
  registry: BusRegistry;
  defaultRegion: string;
  subscribers: Subscribers;
  archive(query: ArchiveQuery): ArchivedEvent[];
  /** SigV4 and IAM; absent: an open endpoint (component tests). */
  guard?: EndpointGuard;
}

export class EventBridgeHttpServer extends JsonHttpServer {
  constructor(private readonly ctx: HttpContext) {
    super('EventBridge twin');
  }

  protected failed(res: ServerResponse, error: unknown): void {
    const status = error instanceof BodyTooLarge ? 413 : 500;
    sendJson(res, status, { message: status === 413 ? 'request body too large' : `internal error: ${(error as Error).message}` });
  }

  protected async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://twin');
    const method = req.method ?? 'GET';
    const region = url.searchParams.get('region') ?? signedRegion(req) ?? this.ctx.defaultRegion;

    if (url.pathname === '/_twin/events' && method === 'GET') {
      const buses = this.busesOf(url.searchParams.get('bus'), region, res);
      if (buses === null) return;
      const events = this.ctx.archive({
        ...(buses ? { busArns: buses.map((b) => b.spec.arn) } : {}),
        ...(url.searchParams.get('detailType') !== null ? { detailType: url.searchParams.get('detailType')! } : {}),
        ...(url.searchParams.get('source') !== null ? { source: url.searchParams.get('source')! } : {}),
      });
      return sendJson(res, 200, { count: events.length, events: events.map((e) => e.event) });
    }
    if (url.pathname === '/_twin/events/stream' && method === 'GET') {
      const buses = this.busesOf(url.searchParams.get('bus'), region, res);
      if (buses === null) return;
      try {
        this.ctx.subscribers.addStream(res, { ...(buses ? { buses } : {}), pattern: url.searchParams.get('pattern') ?? undefined });
      } catch (error) {
        if (error instanceof SubscriptionError) return sendJson(res, error.status, { message: error.message });
        throw error;
      }
      return;
    }
    if (url.pathname === '/_twin/events/subscriptions') {
      if (method === 'GET') return sendJson(res, 200, { subscriptions: this.ctx.subscribers.listWebhooks(), streams: this.ctx.subscribers.streamCount });
      if (method !== 'POST') return sendJson(res, 405, { message: 'GET or POST' });
      const raw = await readBody(req);
      const refused = controlRefusal(req) ?? (await this.ctx.guard?.check(req, raw, 'ops'));
      if (refused) return sendRefusal(res, refused, 'application/json');
      let body: { bus?: unknown; pattern?: unknown; url?: unknown };
      try {
        body = JSON.parse(raw || '{}') as typeof body;
      } catch {
        return sendJson(res, 400, { message: 'the body must be JSON: {"bus": name, "pattern"?: object, "url": "http://127.0.0.1:…"}' });
      }
      if (typeof body !== 'object' || body === null || typeof body.bus !== 'string') return sendJson(res, 400, { message: 'send {"bus": name, "pattern"?: object, "url": "http://127.0.0.1:…"}' });
      const bus = this.ctx.registry.resolve(body.bus, region);
      if (!bus) return sendJson(res, 404, { message: `Event bus ${body.bus} does not exist.` });
      try {
        return sendJson(res, 201, this.ctx.subscribers.addWebhook({ bus, pattern: body.pattern, url: body.url }));
      } catch (error) {
        if (error instanceof SubscriptionError) return sendJson(res, error.status, { message: error.message });
        throw error;
      }
    }
    const subscription = /^\/_twin\/events\/subscriptions\/([^/]+)$/.exec(url.pathname);
    if (subscription) {
      if (method !== 'DELETE') return sendJson(res, 405, { message: 'DELETE' });
      const refused = await this.ctx.guard?.check(req, await readBody(req), 'ops');
      if (refused) return sendRefusal(res, refused, 'application/json');
      if (!this.ctx.subscribers.removeWebhook(decodeURIComponent(subscription[1]!))) return sendJson(res, 404, { message: 'no such subscription' });
      res.writeHead(204).end();
      return;
    }
    if (method === 'POST' && (url.pathname === '/' || url.pathname === '')) {
      const header = req.headers['x-amz-target'];
      const target = Array.isArray(header) ? header[0] : header;
      const body = await readBody(req);
      const refused = await this.ctx.guard?.check(req, body, this.accessFor(target, body, region));
      if (refused) return sendRefusal(res, refused, 'application/x-amz-json-1.1');
      const reply = handleApiRequest(this.ctx, target, body, region);
      res.setHeader('x-amzn-RequestId', randomUUID());
      if (reply.errorType) res.setHeader('x-amzn-ErrorType', reply.errorType);
      return send(res, reply.status, 'application/x-amz-json-1.1', reply.body);
    }
    sendJson(res, 404, { message: 'Not found' });
  }

  /** The IAM action and resources of an API call: PutEvents on the bus of every entry. */
  private accessFor(target: string | undefined, body: string, region: string): Access {
    const operation = target?.startsWith('AWSEvents.') ? target.slice('AWSEvents.'.length) : '';
    if (operation !== 'PutEvents') return { action: `events:${operation}`, resources: ['*'] };
    let entries: unknown;
    try {
      entries = (JSON.parse(body) as { Entries?: unknown }).Entries;
    } catch {
      return 'signature'; // the API answers malformed JSON itself
    }
    const names = Array.isArray(entries) ? entries.map((e) => (e as { EventBusName?: unknown } | null)?.EventBusName) : [];
    const arns = names.map((name) => {
      const bus = typeof name === 'string' && name !== '' ? name : 'default';
      return this.ctx.registry.resolve(bus, region)?.spec.arn ?? (bus.startsWith('arn:') ? bus : `arn:aws:events:${region}:${LOCAL_ACCOUNT}:event-bus/${bus}`);
    });
    return { action: 'events:PutEvents', resources: [...new Set(arns.length ? arns : ['*'])] };
  }

  /** undefined = every bus; null = answered with 404 already. */
  private busesOf(bus: string | null, region: string, res: ServerResponse): Bus[] | undefined | null {
    if (bus === null || bus === '') return undefined;
    const found = this.ctx.registry.resolve(bus, region) ?? uniqueByName(this.ctx.registry.buses, bus);
    if (!found) {
      sendJson(res, 404, { message: `Event bus ${bus} does not exist.` });
      return null;
    }
    return [found];
  }
}

/** The local tools often don't say a region: a bus name that exists in exactly one region is unambiguous. */
function uniqueByName(buses: Bus[], name: string): Bus | undefined {
  const named = buses.filter((b) => b.spec.name === name);
  return named.length === 1 ? named[0] : undefined;
}

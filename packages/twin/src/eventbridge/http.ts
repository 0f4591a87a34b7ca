// The twin's EventBridge endpoint: the AWS JSON API on POST / (SigV4-signed requests are accepted
// unverified, like the twin's other internal endpoints; the signature's scope gives the caller's region),
// plus /_twin/events (archive), /_twin/events/stream (SSE) and /_twin/events/subscriptions (webhooks).
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleApiRequest, type ApiContext } from './api';
import type { ArchiveQuery, ArchivedEvent } from './archive';
import type { Bus } from './registry';
import { SubscriptionError, type Subscribers } from './subscriptions';

/** The JSON of 10 entries of 256 KB in total fits well within this. */
const MAX_BODY_BYTES = 1024 * 1024;

export interface HttpContext extends ApiContext {
  defaultRegion: string;
  subscribers: Subscribers;
  archive(query: ArchiveQuery): ArchivedEvent[];
}

class BodyTooLarge extends Error {}

export class EventBridgeHttpServer {
  private server: Server | undefined;
  private url: string | undefined;

  constructor(private readonly ctx: HttpContext) {}

  get endpoint(): string {
    if (!this.url) throw new Error('the EventBridge twin is not listening; call start() first');
    return this.url;
  }

  async listen(port: number, host: string): Promise<void> {
    const server = createServer((req, res) => {
      this.route(req, res).catch((error: unknown) => {
        const status = error instanceof BodyTooLarge ? 413 : 500;
        sendJson(res, status, { message: status === 413 ? 'request body too large' : `internal error: ${(error as Error).message}` });
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    const address = server.address() as AddressInfo;
    const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    this.url = `http://${shownHost}:${address.port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
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
      let body: { bus?: unknown; pattern?: unknown; url?: unknown };
      try {
        body = JSON.parse((await readBody(req)) || '{}') as typeof body;
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
      if (!this.ctx.subscribers.removeWebhook(decodeURIComponent(subscription[1]!))) return sendJson(res, 404, { message: 'no such subscription' });
      res.writeHead(204).end();
      return;
    }
    if (method === 'POST' && (url.pathname === '/' || url.pathname === '')) {
      const target = req.headers['x-amz-target'];
      const reply = handleApiRequest(this.ctx, Array.isArray(target) ? target[0] : target, await readBody(req), region);
      res.setHeader('x-amzn-RequestId', randomUUID());
      if (reply.errorType) res.setHeader('x-amzn-ErrorType', reply.errorType);
      res.writeHead(reply.status, { 'content-type': 'application/x-amz-json-1.1', 'content-length': Buffer.byteLength(reply.body) });
      res.end(reply.body);
      return;
    }
    sendJson(res, 404, { message: 'Not found' });
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

/** Region from the SigV4 credential scope (`Credential=AKID/20240101/eu-west-1/events/aws4_request`). */
function signedRegion(req: IncomingMessage): string | undefined {
  const authorization = req.headers.authorization;
  const match = authorization ? /Credential=[^/,\s]+\/\d{8}\/([^/]+)\//.exec(authorization) : null;
  return match?.[1];
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

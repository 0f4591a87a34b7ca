// The twin's HTTP face: the Step Functions JSON API on POST /, the virtual clock on /_twin/clock,
// and the monitor pages on /monitor. Requests may be SigV4-signed; this internal endpoint does not verify.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { handleApiRequest } from './api';
import { renderExecution, renderMonitor } from './monitor';
import type { SfnService } from './service';
import type { TwinControl } from './stepfunctions-twin';

const MAX_BODY_BYTES = 1024 * 1024;

export class SfnHttpServer {
  private server: Server | undefined;
  private url: string | undefined;

  constructor(
    private readonly service: SfnService,
    private readonly controls: Record<string, TwinControl> = {},
  ) {}

  get endpoint(): string {
    if (!this.url) throw new Error('the Step Functions twin is not listening; call start() first');
    return this.url;
  }

  async listen(port: number, host: string): Promise<void> {
    const server = createServer((req, res) => {
      void this.route(req, res).catch((error: unknown) => send(res, 500, 'text/plain', `internal error: ${(error as Error).message}`));
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
    const body = await readBody(req);
    if (url.pathname === '/_twin/clock') return this.clockRoute(req.method, body, res);
    const control = url.pathname.startsWith('/_twin/') ? this.controls[url.pathname.slice('/_twin/'.length)] : undefined;
    if (control) {
      let parsed: unknown;
      try {
        parsed = body.length ? JSON.parse(body) : {};
      } catch {
        return send(res, 400, 'application/json', JSON.stringify({ message: 'the body is not valid JSON' }));
      }
      const reply = await control(req.method ?? 'GET', parsed);
      return send(res, reply.status, 'application/json', JSON.stringify(reply.body));
    }
    if (req.method === 'GET' && url.pathname === '/monitor') {
      return send(res, 200, 'text/html; charset=utf-8', renderMonitor(this.service.snapshot(), this.service.clock.now()));
    }
    if (req.method === 'GET' && url.pathname === '/monitor/execution') {
      const view = this.service.executionSnapshot(url.searchParams.get('arn') ?? '');
      if (!view) return send(res, 404, 'text/plain; charset=utf-8', 'No such execution');
      return send(res, 200, 'text/html; charset=utf-8', renderExecution(view, this.service.clock.now()));
    }
    if (req.method === 'POST' && (url.pathname === '/' || url.pathname === '')) {
      const target = req.headers['x-amz-target'];
      const result = await handleApiRequest(this.service, Array.isArray(target) ? target[0] : target, body);
      res.setHeader('x-amzn-RequestId', randomUUID());
      if (result.errorType) res.setHeader('x-amzn-ErrorType', result.errorType);
      return send(res, result.status, 'application/x-amz-json-1.0', result.body);
    }
    send(res, 404, 'text/plain; charset=utf-8', 'Not found');
  }

  /** GET -> {"now": iso}; POST {"advanceSeconds": n} or {"set": iso} moves the virtual clock forward. */
  private clockRoute(method: string | undefined, body: string, res: ServerResponse): void {
    const clock = this.service.clock;
    if (method === 'POST') {
      let command: { advanceSeconds?: unknown; set?: unknown };
      try {
        command = JSON.parse(body || '{}') as typeof command;
      } catch {
        return send(res, 400, 'application/json', JSON.stringify({ message: 'body must be JSON' }));
      }
      try {
        if (typeof command.advanceSeconds === 'number') clock.advance(command.advanceSeconds * 1000);
        else if (typeof command.set === 'string') clock.set(new Date(command.set));
        else return send(res, 400, 'application/json', JSON.stringify({ message: 'send {"advanceSeconds": n} or {"set": "<ISO 8601>"}' }));
      } catch (error) {
        return send(res, 400, 'application/json', JSON.stringify({ message: (error as Error).message }));
      }
    } else if (method !== 'GET') {
      return send(res, 405, 'application/json', JSON.stringify({ message: 'GET or POST' }));
    }
    send(res, 200, 'application/json', JSON.stringify({ now: clock.now().toISOString() }));
  }
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

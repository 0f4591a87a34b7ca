// What the twin's internal HTTP endpoints (Step Functions, EventBridge) share: listening on a port,
// reading a bounded request body and sending a length-framed reply. Each endpoint keeps its routes.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Bodies the internal endpoints take; the JSON of 10 EventBridge entries of 256 KB in total fits well within. */
export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLarge extends Error {
  constructor() {
    super('request body too large');
  }
}

export abstract class JsonHttpServer {
  private server: Server | undefined;
  private url: string | undefined;

  /** `name` appears in the error of reading `endpoint` before `listen`, e.g. 'EventBridge twin'. */
  constructor(private readonly name: string) {}

  get endpoint(): string {
    if (!this.url) throw new Error(`the ${this.name} is not listening; call start() first`);
    return this.url;
  }

  async listen(port: number, host: string): Promise<void> {
    const server = createServer((req, res) => {
      void this.route(req, res).catch((error: unknown) => this.failed(res, error));
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

  protected abstract route(req: IncomingMessage, res: ServerResponse): Promise<void>;

  /** Answers a request whose route threw (a BodyTooLarge from readBody among others). */
  protected abstract failed(res: ServerResponse, error: unknown): void;
}

/** Sends one reply, unless one has been sent already (a route that failed halfway). */
export function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json', JSON.stringify(body));
}

/** The request body as UTF-8; BodyTooLarge past MAX_BODY_BYTES. */
export async function readBody(req: IncomingMessage): Promise<string> {
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

// What the twin's HTTP endpoints (API gateway, Step Functions, EventBridge, KMS, SQS, STS, Lambda)
// share: listening on a port, reading a bounded request body, the region a request is signed for and
// sending a length-framed reply. Each endpoint keeps its routes.
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
      const failed = (error: NodeJS.ErrnoException): void =>
        reject(error.code === 'EADDRINUSE' ? new Error(`port ${port} is already in use (${this.name}); stop the other process or set CTER_TWIN_PORT_BASE`) : error);
      server.once('error', failed);
      server.listen(port, host, () => {
        server.off('error', failed);
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

/** The request body; BodyTooLarge past `limit` bytes. */
export async function readBytes(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** The request body as UTF-8; BodyTooLarge past MAX_BODY_BYTES. */
export async function readBody(req: IncomingMessage): Promise<string> {
  return (await readBytes(req)).toString('utf8');
}

/** The region of the SigV4 credential scope (`Credential=AKID/20240101/eu-west-1/events/aws4_request`). */
export function signedRegion(req: IncomingMessage): string | undefined {
  return /Credential=[^/,\s]+\/\d{8}\/([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1];
}

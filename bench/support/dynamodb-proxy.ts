// A counting pass-through in front of DynamoDB Local: which operations (X-Amz-Target) a process
// sends. Used only for diagnostic runs, never for timed ones (the extra hop costs time).
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DynamoDbProxy {
  endpoint: string;
  /** Operations seen since the last reset, in order, e.g. ['GetItem', 'PutItem']. */
  operations: string[];
  reset(): void;
  stop(): Promise<void>;
}

export async function startDynamoDbProxy(target: string): Promise<DynamoDbProxy> {
  const upstream = new URL(target);
  const operations: string[] = [];
  const server: Server = createServer((req, res) => {
    const operation = String(req.headers['x-amz-target'] ?? '').split('.').pop();
    if (operation) operations.push(operation);
    const forward = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    operations,
    reset: () => void operations.splice(0),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

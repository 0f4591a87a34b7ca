// One Lambda execution environment inside a worker thread: loads the function's bundle once (INIT),
// then runs one invocation at a time the way the Node.js runtime interface client (RIC) does.
// Plain .mjs on purpose: workers start with an empty execArgv, so no tsx loader is available here.
import { parentPort, workerData } from 'node:worker_threads';
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import Module, { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

if (!parentPort) throw new Error('function-worker.mjs must run as a worker thread');
const port = parentPort;

/** @type {{ codeDir: string; handler: string; clockOffset?: SharedArrayBuffer }} */
const { codeDir, handler: handlerString, clockOffset } = workerData;

// Deadlines come from the host in real time, whatever clock the function sees.
const realNow = Date.now;

// ---------------------------------------------------------------------------------------------
// Virtual clock: with a shared offset from the twin, Date.now() and new Date() (no arguments) run
// on the twin's clock, so a function sees the same "now" as the state machine that waited 30 days.
// Patched before the bundle loads, so module-scope code captures the patched Date too.

if (clockOffset instanceof SharedArrayBuffer) {
  const offset = new BigInt64Array(clockOffset);
  const RealDate = Date;
  const virtualNow = () => realNow() + Number(Atomics.load(offset, 0));
  const VirtualDate = new Proxy(RealDate, {
    construct(target, args, newTarget) {
      return Reflect.construct(target, args.length === 0 ? [virtualNow()] : args, newTarget === VirtualDate ? target : newTarget);
    },
    // Date() called as a function returns the current time as a string.
    apply() {
      return new RealDate(virtualNow()).toString();
    },
    get(target, property, receiver) {
      if (property === 'now') return virtualNow;
      return Reflect.get(target, property, receiver);
    },
  });
  globalThis.Date = VirtualDate;
}

// Lambda rejects larger synchronous responses with this exact limit and message.
const MAX_RESPONSE_BYTES = 6291556;
// The RIC exposes the current request id here; some logging libraries read it.
const REQUEST_ID_SYMBOL = Symbol.for('aws.lambda.runtime.requestId');

/** Errors the RIC raises itself; their `name` is what Lambda reports as errorType. */
class RuntimeError extends Error {
  /** @param {string} name @param {unknown} cause */
  constructor(name, cause) {
    super(String(cause));
    this.name = `Runtime.${name}`;
  }
}

/**
 * Same mapping as the RIC's toRapidResponse: Error-likes keep name/message/stack, anything else
 * is reported by its typeof.
 * @param {unknown} error
 * @returns {{ errorType: string; errorMessage: string; trace: string[] }}
 */
function toErrorPayload(error) {
  try {
    if (util.types.isNativeError(error) || isErrorLike(error)) {
      const e = /** @type {Error} */ (error);
      return { errorType: e.name, errorMessage: e.message, trace: typeof e.stack === 'string' ? e.stack.split('\n') : [] };
    }
    return { errorType: typeof error, errorMessage: String(/** @type {object} */ (error).toString()), trace: [] };
  } catch {
    return {
      errorType: 'handled',
      errorMessage: 'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
      trace: [],
    };
  }
}

/** @param {unknown} value */
function isErrorLike(value) {
  if (typeof value !== 'object' || value === null) return false;
  const v = /** @type {Record<string, unknown>} */ (value);
  return typeof v.name === 'string' && typeof v.message === 'string' && typeof v.stack === 'string';
}

// ---------------------------------------------------------------------------------------------
// Console: patched like the RIC so log lines carry timestamp, request id and level, and respect
// AWS_LAMBDA_LOG_FORMAT / AWS_LAMBDA_LOG_LEVEL. Newlines are kept (the RIC turns them into \r for
// CloudWatch), because the twin shows these lines in a terminal.

let currentRequestId = undefined;
const LEVELS = /** @type {const} */ ({ TRACE: 1, DEBUG: 2, INFO: 3, WARN: 4, ERROR: 5, FATAL: 6 });

function patchConsole() {
  const json = process.env.AWS_LAMBDA_LOG_FORMAT?.toUpperCase() === 'JSON';
  const minimum = LEVELS[/** @type {keyof typeof LEVELS} */ (process.env.AWS_LAMBDA_LOG_LEVEL?.toUpperCase() ?? '')] ?? LEVELS.TRACE;
  /** @param {keyof typeof LEVELS} level */
  const writer = (level) => {
    if (LEVELS[level] < minimum) return () => {};
    return (/** @type {unknown[]} */ ...params) => {
      const timestamp = new Date().toISOString();
      const requestId = currentRequestId;
      let line;
      if (json) {
        const record = { timestamp, level, requestId, message: params.length === 1 ? params[0] : util.format(...params) };
        try {
          line = JSON.stringify(record, jsonErrorReplacer);
        } catch {
          line = JSON.stringify({ ...record, message: util.format(...params) });
        }
      } else {
        line = `${timestamp}\t${requestId}\t${level}\t${util.format(...params)}`;
      }
      process.stdout.write(line + '\n');
    };
  };
  console.trace = writer('TRACE');
  console.debug = writer('DEBUG');
  console.info = writer('INFO');
  console.log = console.info;
  console.warn = writer('WARN');
  console.error = writer('ERROR');
  Object.assign(console, { fatal: writer('FATAL') });
}

/** @param {string} _key @param {unknown} value */
function jsonErrorReplacer(_key, value) {
  if (value instanceof Error) {
    return { errorType: value.constructor?.name ?? 'UnknownError', errorMessage: value.message, stackTrace: value.stack?.split('\n'), ...value };
  }
  return value;
}

/** @param {string} label @param {unknown} error */
function logError(label, error) {
  const e = error instanceof Error ? error : new Error(String(error));
  console.error(label, '\t' + JSON.stringify({ errorType: e.name, errorMessage: e.message, stack: e.stack?.split('\n') }));
}

// ---------------------------------------------------------------------------------------------
// Loading the handler, following the RIC's resolution order (extensionless, .js, .mjs, .cjs).

/**
 * In Lambda the task root is /var/task and nothing above it has a package.json, so the search for
 * `"type": "module"` stops at codeDir. Here codeDir usually lives inside the repository, whose own
 * package.json says "type": "module"; letting Node walk past codeDir would load CommonJS bundles
 * (index.js) as ESM.
 * @param {string} folder
 */
function codeDirScopeIsModule(folder) {
  for (let dir = folder; ; dir = path.dirname(dir)) {
    if (dir.endsWith(`${path.sep}node_modules`)) return false;
    const pj = path.join(dir, 'package.json');
    if (fs.existsSync(pj)) {
      try {
        return JSON.parse(fs.readFileSync(pj, 'utf8')).type === 'module';
      } catch {
        return false;
      }
    }
    if (dir === codeDir || !isInside(codeDir, dir) || dir === path.dirname(dir)) return false;
  }
}

/** @param {string} root @param {string} candidate */
function isInside(root, candidate) {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

let cjsScopeInstalled = false;
/**
 * Node's own '.js' loader refuses CommonJS files under a "type": "module" package.json outside
 * codeDir (ERR_REQUIRE_ESM). For files inside codeDir we compile them as CommonJS ourselves, which
 * is what Lambda's /var/task would do.
 */
function installCodeDirCommonJsScope() {
  if (cjsScopeInstalled) return;
  cjsScopeInstalled = true;
  // Module._extensions is undocumented but stable; it is the hook require() dispatches on.
  const extensions = Module._extensions;
  const original = extensions['.js'];
  if (!original) return;
  extensions['.js'] = function (module, filename) {
    if (isInside(codeDir, filename) && !codeDirScopeIsModule(path.dirname(filename))) {
      module._compile(fs.readFileSync(filename, 'utf8'), filename);
      return;
    }
    original.call(this, module, filename);
  };
}

/** @param {string} file */
function requireCommonJs(file) {
  installCodeDirCommonJsScope();
  return createRequire(file)(file);
}

/** @param {string} file */
async function importEsm(file) {
  return import(pathToFileURL(file).href);
}

/** @param {string} base */
async function loadModule(base) {
  const exists = (/** @type {string} */ f) => fs.existsSync(f) && fs.statSync(f).isFile();
  if (exists(base)) return requireCommonJs(base);
  const isModuleScope = codeDirScopeIsModule(path.dirname(base));
  if (exists(`${base}.js`)) return isModuleScope ? importEsm(`${base}.js`) : requireCommonJs(`${base}.js`);
  if (exists(`${base}.mjs`)) return importEsm(`${base}.mjs`);
  if (exists(`${base}.cjs`)) return requireCommonJs(`${base}.cjs`);
  const error = new Error(`Cannot find module '${path.relative(codeDir, base)}'`);
  Object.assign(error, { code: 'MODULE_NOT_FOUND' });
  throw error;
}

/** @returns {Promise<Function>} */
async function loadHandler() {
  if (handlerString.includes('..')) {
    throw new RuntimeError('MalformedHandlerName', `'${handlerString}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`);
  }
  const base = path.basename(handlerString);
  const moduleRoot = handlerString.slice(0, handlerString.length - base.length);
  const match = /^([^.]*)\.(.*)$/.exec(base);
  if (!match || !match[1] || !match[2]) throw new RuntimeError('MalformedHandlerName', 'Bad handler');
  const [, moduleName, handlerPath] = match;

  let userModule;
  try {
    userModule = await loadModule(path.resolve(codeDir, moduleRoot, moduleName));
  } catch (error) {
    if (error instanceof SyntaxError) throw new RuntimeError('UserCodeSyntaxError', error);
    const code = /** @type {{ code?: unknown }} */ (error)?.code;
    if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') throw new RuntimeError('ImportModuleError', error);
    throw error;
  }
  const fn = handlerPath.split('.').reduce((/** @type {any} */ nested, key) => nested?.[key], userModule);
  if (!fn) throw new RuntimeError('HandlerNotFound', `${handlerString} is undefined or not exported`);
  if (typeof fn !== 'function') throw new RuntimeError('HandlerNotFound', `${handlerString} is not a function`);
  return fn;
}

// ---------------------------------------------------------------------------------------------
// Invocation.

/**
 * What happens when the event loop drains during an invocation. The port to the parent is unref'd
 * while a handler runs, so 'beforeExit' fires exactly when Lambda's would: that is how
 * callbackWaitsForEmptyEventLoop and "sync handler never called back" behave as in Lambda.
 * @type {(() => void) | null}
 */
let onEmptyEventLoop = null;
process.on('beforeExit', () => {
  const action = onEmptyEventLoop;
  onEmptyEventLoop = null;
  action?.();
});

/** Invocation in flight, so a crash can be attributed to it. @type {string | null} */
let inFlightId = null;

/**
 * @param {{ id: string; requestId: string; eventJson: string; deadline: number; invokedFunctionArn: string; traceId: string }} msg
 * @param {Function} handler
 */
function invoke(msg, handler) {
  inFlightId = msg.id;
  currentRequestId = msg.requestId;
  Reflect.set(globalThis, REQUEST_ID_SYMBOL, msg.requestId);
  process.env._X_AMZN_TRACE_ID = msg.traceId;

  let reported = false;
  /** @param {{ ok: true; payload: string } | { ok: false; error: ReturnType<typeof toErrorPayload> }} outcome */
  const report = (outcome) => {
    if (reported) return;
    reported = true;
    onEmptyEventLoop = null;
    inFlightId = null;
    port.ref();
    port.postMessage({ type: 'result', id: msg.id, ...outcome });
  };
  /** @param {unknown} error */
  const reportError = (error) => {
    logError('Invoke Error', error);
    report({ ok: false, error: toErrorPayload(error) });
  };
  /** @param {unknown} result */
  const reportResult = (result) => {
    let payload;
    try {
      payload = JSON.stringify(result === undefined ? null : result);
    } catch (error) {
      reportError(error);
      return;
    }
    if (Buffer.byteLength(payload) > MAX_RESPONSE_BYTES) {
      report({
        ok: false,
        error: {
          errorType: 'Function.ResponseSizeTooLarge',
          errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`,
          trace: [],
        },
      });
      return;
    }
    report({ ok: true, payload });
  };

  // Only the first of callback/succeed/fail/done counts, as in the RIC.
  let called = false;
  /** @param {(...args: any[]) => void} fn */
  const once = (fn) => (/** @type {any[]} */ ...args) => {
    if (called) return;
    called = true;
    fn(...args);
  };
  let waitForEmptyEventLoop = true;
  const done = (/** @type {unknown} */ err, /** @type {unknown} */ result) => {
    if (err !== undefined && err !== null) reportError(err);
    else reportResult(result);
  };
  const callback = once((err, result) => {
    if (err !== undefined && err !== null) reportError(err);
    else if (!waitForEmptyEventLoop) reportResult(result);
    else onEmptyEventLoop = () => setImmediate(() => reportResult(result));
  });
  const succeed = once((result) => done(null, result));
  const fail = once((err) => done(err === undefined || err === null ? 'handled' : err, null));

  const context = {
    get callbackWaitsForEmptyEventLoop() {
      return waitForEmptyEventLoop;
    },
    set callbackWaitsForEmptyEventLoop(value) {
      waitForEmptyEventLoop = Boolean(value);
    },
    succeed,
    fail,
    done: once(done),
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    invokedFunctionArn: msg.invokedFunctionArn,
    awsRequestId: msg.requestId,
    getRemainingTimeInMillis: () => Math.max(0, msg.deadline - realNow()),
  };

  // A handler that neither resolves nor calls back: an async one is an error, a sync one returns
  // null once nothing is left to do (the RIC's default beforeExit listener).
  const isAsync = handler.constructor?.name === 'AsyncFunction';
  onEmptyEventLoop = () => {
    called = true;
    if (isAsync) {
      reportError(new RuntimeError('NodeJsExit', 'the async handler\'s promise never settled and the event loop is empty'));
    } else {
      reportResult(null);
    }
  };

  port.unref();
  try {
    const event = JSON.parse(msg.eventJson);
    const returned = handler(event, context, callback);
    if (returned && typeof returned.then === 'function') {
      Promise.resolve(returned).then(succeed, fail).catch(fail);
    }
  } catch (error) {
    callback(error);
  }
}

// ---------------------------------------------------------------------------------------------
// Crashes: like the RIC, report the error for the invocation in flight, then end the environment.

/** @param {unknown} error @param {number} exitCode */
function crash(error, exitCode) {
  port.postMessage({ type: 'fatal', id: inFlightId, error: toErrorPayload(error) });
  process.exit(exitCode);
}
process.on('uncaughtException', (error) => {
  logError('Uncaught Exception', error);
  crash(error, 129);
});
process.on('unhandledRejection', (reason) => {
  const error = new RuntimeError('UnhandledPromiseRejection', reason);
  logError('Unhandled Promise Rejection', error);
  crash(error, 128);
});

// ---------------------------------------------------------------------------------------------
// Output goes to the parent over the message port rather than Worker's `stdout: true` streams:
// those keep an internal port ref'd that worker.unref() cannot release, so idle environments
// would keep the twin's process alive. Everything that writes to process.stdout/stderr
// (console, loggers with their own Console) passes through here.

for (const name of /** @type {const} */ (['stdout', 'stderr'])) {
  const stream = process[name];
  stream.write = (/** @type {string | Uint8Array} */ chunk, /** @type {unknown} */ encoding, /** @type {unknown} */ callback) => {
    const done = typeof encoding === 'function' ? encoding : callback;
    const text =
      typeof chunk === 'string'
        ? typeof encoding === 'string' && encoding !== 'utf8' && encoding !== 'utf-8'
          ? Buffer.from(chunk, /** @type {BufferEncoding} */ (encoding)).toString('utf8')
          : chunk
        : Buffer.from(chunk).toString('utf8');
    port.postMessage({ type: 'log', stream: name, text });
    if (typeof done === 'function') process.nextTick(done, null);
    return true;
  };
}

// ---------------------------------------------------------------------------------------------
// INIT, then serve invocations.

patchConsole();
// CDK's `sourceMap: true` sets NODE_OPTIONS=--enable-source-maps; execArgv can't carry it into a
// worker, so honour it here.
if (/(^|\s)--enable-source-maps(\s|$)/.test(process.env.NODE_OPTIONS ?? '') && typeof process.setSourceMapsEnabled === 'function') {
  process.setSourceMapsEnabled(true);
}

/** @type {Function | null} */
let handlerFn = null;
port.on('message', (/** @type {{ type: string }} */ msg) => {
  if (msg.type === 'invoke' && handlerFn) invoke(/** @type {any} */ (msg), handlerFn);
});

/** This thread's id in the OS (Linux), so the twin can read the environment's CPU time from /proc. */
function osThreadId() {
  try {
    return Number(fs.readlinkSync('/proc/thread-self').split('/').pop()) || undefined;
  } catch {
    return undefined;
  }
}

const started = performance.now();
try {
  handlerFn = await loadHandler();
  port.postMessage({ type: 'ready', initMs: performance.now() - started, threadId: osThreadId() });
} catch (error) {
  logError('Init Error', error);
  port.postMessage({ type: 'initError', error: toErrorPayload(error) });
}

// Figure 2: cold start, split as Lambda reports it. Each run is a fresh process of the Node.js
// major Lambda runs that imports the function's bundle (Lambda's Init Duration: budget <= 1.2x the
// bare handler's) and serves its first request against the twin's DynamoDB Local (the first
// invocation, reported as a ratio too). A diagnostic pass through counting proxies lists the calls
// of the first request and of a second, warm one, with the warm request's round trips.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchContext } from '../support/context';
import { buildLikeServiceFunction } from '../support/bundle';
import { xrayDaemon } from '../support/xray-daemon';
import { roundTrips, startDynamoDbProxy, type DynamoDbProxy, type ProxiedCall } from '../support/dynamodb-proxy';
import { proxyEvent } from '../support/events';
import { kb, median, quantile, round } from '../support/stats';
import type { BenchTwin } from '../support/twin';
import { machineCpu, waitForQuietMachine } from '../support/machine';
import type { FunctionBundle } from './functions';
import { LAMBDA_LAYOUT, partnerRoleName } from '@cter/config';
import { firstEvent, type ScenarioSetup } from './scenarios';
import { layerModulesOf } from '@cter/twin';

export const COLD_INIT_BUDGET = 1.2;
/**
 * Paired module loads per function (bare handler, then the function) for the budgeted ratio: 21, as
 * the median of 11 still moved single functions by up to 0.18x between runs (docs/performance.md),
 * against a line most of them sit within 0.1x of.
 */
const IMPORT_PAIRS = 21;
/** The twin's endpoints a function calls besides DynamoDB, proxied in the diagnostic pass as `<label>:<operation>`. */
const OTHER_SERVICES: Array<{ variable: string; label: string }> = [
  { variable: 'AWS_ENDPOINT_URL_KMS', label: 'kms' },
  { variable: 'AWS_ENDPOINT_URL_SFN', label: 'sfn' },
  { variable: 'AWS_ENDPOINT_URL_EVENTBRIDGE', label: 'events' },
];

/** The bare handler plus one layer each, to attribute the functions' extra cold-init time. */
const VARIANTS: Array<{ name: string; entry: string; event: 'key' | 'get-case'; sdkTracing?: true }> = [
  { name: '+ document client (lib-dynamodb)', entry: 'bench/bare-handler/variants/document-client.ts', event: 'key' },
  { name: '+ Powertools logger', entry: 'bench/bare-handler/variants/powertools-logger.ts', event: 'key' },
  { name: '+ Powertools tracer, X-Ray SDK (middy), as cter:sdkTracing=true', entry: 'bench/bare-handler/variants/powertools-tracer.ts', event: 'key', sdkTracing: true },
  { name: '+ middy', entry: 'bench/bare-handler/variants/middy.ts', event: 'key' },
  { name: '+ zod schemas (@cter/domain)', entry: 'bench/bare-handler/variants/zod-schemas.ts', event: 'key' },
  { name: 'platform chain (httpRoute + dynamo())', entry: 'bench/bare-handler/variants/platform-chain.ts', event: 'get-case' },
];
const CHILD = fileURLToPath(new URL('../support/cold-start-child.mjs', import.meta.url));
// What a Lambda environment inherits from the host: enough to run binaries and find a temp dir.
const INHERITED = ['PATH', 'TMPDIR', 'TMP', 'TEMP', 'SYSTEMROOT'];

export interface ChildResult {
  ok: boolean;
  error?: string;
  bootMs?: number;
  importMs?: number;
  firstInvokeMs?: number;
  initMs?: number;
  initCpuMs?: number;
  statusCode?: number;
  body?: string;
  /** The second (warm) request, when the child was given one. */
  second?: { startedEpochMs: number; invokeMs: number; statusCode?: number };
}

export interface Run extends ChildResult {
  /** Parent's view: spawn until the child has exited. */
  processMs: number;
}

/**
 * The environment Lambda would give the function: its template's variables plus the runtime's own.
 * With active tracing (the functions' TracingConfig) Lambda runs an X-Ray daemon beside the function:
 * `xrayDaemon` is the bench's (support/xray-daemon.ts). `sdkTracing` is POWERTOOLS_TRACE_ENABLED as
 * the stack deploys it (`cter:sdkTracing`); the twin's own value (always off: it has no daemon) is dropped.
 */
export function lambdaEnvironment(functionName: string, codeDir: string, variables: Record<string, string>, memoryMb: number, xrayDaemon: string, sdkTracing: boolean): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of INHERITED) if (process.env[key] !== undefined) env[key] = process.env[key]!;
  const { POWERTOOLS_TRACE_ENABLED: _offInTheTwin, AWS_XRAY_CONTEXT_MISSING: _twinsChoice, ...template } = variables;
  Object.assign(env, template, { POWERTOOLS_TRACE_ENABLED: String(sdkTracing) });
  const defaults: Record<string, string> = {
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${functionName}`,
    AWS_LAMBDA_LOG_STREAM_NAME: `2025/01/01/[$LATEST]${randomBytes(16).toString('hex')}`,
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    LAMBDA_TASK_ROOT: codeDir,
    _HANDLER: 'index.handler',
    LANG: 'en_US.UTF-8',
    TZ: 'UTC',
    AWS_XRAY_DAEMON_ADDRESS: xrayDaemon,
    AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
    // The runtime sets _X_AMZN_TRACE_ID per invocation (support/lambda-context.mjs does it in the children).
  };
  for (const [key, value] of Object.entries(defaults)) env[key] ??= value;
  return env;
}

export function runChild(node: string, file: string, handlerExport: string, eventFile: string, env: Record<string, string>, secondEventFile?: string): Promise<Run> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(node, [CHILD, file, handlerExport, eventFile, ...(secondEventFile ? [secondEventFile] : [])], { cwd: path.dirname(file), env, stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    let report = '';
    let stderr = '';
    child.stdio[3]!.on('data', (chunk: Buffer) => (report += chunk.toString('utf8')));
    child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-2000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const processMs = performance.now() - started;
      try {
        resolve({ ...(JSON.parse(report.trim()) as ChildResult), processMs });
      } catch {
        resolve({ ok: false, error: `child exited with ${code} without a report; stderr: ${stderr.trim()}`, processMs });
      }
    });
  });
}

interface Subject {
  kind: 'bare' | 'function' | 'variant';
  name: string;
  route: string;
  /** No first event: only the module load is measured. */
  importOnly?: true;
  file: string;
  handlerExport: string;
  env: Record<string, string>;
  /** Writes a fresh first event and returns its file (some routes need a fresh case per run). */
  nextEvent: () => Promise<{ file: string; organisation: string; note?: string }>;
  runs: Run[];
  /** Paired import-only runs: this bundle's module load and the bare handler's in the process just before it. */
  pairs: Array<{ importMs: number; bareImportMs: number }>;
  organisation?: string;
  note?: string;
  /** DynamoDB (and KMS, Step Functions, EventBridge) operations of the first request (diagnostic run through counting proxies). */
  operations?: string[];
  /** The same for a second, warm request in the same process, and its round trips. */
  warmOperations?: string[];
  warmRoundTrips?: number;
  warmStatus?: number;
}

interface Summary {
  importMs: number;
  firstInvokeMs: number;
  initMs: number;
  /** CPU time (user + system, all threads) of import + first request. */
  initCpuMs: number;
  processMs: number;
  status: string;
}

export interface ColdInitFigures {
  runsPerFunction: number;
  /** Seconds waited for a quiet machine before the paired module loads, and the machine's CPU while they ran (percent of one core). */
  pairedLoads: { waitedForQuietSeconds: number; machineCpuPercent: number };
  bare: Summary & { operations: string[] };
  functions: Array<
    Summary & {
      name: string;
      route: string;
      organisation: string;
      operations: string[];
      warmOperations: string[];
      warmRoundTrips: number;
      warmStatus?: number;
      /** Import (Init Duration) against the bare handler's, median of the paired runs (rounded): the budgeted figure. */
      ratio: number;
      pairedRatio: number;
      firstInvokeRatio: number;
      /** Import + first invoke against the bare handler's. */
      totalRatio: number;
      cpuRatio: number;
      pass: boolean;
      note?: string;
    }
  >;
  /** The bare handler plus one layer each (not budgeted): where the extra time goes. */
  attribution: Array<Summary & { name: string; kb: number; ratio: number; extraInitMs: number; extraImportMs: number; extraFirstInvokeMs: number; extraInitCpuMs: number }>;
}

export async function coldInit(context: BenchContext, bench: BenchTwin, functions: FunctionBundle[], setup: ScenarioSetup, bareBundleFile: string): Promise<ColdInitFigures> {
  const runs = context.options.quick ? 2 : 7;
  const daemon = await xrayDaemon.start();
  const region = bench.twin.regions.get(setup.regionId);
  if (!region) throw new Error(`the twin has no region ${setup.regionId}`);
  const eventsDir = path.join(context.workDir, 'events');
  mkdirSync(eventsDir, { recursive: true });
  let eventCounter = 0;
  const writeEvent = (content: unknown) => {
    const file = path.join(eventsDir, `event-${++eventCounter}.json`);
    writeFileSync(file, JSON.stringify(content));
    return file;
  };

  const subjects: Subject[] = [];
  let referenceVariables: Record<string, string> | undefined;
  for (const fn of functions) {
    const logicalId = fn.logicalIds[setup.regionId];
    const host = logicalId ? region.functions.get(logicalId) : undefined;
    if (!host) continue;
    const { environment, memoryMb } = host.definition;
    referenceVariables ??= environment;
    const route = fn.routes[0];
    if (!route) {
      // Invoked by Step Functions, a stream or a schedule: its module load is measured (the budget), not a first invocation.
      subjects.push({
        kind: 'function',
        name: fn.name,
        route: '(no API route: module load only)',
        importOnly: true,
        file: fn.file,
        handlerExport: fn.handlerExport,
        env: lambdaEnvironment(host.functionName, path.dirname(fn.file), environment, memoryMb ?? 128, daemon, fn.sdkTracing),
        nextEvent: async () => ({ file: '-', organisation: '-' }),
        runs: [],
        pairs: [],
      });
      continue;
    }
    subjects.push({
      kind: 'function',
      name: fn.name,
      route,
      file: fn.file,
      handlerExport: fn.handlerExport,
      env: lambdaEnvironment(host.functionName, path.dirname(fn.file), environment, memoryMb ?? 128, daemon, fn.sdkTracing),
      nextEvent: async () => {
        const first = await firstEvent(route, setup);
        return { file: writeEvent(proxyEvent(first.input)), organisation: first.organisation, ...(first.note ? { note: first.note } : {}) };
      },
      runs: [],
      pairs: [],
    });
  }
  if (!referenceVariables) throw new Error(`cold init: the twin runs no function of region ${setup.regionId}`);

  // The bare handler (and its variants) get a function's environment too, plus TABLE_NAME, and
  // read the base case's item, as GetCase's first read does.
  const bareVariables = { ...referenceVariables, TABLE_NAME: setup.casesTable };
  const keyEventFile = writeEvent({ pk: `CASE#${setup.baseCaseId}`, sk: 'CASE' });
  const getCaseEventFile = writeEvent(
    proxyEvent({ method: 'GET', resource: '/cases/{caseId}', path: `/cases/${setup.baseCaseId}`, pathParameters: { caseId: setup.baseCaseId }, roleName: partnerRoleName(setup.regionId, 'politie') }),
  );
  const bare: Subject = {
    kind: 'bare',
    name: '(bare handler)',
    route: 'GetItem',
    file: bareBundleFile,
    handlerExport: 'handler',
    env: lambdaEnvironment('cter-bench-bare', path.dirname(bareBundleFile), bareVariables, 512, daemon, false),
    nextEvent: async () => ({ file: keyEventFile, organisation: '-' }),
    runs: [],
    pairs: [],
  };
  const variantSizes = new Map<string, number>();
  const variants: Subject[] = [];
  for (const variant of VARIANTS) {
    // A variant imports Powertools as the functions do: from the layer's folder in Lambda's layout.
    const variantRoot = path.join(context.workDir, 'variants', path.basename(variant.entry, '.ts'));
    const built = await buildLikeServiceFunction(context.root, variant.entry, path.join(variantRoot, LAMBDA_LAYOUT.taskRoot));
    const layerModules = subjects.map((s) => layerModulesOf(path.dirname(s.file))).find((dir) => existsSync(dir));
    const modules = layerModulesOf(path.dirname(built.file));
    if (layerModules && !existsSync(modules)) {
      mkdirSync(path.dirname(modules), { recursive: true });
      symlinkSync(layerModules, modules, 'dir');
    }
    variantSizes.set(variant.name, built.bytes);
    variants.push({
      kind: 'variant',
      name: variant.name,
      route: variant.event === 'key' ? 'GetItem' : 'GET /cases/{caseId} (one GetItem)',
      file: built.file,
      handlerExport: 'handler',
      env: lambdaEnvironment('cter-bench-variant', path.dirname(built.file), bareVariables, 512, daemon, variant.sdkTracing === true),
      nextEvent: async () => ({ file: variant.event === 'key' ? keyEventFile : getCaseEventFile, organisation: variant.event === 'key' ? '-' : 'politie' }),
      runs: [],
      pairs: [],
    });
  }
  const all = [bare, ...subjects, ...variants];

  // Diagnostic pass (not timed): which calls the first request makes, and a second (warm) request
  // in the same process with its round trips. Every endpoint the function calls goes through a proxy.
  const node = context.lambdaNode().file;
  const proxies: Array<{ variable: string; proxy: DynamoDbProxy }> = [{ variable: 'AWS_ENDPOINT_URL_DYNAMODB', proxy: await startDynamoDbProxy(bench.twin.endpoints.dynamodb) }];
  try {
    for (const subject of all) {
      if (subject.importOnly) continue;
      for (const service of OTHER_SERVICES) {
        const target = subject.env[service.variable];
        if (target && !proxies.some((p) => p.variable === service.variable)) proxies.push({ variable: service.variable, proxy: await startDynamoDbProxy(target, service.label) });
      }
      for (const { proxy } of proxies) proxy.reset();
      const event = await subject.nextEvent();
      const second = subject.kind === 'function' ? await subject.nextEvent() : undefined;
      const env = { ...subject.env, ...Object.fromEntries(proxies.filter((p) => p.variable in subject.env || p.variable === 'AWS_ENDPOINT_URL_DYNAMODB').map((p) => [p.variable, p.proxy.endpoint])) };
      const result = await runChild(node, subject.file, subject.handlerExport, event.file, env, second?.file);
      if (!result.ok) throw new Error(`cold init of ${subject.name} failed: ${result.error}`);
      const calls: ProxiedCall[] = proxies.flatMap((p) => p.proxy.calls).sort((a, b) => a.startedEpochMs - b.startedEpochMs);
      const warmFrom = result.second?.startedEpochMs ?? Infinity;
      subject.operations = calls.filter((c) => c.startedEpochMs < warmFrom).map((c) => c.operation);
      if (result.second) {
        const warm = calls.filter((c) => c.startedEpochMs >= warmFrom);
        subject.warmOperations = warm.map((c) => c.operation);
        subject.warmRoundTrips = roundTrips(warm);
        if (result.second.statusCode !== undefined) subject.warmStatus = result.second.statusCode;
      }
    }
  } finally {
    await Promise.all(proxies.map((p) => p.proxy.stop()));
  }

  // Functions without a first event take part in the paired module loads only: that is all they are measured for.
  const timed = all.filter((subject) => !subject.importOnly);
  context.log(`cold init: ${runs} fresh processes each for ${timed.length} bundles (${timed.length - 1 - variants.length} functions with a first request, the bare handler, ${variants.length} attribution variants)`);
  // Round-robin with a rotating start, so drift (JIT of DynamoDB Local, other load) spreads evenly.
  for (let run = 0; run < runs; run++) {
    for (let i = 0; i < timed.length; i++) {
      const subject = timed[(i + run) % timed.length]!;
      const event = await subject.nextEvent();
      subject.organisation = event.organisation;
      if (event.note) subject.note = event.note;
      const result = await runChild(node, subject.file, subject.handlerExport, event.file, subject.env);
      if (!result.ok) throw new Error(`cold init of ${subject.name} failed: ${result.error}`);
      subject.runs.push(result);
    }
  }

  // Paired module loads: the budgeted figure. Each function's import-only run follows one of the bare
  // handler's, and the verdict is the median of the pairs' ratios: the machine's speed drifts over
  // the minutes a run takes (other tenants, CPU boost), and a pair sees the same moment of it.
  const pairs = context.options.quick ? 3 : IMPORT_PAIRS;
  // The first requests above drove cases through the work process; their workflows run on in the twin.
  const waitedForQuietSeconds = await waitForQuietMachine(context.log, 'cold init');
  context.log(`cold init: ${pairs} paired module loads (bare handler, then the function) for each of ${subjects.length} functions, after ${waitedForQuietSeconds} s waiting for a quiet machine`);
  const pairedCpu = machineCpu();
  for (let run = 0; run < pairs; run++) {
    for (let i = 0; i < subjects.length; i++) {
      const subject = subjects[(i + run) % subjects.length]!;
      const reference = await runChild(node, bare.file, bare.handlerExport, '-', bare.env);
      const measured = await runChild(node, subject.file, subject.handlerExport, '-', subject.env);
      if (!reference.ok || !measured.ok) throw new Error(`paired module load of ${subject.name} failed: ${reference.error ?? measured.error}`);
      subject.pairs.push({ importMs: measured.importMs!, bareImportMs: reference.importMs! });
    }
  }

  const pairedMachineCpuPercent = pairedCpu.stop();

  // The bare handler's half of every pair.
  const barePairedImports = subjects.flatMap((subject) => subject.pairs.map((pair) => pair.bareImportMs));
  const summary = (subject: Subject, paired = true): Summary => {
    // The paired runs where there are any (the same samples as the budgeted ratio), else the timed rounds.
    const pairedImports = subject === bare ? barePairedImports : subject.pairs.map((pair) => pair.importMs);
    return {
      importMs: round(median(paired && pairedImports.length ? pairedImports : subject.runs.map((r) => r.importMs!)), 1),
      firstInvokeMs: subject.importOnly ? NaN : round(median(subject.runs.map((r) => r.firstInvokeMs!)), 1),
      initMs: subject.importOnly ? NaN : round(median(subject.runs.map((r) => r.initMs!)), 1),
      // Import and first request together: not comparable for a module load alone.
      initCpuMs: subject.importOnly ? NaN : round(median(subject.runs.map((r) => r.initCpuMs!)), 1),
      // Processes of the timed rounds (a function without a first event has none).
      processMs: subject.importOnly ? NaN : round(median(subject.runs.map((r) => r.processMs)), 1),
      status: subject.importOnly ? '-' : [...new Set(subject.runs.map((r) => String(r.statusCode ?? '-')))].join('/'),
    };
  };
  const orDash = (value: number) => (Number.isNaN(value) ? '-' : value);
  const span = ([low, high]: [number, number]) => `${low}-${high}`;
  const operationsText = (operations: string[] | undefined) => (operations?.length ? operations.join(', ') : '-');
  const bareSummary = summary(bare);
  // The attribution variants ran only in the timed rounds: compare them with the bare handler's rounds.
  const bareRounds = summary(bare, false);
  const rows = subjects.map((subject) => {
    const s = summary(subject);
    // Lambda's Init Duration is the module load: that is the budgeted ratio, from the paired runs.
    const pairRatios = subject.pairs.map((pair) => pair.importMs / pair.bareImportMs);
    const pairedRatio = median(pairRatios);
    const ratio = round(pairedRatio, 2);
    // Where the middle half of the pairs fell: a verdict whose range straddles the line is the machine's.
    const pairedMiddleHalf: [number, number] = [round(quantile(pairRatios, 0.25), 2), round(quantile(pairRatios, 0.75), 2)];
    const firstInvokeRatio = round(s.firstInvokeMs / bareSummary.firstInvokeMs, 2);
    const totalRatio = round(s.initMs / bareSummary.initMs, 2);
    const failed = subject.importOnly ? undefined : subject.runs.find((r) => (r.statusCode ?? 500) >= 300);
    const note = subject.note ?? (failed ? `first request answered ${failed.statusCode}: ${failed.body ?? ''}` : undefined);
    const cpuRatio = round(s.initCpuMs / bareSummary.initCpuMs, 2);
    return {
      name: subject.name,
      route: subject.route,
      organisation: subject.organisation ?? '-',
      operations: subject.operations ?? [],
      warmOperations: subject.warmOperations ?? [],
      warmRoundTrips: subject.warmRoundTrips ?? 0,
      ...(subject.warmStatus !== undefined ? { warmStatus: subject.warmStatus } : {}),
      ...s,
      ratio,
      firstInvokeRatio,
      totalRatio,
      cpuRatio,
      // On the unrounded ratio: 1.204x must not pass as 1.2x.
      pass: pairedRatio <= COLD_INIT_BUDGET,
      pairedRatio,
      pairedMiddleHalf,
      ...(note ? { note } : {}),
    };
  });

  context.table(
    `Cold start on node ${context.lambdaNode().version}: fresh process, import the bundle (Init Duration) + first request (median of ${runs}; budget: import <= ${COLD_INIT_BUDGET}x bare)`,
    ['function', 'first request', 'signed by', 'status', 'import ms', 'x bare (paired)', 'middle half of pairs', 'budget', '1st invoke ms', 'x bare', 'init ms', 'x bare', 'init cpu ms', 'x bare cpu', 'calls of the 1st request', 'warm request: calls', 'round trips'],
    [
      [bare.name, 'GetItem', '-', bareSummary.status, bareSummary.importMs, 1, '', '', bareSummary.firstInvokeMs, 1, bareSummary.initMs, 1, bareSummary.initCpuMs, 1, operationsText(bare.operations), '-', '-'],
      ...rows.map((r) => [
        r.name,
        r.route,
        r.organisation,
        r.status,
        r.importMs,
        r.ratio,
        span(r.pairedMiddleHalf),
        r.pass ? 'PASS' : 'FAIL',
        orDash(r.firstInvokeMs),
        orDash(r.firstInvokeRatio),
        orDash(r.initMs),
        orDash(r.totalRatio),
        orDash(r.initCpuMs),
        orDash(r.cpuRatio),
        operationsText(r.operations),
        `${operationsText(r.warmOperations)}${r.warmStatus !== undefined && r.warmStatus >= 300 ? ` (${r.warmStatus})` : ''}`,
        r.warmRoundTrips,
      ]),
    ],
    `import ms = module load, what Lambda reports as Init Duration (median of the ${pairs} paired runs; the bare handler's of all its pairs); x bare (paired) = the budget: median of ${pairs} ratios, each the function's module load to the bare handler's in the process just before it; middle half of pairs = their 25th to 75th percentile (a range across the line is within the machine's noise);\n` +
      `the paired loads started after ${waitedForQuietSeconds} s waiting for a quiet machine (the workflows of the cases driven for the first requests), and the machine ran at ${pairedMachineCpuPercent}% of one core while they ran (one load at a time is about 100);\n` +
      '1st invoke ms = the first handler call until its answer (SDK set-up, its calls, first JIT);\n' +
      'init ms = both, wall time inside the process (Node bootstrap excluded); init cpu ms = CPU time of the same span (steadier when the machine is busy).\n' +
      'Functions without an API route (Step Functions tasks, stream and scheduled handlers) are measured for their module load only: the bench has no first event for them.\n' +
      'Calls: DynamoDB operations, and kms:/sfn:/events: calls to those services, of the first request and of a second request in the same (now warm) process;\n' +
      'round trips = waits for an answer (calls sent side by side count once).' +
      rows
        .filter((r) => r.note)
        .map((r) => `\n  ${r.name}: ${r.note}`)
        .join(''),
  );
  for (const r of rows) context.budget({ name: `init ${r.name}`, figure: round(r.pairedRatio, 3), limit: COLD_INIT_BUDGET, unit: 'x', detail: `import ${r.importMs} ms vs bare ${bareSummary.importMs} ms, middle half of pairs ${span(r.pairedMiddleHalf)}x${Number.isNaN(r.firstInvokeRatio) ? '' : ` (1st invoke ${r.firstInvokeRatio}x)`}` });

  const attribution = variants.map((variant) => {
    const s = summary(variant);
    return {
      name: variant.name,
      kb: kb(variantSizes.get(variant.name) ?? 0),
      ...s,
      ratio: round(s.initMs / bareRounds.initMs, 2),
      extraImportMs: round(s.importMs - bareRounds.importMs, 1),
      extraFirstInvokeMs: round(s.firstInvokeMs - bareRounds.firstInvokeMs, 1),
      extraInitMs: round(s.initMs - bareRounds.initMs, 1),
      extraInitCpuMs: round(s.initCpuMs - bareRounds.initCpuMs, 1),
    };
  });
  context.table(
    `Cold init attribution: the bare handler plus one layer (same settings, same one read; median of ${runs}; no budget)`,
    ['variant', 'KB', 'status', 'import ms', '1st invoke ms', 'init ms', 'x bare', '+import', '+1st invoke', '+init', 'init cpu ms', '+init cpu', 'DynamoDB calls'],
    [
      [bare.name, kb(statSync(bareBundleFile).size), bareRounds.status, bareRounds.importMs, bareRounds.firstInvokeMs, bareRounds.initMs, 1, 0, 0, 0, bareRounds.initCpuMs, 0, operationsText(bare.operations)],
      ...attribution.map((a, i) => [a.name, a.kb, a.status, a.importMs, a.firstInvokeMs, a.initMs, a.ratio, a.extraImportMs, a.extraFirstInvokeMs, a.extraInitMs, a.initCpuMs, a.extraInitCpuMs, operationsText(variants[i]!.operations)]),
    ],
    "The platform chain is what every function pays before its own code and its own DynamoDB calls; the functions' first requests make the calls listed above.",
  );
  return {
    runsPerFunction: runs,
    pairedLoads: { waitedForQuietSeconds, machineCpuPercent: pairedMachineCpuPercent },
    bare: { ...bareSummary, operations: bare.operations ?? [] },
    functions: rows,
    attribution,
  };
}

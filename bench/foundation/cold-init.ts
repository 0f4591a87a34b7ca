// Figure 2: cold init. Each run is a fresh `node` process that imports the function's bundle and
// serves its first request against the twin's DynamoDB Local, as a Lambda execution environment
// does in INIT + first invoke. Compared with the bare handler doing its one GetItem the same way.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchContext } from '../support/context';
import { buildLikeServiceFunction } from '../support/bundle';
import { startDynamoDbProxy } from '../support/dynamodb-proxy';
import { proxyEvent } from '../support/events';
import { kb, median, round } from '../support/stats';
import type { BenchTwin } from '../support/twin';
import type { FunctionBundle } from './functions';
import { partnerRoleName } from '@cter/config';
import { firstEvent, type ScenarioSetup } from './scenarios';

export const COLD_INIT_BUDGET = 1.2;

/** The bare handler plus one layer each, to attribute the functions' extra cold-init time. */
const VARIANTS: Array<{ name: string; entry: string; event: 'key' | 'get-case' }> = [
  { name: '+ document client (lib-dynamodb)', entry: 'bench/bare-handler/variants/document-client.ts', event: 'key' },
  { name: '+ Powertools logger', entry: 'bench/bare-handler/variants/powertools-logger.ts', event: 'key' },
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
}

export interface Run extends ChildResult {
  /** Parent's view: spawn until the child has exited. */
  processMs: number;
}

/** The environment Lambda would give the function: its template's variables plus the runtime's own. */
export function lambdaEnvironment(functionName: string, codeDir: string, variables: Record<string, string>, memoryMb: number): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of INHERITED) if (process.env[key] !== undefined) env[key] = process.env[key]!;
  Object.assign(env, variables);
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
  };
  for (const [key, value] of Object.entries(defaults)) env[key] ??= value;
  return env;
}

export function runChild(file: string, handlerExport: string, eventFile: string, env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CHILD, file, handlerExport, eventFile], { cwd: path.dirname(file), env, stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
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
  file: string;
  handlerExport: string;
  env: Record<string, string>;
  /** Writes a fresh first event and returns its file (some routes need a fresh case per run). */
  nextEvent: () => Promise<{ file: string; organisation: string; note?: string }>;
  runs: Run[];
  organisation?: string;
  note?: string;
  /** DynamoDB operations of the first request (diagnostic run through a counting proxy). */
  operations?: string[];
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
  bare: Summary & { operations: string[] };
  functions: Array<Summary & { name: string; route: string; organisation: string; operations: string[]; ratio: number; cpuRatio: number; pass: boolean; note?: string }>;
  /** The bare handler plus one layer each (not budgeted): where the extra time goes. */
  attribution: Array<Summary & { name: string; kb: number; ratio: number; extraInitMs: number; extraImportMs: number; extraFirstInvokeMs: number; extraInitCpuMs: number }>;
}

export async function coldInit(context: BenchContext, bench: BenchTwin, functions: FunctionBundle[], setup: ScenarioSetup, bareBundleFile: string): Promise<ColdInitFigures> {
  const runs = context.options.quick ? 2 : 7;
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
      context.log(`cold init: ${fn.name} has no API route; skipped`);
      continue;
    }
    subjects.push({
      kind: 'function',
      name: fn.name,
      route,
      file: fn.file,
      handlerExport: fn.handlerExport,
      env: lambdaEnvironment(host.functionName, path.dirname(fn.file), environment, memoryMb ?? 128),
      nextEvent: async () => {
        const first = await firstEvent(route, setup);
        return { file: writeEvent(proxyEvent(first.input)), organisation: first.organisation, ...(first.note ? { note: first.note } : {}) };
      },
      runs: [],
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
    env: lambdaEnvironment('cter-bench-bare', path.dirname(bareBundleFile), bareVariables, 512),
    nextEvent: async () => ({ file: keyEventFile, organisation: '-' }),
    runs: [],
  };
  const variantSizes = new Map<string, number>();
  const variants: Subject[] = [];
  for (const variant of VARIANTS) {
    const built = await buildLikeServiceFunction(context.root, variant.entry, path.join(context.workDir, 'variants', path.basename(variant.entry, '.ts')));
    // A variant imports the tracer as the functions do: from the tracing layer beside the bundle.
    const layerModules = subjects.map((s) => path.join(path.dirname(s.file), 'node_modules')).find((dir) => existsSync(dir));
    const modules = path.join(path.dirname(built.file), 'node_modules');
    if (layerModules && !existsSync(modules)) symlinkSync(layerModules, modules, 'dir');
    variantSizes.set(variant.name, built.bytes);
    variants.push({
      kind: 'variant',
      name: variant.name,
      route: variant.event === 'key' ? 'GetItem' : 'GET /cases/{caseId} (one GetItem)',
      file: built.file,
      handlerExport: 'handler',
      env: lambdaEnvironment('cter-bench-variant', path.dirname(built.file), bareVariables, 512),
      nextEvent: async () => ({ file: variant.event === 'key' ? keyEventFile : getCaseEventFile, organisation: variant.event === 'key' ? '-' : 'politie' }),
      runs: [],
    });
  }
  const all = [bare, ...subjects, ...variants];

  // Diagnostic pass (not timed): which DynamoDB operations each first request makes.
  const proxy = await startDynamoDbProxy(bench.twin.endpoints.dynamodb);
  try {
    for (const subject of all) {
      proxy.reset();
      const event = await subject.nextEvent();
      const result = await runChild(subject.file, subject.handlerExport, event.file, { ...subject.env, AWS_ENDPOINT_URL_DYNAMODB: proxy.endpoint });
      if (!result.ok) throw new Error(`cold init of ${subject.name} failed: ${result.error}`);
      subject.operations = [...proxy.operations];
    }
  } finally {
    await proxy.stop();
  }

  context.log(`cold init: ${runs} fresh processes each for ${all.length} bundles (${subjects.length} functions, the bare handler, ${variants.length} attribution variants)`);
  // Round-robin with a rotating start, so drift (JIT of DynamoDB Local, other load) spreads evenly.
  for (let run = 0; run < runs; run++) {
    for (let i = 0; i < all.length; i++) {
      const subject = all[(i + run) % all.length]!;
      const event = await subject.nextEvent();
      subject.organisation = event.organisation;
      if (event.note) subject.note = event.note;
      const result = await runChild(subject.file, subject.handlerExport, event.file, subject.env);
      if (!result.ok) throw new Error(`cold init of ${subject.name} failed: ${result.error}`);
      subject.runs.push(result);
    }
  }

  const summary = (subject: Subject): Summary => ({
    importMs: round(median(subject.runs.map((r) => r.importMs!)), 1),
    firstInvokeMs: round(median(subject.runs.map((r) => r.firstInvokeMs!)), 1),
    initMs: round(median(subject.runs.map((r) => r.initMs!)), 1),
    initCpuMs: round(median(subject.runs.map((r) => r.initCpuMs!)), 1),
    processMs: round(median(subject.runs.map((r) => r.processMs)), 1),
    status: [...new Set(subject.runs.map((r) => String(r.statusCode ?? '-')))].join('/'),
  });
  const operationsText = (subject: Subject) => (subject.operations?.length ? subject.operations.join(', ') : '-');
  const bareSummary = summary(bare);
  const rows = subjects.map((subject) => {
    const s = summary(subject);
    const ratio = round(s.initMs / bareSummary.initMs, 2);
    const failed = subject.runs.find((r) => (r.statusCode ?? 500) >= 300);
    const note = subject.note ?? (failed ? `first request answered ${failed.statusCode}: ${failed.body ?? ''}` : undefined);
    const cpuRatio = round(s.initCpuMs / bareSummary.initCpuMs, 2);
    return { name: subject.name, route: subject.route, organisation: subject.organisation ?? '-', operations: subject.operations ?? [], ...s, ratio, cpuRatio, pass: ratio <= COLD_INIT_BUDGET, ...(note ? { note } : {}) };
  });

  context.table(
    `Cold init: fresh node process, import bundle + first request (median of ${runs}; budget <= ${COLD_INIT_BUDGET}x bare)`,
    ['function', 'first request', 'signed by', 'status', 'import ms', '1st invoke ms', 'init ms', 'x bare', 'budget', 'init cpu ms', 'x bare cpu', 'process ms', 'DynamoDB calls of the 1st request'],
    [
      [bare.name, 'GetItem', '-', bareSummary.status, bareSummary.importMs, bareSummary.firstInvokeMs, bareSummary.initMs, 1, '', bareSummary.initCpuMs, 1, bareSummary.processMs, operationsText(bare)],
      ...rows.map((r) => [r.name, r.route, r.organisation, r.status, r.importMs, r.firstInvokeMs, r.initMs, r.ratio, r.pass ? 'PASS' : 'FAIL', r.initCpuMs, r.cpuRatio, r.processMs, r.operations.join(', ') || '-']),
    ],
    'init ms = import + first invoke, wall time inside the process (Node bootstrap excluded; the budget); init cpu ms = CPU time of the same span\n' +
      '(all threads; steadier when the machine is busy); process ms = spawn to exit, as the parent sees it.' +
      rows
        .filter((r) => r.note)
        .map((r) => `\n  ${r.name}: ${r.note}`)
        .join(''),
  );
  for (const r of rows) context.budget({ name: `cold init ${r.name}`, figure: r.ratio, limit: COLD_INIT_BUDGET, unit: 'x', detail: `${r.initMs} ms vs bare ${bareSummary.initMs} ms` });

  const attribution = variants.map((variant) => {
    const s = summary(variant);
    return {
      name: variant.name,
      kb: kb(variantSizes.get(variant.name) ?? 0),
      ...s,
      ratio: round(s.initMs / bareSummary.initMs, 2),
      extraImportMs: round(s.importMs - bareSummary.importMs, 1),
      extraFirstInvokeMs: round(s.firstInvokeMs - bareSummary.firstInvokeMs, 1),
      extraInitMs: round(s.initMs - bareSummary.initMs, 1),
      extraInitCpuMs: round(s.initCpuMs - bareSummary.initCpuMs, 1),
    };
  });
  context.table(
    `Cold init attribution: the bare handler plus one layer (same settings, same one read; median of ${runs}; no budget)`,
    ['variant', 'KB', 'status', 'import ms', '1st invoke ms', 'init ms', 'x bare', '+import', '+1st invoke', '+init', 'init cpu ms', '+init cpu', 'DynamoDB calls'],
    [
      [bare.name, kb(statSync(bareBundleFile).size), bareSummary.status, bareSummary.importMs, bareSummary.firstInvokeMs, bareSummary.initMs, 1, 0, 0, 0, bareSummary.initCpuMs, 0, operationsText(bare)],
      ...attribution.map((a, i) => [a.name, a.kb, a.status, a.importMs, a.firstInvokeMs, a.initMs, a.ratio, a.extraImportMs, a.extraFirstInvokeMs, a.extraInitMs, a.initCpuMs, a.extraInitCpuMs, operationsText(variants[i]!)]),
    ],
    "The platform chain is what every function pays before its own code and its own DynamoDB calls; the functions' first requests make the calls listed above.",
  );
  return {
    runsPerFunction: runs,
    bare: { ...bareSummary, operations: bare.operations ?? [] },
    functions: rows,
    attribution,
  };
}

// The covenant benchmark: what Cedar costs a Lambda function, and what it must not cost the others.
//   1. bundle size of the Cedar functions (JS) and the wasm beside them; every other function's bundle
//      (they import the covenant's version facts, never the engine)
//   2. cold init of the Cedar functions: a fresh process, import + first request, decided by Cedar
//      (budget: init < 1 s), with the engine's share (compiling the 4 MB wasm) measured apart
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KmsMac } from '@cter/store';
// Signed as the twin-ops profile: the twin's KMS answers the functions' keys and ops only.
import { keysOf } from '../test/support/twin-ops';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { partnerRoleName } from '@cter/config';
import { routeEntry } from '@cter/routes';
import { PseudonymKey, subjectLookupItem } from '@cter/store';
import { caseItem, historyItem, openCase } from '@cter/case-store';
import type { BenchContext } from './support/context';
import { lambdaEnvironment, runChild, type Run } from './foundation/cold-init';
import { xrayDaemon } from './support/xray-daemon';
import { functionBundles, type FunctionBundle } from './foundation/functions';
import { proxyEvent, signalBody } from './support/events';
import { kb, median, round } from './support/stats';

export const description = "Cedar in Lambda: the covenant functions' bundle and wasm sizes and cold init (budget < 1 s), and the other functions' bundles without Cedar";

const REGION = 'kennemerland';
const WASM = 'cedar_wasm_bg.wasm';
export const COVENANT_INIT_BUDGET_MS = 1000;

const serviceOf = (fn: FunctionBundle) => fn.entry?.split('/')[1] ?? '?';
const hasCedar = (fn: FunctionBundle) => existsSync(path.join(path.dirname(fn.file), WASM));

/** Compiling the engine alone, in a fresh process: the wasm's share of a cold start. */
function wasmCompileMs(node: string, wasmFile: string): number {
  const script = `const b=require('node:fs').readFileSync(${JSON.stringify(wasmFile)});const t=performance.now();new WebAssembly.Module(b);process.stdout.write(String(performance.now()-t))`;
  return Number(execFileSync(node, ['-e', script], { encoding: 'utf8' }));
}

/** A case in consultation with mental-health care invited, written without starting its work process. */
async function consultationCase(dynamodb: DynamoDBClient, casesTable: string, pseudonyms: PseudonymKey): Promise<string> {
  const client = DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } });
  const at = new Date().toISOString();
  const signal = signalBody('haarlem') as Parameters<typeof openCase>[0]['signal'];
  const { record, event } = openCase({ caseId: randomUUID(), caseNumber: `KEN-BENCH-${randomUUID().slice(0, 6)}`, regionId: REGION, signal, reportingOrganisation: 'politie', at });
  const seeded = { ...record, state: 'consultation' as const, participants: [{ organisationId: 'ggz', role: 'measure-owner', since: at, until: new Date(Date.now() + 30 * 86_400_000).toISOString() }] };
  // Inserted under another entity and then turned into a case: the stream's filter starts no intake for it.
  await client.send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: casesTable, Item: { ...caseItem(seeded), entity: 'seeding' } } },
        { Put: { TableName: casesTable, Item: historyItem(seeded.caseId, event) } },
        { Put: { TableName: casesTable, Item: subjectLookupItem(await pseudonyms.subjectKeyOf(signal.subject.bsn), seeded.caseId) } },
      ],
    }),
  );
  await client.send(new UpdateCommand({ TableName: casesTable, Key: { pk: `CASE#${seeded.caseId}`, sk: 'CASE' }, UpdateExpression: 'SET entity = :case', ExpressionAttributeValues: { ':case': 'case' } }));
  return seeded.caseId;
}

/** The case's version once the stream's intake has run on it (it flags a seeded case, which moves the version). */
async function settledVersion(dynamodb: DynamoDBClient, casesTable: string, caseId: string): Promise<number> {
  const client = DynamoDBDocumentClient.from(dynamodb);
  let last = -1;
  for (let attempt = 0; attempt < 20; attempt++) {
    const item = (await client.send(new GetCommand({ TableName: casesTable, Key: { pk: `CASE#${caseId}`, sk: 'CASE' }, ConsistentRead: true }))).Item;
    const version = Number(item?.version ?? 1);
    if (version === last && version > 1) return version;
    last = version;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return last;
}

/** The first request of each Cedar function: the police shares criminal data with the invited GGZ. */
function firstRequest(route: string, caseId: string, version: number): Record<string, unknown> {
  const roleName = partnerRoleName(REGION, 'politie');
  if (route === 'POST /covenant/decisions') {
    return proxyEvent({
      method: 'POST',
      resource: '/covenant/decisions',
      path: '/covenant/decisions',
      roleName,
      body: { recipients: [{ organisationId: 'ggz', invited: true }], categories: ['criminal-data'], purpose: 'case-consultation', stage: 'consultation', basis: { kind: 'legal-basis', reference: 'wpg-20' } },
    });
  }
  if (route === 'POST /cases/{caseId}/disclosures') {
    return proxyEvent({
      method: 'POST',
      resource: '/cases/{caseId}/disclosures',
      path: `/cases/${caseId}/disclosures`,
      pathParameters: { caseId },
      roleName,
      body: {
        recipients: ['ggz'],
        categories: ['criminal-data'],
        items: [{ category: 'criminal-data', label: 'Antecedenten', content: 'Bedreiging, 2024' }],
        purpose: 'case-consultation',
        basis: { kind: 'legal-basis', reference: 'wpg-20' },
        proportionality: 'Alleen wat de behandeling raakt',
        subsidiarity: 'Niet uit eigen bron te weten',
      },
    });
  }
  if (route === 'POST /cases/{caseId}/transfers') {
    // The directing municipality hands the case over to another region (the registry's example, at the seeded case's version).
    return proxyEvent({
      method: 'POST',
      resource: '/cases/{caseId}/transfers',
      path: `/cases/${caseId}/transfers`,
      pathParameters: { caseId },
      roleName: partnerRoleName(REGION, 'gemeente-haarlem'),
      body: { ...(routeEntry(route)?.example as Record<string, unknown>), version },
    });
  }
  throw new Error(`the covenant bench has no first request for ${route}`);
}

export async function run(context: BenchContext): Promise<Record<string, unknown>> {
  const bench = await context.twin();
  const { functions } = functionBundles(context.root, context.assemblyDir);
  const cedarFunctions = functions.filter(hasCedar);
  if (cedarFunctions.length === 0) throw new Error(`no function of the assembly carries ${WASM}`);
  const wasmFile = path.join(path.dirname(cedarFunctions[0]!.file), WASM);
  const wasmBytes = statSync(wasmFile).size;

  // 1. Sizes: the Cedar functions, and every other function (which must not have grown by Cedar).
  const others = functions.filter((f) => !hasCedar(f));
  const byService = new Map<string, FunctionBundle[]>();
  for (const fn of others) byService.set(serviceOf(fn), [...(byService.get(serviceOf(fn)) ?? []), fn]);
  context.table(
    'Bundle sizes: functions that decide with Cedar (JS bundle + wasm beside it)',
    ['function', 'route', 'index.mjs KB', `${WASM} KB`, 'asset KB'],
    cedarFunctions.map((f) => [f.name, f.routes[0] ?? '-', kb(f.bytes), kb(wasmBytes), kb(f.bytes + wasmBytes)]),
  );
  context.table(
    'Bundle sizes: every other function, by service (they import the version facts only, never the engine)',
    ['service', 'functions', 'min KB', 'median KB', 'max KB', 'largest'],
    [...byService.entries()].map(([service, fns]) => {
      const sizes = fns.map((f) => f.bytes).sort((a, b) => a - b);
      const largest = fns.reduce((a, b) => (b.bytes > a.bytes ? b : a));
      return [service, fns.length, kb(sizes[0]!), kb(median(sizes)), kb(sizes.at(-1)!), `${largest.name} ${kb(largest.bytes)}`];
    }),
  );
  const leaked = others.filter((f) => readFileSync(f.file, 'utf8').includes('cedar_wasm'));
  if (leaked.length > 0) context.print(`WARNING: these bundles reference the Cedar engine without carrying it: ${leaked.map((f) => f.name).join(', ')}`);

  // 2. Cold init of the Cedar functions, against the twin's DynamoDB Local with a real case.
  const runs = context.options.quick ? 2 : 7;
  const region = bench.twin.regions.get(REGION)!;
  const eventsDir = path.join(context.workDir, 'covenant-events');
  mkdirSync(eventsDir, { recursive: true });
  const dynamodb = new DynamoDBClient({ endpoint: bench.twin.endpoints.dynamodb, region: region.awsRegion, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const pseudonyms = new PseudonymKey(`alias/cter/${REGION}/subject-lookup`, new KmsMac({ endpoint: bench.twin.endpoints.kms, region: region.awsRegion, credentials: keysOf(bench.twin) }));
  const results: Array<{ name: string; route: string; runs: Run[] }> = [];
  try {
    for (const fn of cedarFunctions) {
      const host = region.functions.get(fn.logicalIds[REGION] ?? '');
      const route = fn.routes[0];
      if (!host || !route) continue;
      const { environment, memoryMb } = host.definition;
      const caseId = environment.CASES_TABLE ? await consultationCase(dynamodb, environment.CASES_TABLE, pseudonyms) : randomUUID();
      const env = lambdaEnvironment(host.functionName, path.dirname(fn.file), environment, memoryMb ?? 128, await xrayDaemon.start(), fn.sdkTracing);
      const entry = { name: fn.name, route, runs: [] as Run[] };
      for (let i = 0; i < runs; i++) {
        const eventFile = path.join(eventsDir, `${fn.name}-${i}.json`);
        // A transfer moves the case on: each run hands over a case of its own, at the version the stream's intake left it.
        const runCaseId = route === 'POST /cases/{caseId}/transfers' && environment.CASES_TABLE ? await consultationCase(dynamodb, environment.CASES_TABLE, pseudonyms) : caseId;
        const version = environment.CASES_TABLE ? await settledVersion(dynamodb, environment.CASES_TABLE, runCaseId) : 1;
        writeFileSync(eventFile, JSON.stringify(firstRequest(route, runCaseId, version)));
        const result = await runChild(context.lambdaNode().file, fn.file, fn.handlerExport, eventFile, env);
        if (!result.ok) throw new Error(`cold init of ${fn.name} failed: ${result.error}`);
        if ((result.statusCode ?? 500) >= 300) throw new Error(`the first request of ${fn.name} answered ${result.statusCode}: ${result.body ?? ''}`);
        entry.runs.push(result);
      }
      results.push(entry);
    }
  } finally {
    dynamodb.destroy();
  }
  const compile = round(median(Array.from({ length: runs }, () => wasmCompileMs(context.lambdaNode().file, wasmFile))), 1);
  const rows = results.map((r) => ({
    name: r.name,
    route: r.route,
    importMs: round(median(r.runs.map((x) => x.importMs!)), 1),
    firstInvokeMs: round(median(r.runs.map((x) => x.firstInvokeMs!)), 1),
    initMs: round(median(r.runs.map((x) => x.initMs!)), 1),
    initCpuMs: round(median(r.runs.map((x) => x.initCpuMs!)), 1),
    maxInitMs: round(Math.max(...r.runs.map((x) => x.initMs!)), 1),
    status: [...new Set(r.runs.map((x) => x.statusCode))].join('/'),
  }));
  context.table(
    `Cold init of the Cedar functions: fresh node process, import + first request (median of ${runs}; budget init < ${COVENANT_INIT_BUDGET_MS} ms)`,
    ['function', 'first request', 'status', 'import ms', '1st invoke ms', 'init ms', 'max init ms', 'init cpu ms', 'of which wasm compile ms'],
    rows.map((r) => [r.name, r.route, r.status, r.importMs, r.firstInvokeMs, r.initMs, r.maxInitMs, r.initCpuMs, compile]),
    '1st invoke = reading and compiling the wasm, preparsing schema and policies, choosing the version in force, one decision per recipient and\n' +
      'category (and for a disclosure its reads and transaction). "wasm compile" is new WebAssembly.Module(bytes) alone in a fresh process.\n' +
      'On Lambda, functions that decide get 1024 MB (more CPU for the compile); here they run on this machine\'s CPU.',
  );
  for (const r of rows) context.budget({ name: `covenant cold init ${r.name}`, figure: r.initMs, limit: COVENANT_INIT_BUDGET_MS, unit: ' ms', detail: `import ${r.importMs} ms + 1st invoke ${r.firstInvokeMs} ms (wasm compile ${compile} ms)` });
  return {
    wasmKb: kb(wasmBytes),
    cedarFunctions: cedarFunctions.map((f) => ({ name: f.name, route: f.routes[0], bundleKb: kb(f.bytes) })),
    otherFunctions: others.map((f) => ({ name: f.name, service: serviceOf(f), bundleKb: kb(f.bytes) })),
    wasmCompileMs: compile,
    coldInit: rows,
  };
}

// Figure 3: warm latency. The budget is what AWS would see: the function's own duration in a warm
// execution environment (a process of Lambda's Node.js major running the bundle, as Lambda bills
// Duration) against the bare handler's one DynamoDB call in the same process, alternately.
// For the whole path, the same routes are timed through the twin (signed request -> gateway:
// SigV4 + IAM -> function in its warm worker -> DynamoDB Local -> response), against one direct
// DynamoDB call of a similar item from this process. Requests are sequential; all measurements are
// interleaved so they see the same machine. To explain the twin's figure, the same route is also timed
//   - through its FunctionHost directly (worker + handler + its DynamoDB calls, no HTTP/gateway), and
//   - as the DynamoDB calls its handler makes, made directly (same operations, similar items).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { ENV, partnerRoleName } from '@cter/config';
import { buildLikeServiceFunction } from '../support/bundle';
import type { BenchContext } from '../support/context';
import { lambdaEnvironment } from './cold-init';
import { xrayDaemon } from '../support/xray-daemon';
import { proxyEvent, signalBody } from '../support/events';
import { machineCpu, waitForQuietMachine } from '../support/machine';
import { distribution, round, type Distribution } from '../support/stats';
import type { BenchTwin } from '../support/twin';
import type { FunctionBundle } from './functions';
import type { ScenarioSetup } from './scenarios';

export const WARM_BUDGET = 3;

type Item = Record<string, AttributeValue>;

/** The DynamoDB operations the bench models a warm request of each route with (checked against what the handlers send). */
export const MODELLED_CALLS: Record<string, string[]> = {
  'POST /signals': ['TransactWriteItems'],
  'GET /cases/{caseId}': ['Query', 'PutItem'],
};

/** The function's own duration in a warm environment against the bare handler's one call (the budget). */
export interface LambdaDuration {
  route: string;
  baseline: string;
  functionMs: Distribution;
  baselineMs: Distribution;
  ratioP50: number;
  pass: boolean;
  /** X-Ray tracing inside the function as deployed (`cter:sdkTracing`), which the budgeted run uses. */
  sdkTracing: boolean;
  /** The p50 ratio of a second run with SDK tracing switched the other way; not budgeted. */
  otherTracingRatioP50: number;
  /** Segment documents the tracer sent to the X-Ray daemon per invocation in the run with SDK tracing on. */
  xraySegmentsPerInvocation: number;
  /** Seconds waited for a quiet machine before the budgeted run. */
  waitedForQuietSeconds: number;
  /** The machine's CPU during the budgeted run, in percent of one core (the warm process itself is about 100). */
  machineCpuPercent: number;
}

export interface RouteLatency {
  route: string;
  /** The single direct call the budget compares with. */
  baseline: string;
  twinMs: Distribution;
  directMs: Distribution;
  ratioP50: number;
  ratioP99: number;
  pass: boolean;
  /** Same route through its FunctionHost (no HTTP, no gateway). */
  functionHostMs: Distribution;
  /** The handler's own DynamoDB calls, made directly. */
  handlerCalls: string;
  handlerCallsMs: Distribution;
}

export interface WarmLatencyFigures {
  requests: number;
  warmUp: number;
  /** Budgeted: as AWS would see it. */
  lambda: LambdaDuration[];
  /** Through the twin, with where its time goes (no budget). */
  routes: RouteLatency[];
}

const WARM_CHILD = fileURLToPath(new URL('../support/warm-child.mjs', import.meta.url));

interface WarmPlan {
  fn: { bundle: string; export: string; events: unknown[] };
  baseline: { bundle: string; export: string; events: unknown[] };
  warmUp: number;
}

/** Runs a plan in a fresh process of Lambda's Node.js with the function's environment. */
function runWarmChild(node: string, planFile: string, env: Record<string, string>): Promise<{ fnMs: number[]; baselineMs: number[]; statuses: Record<string, number> }> {
  return new Promise((resolve, reject) => {
    // BENCH_CPU_PROFILE=<dir>: each warm child writes a V8 CPU profile there (open it in Chrome DevTools).
    const profile = process.env.BENCH_CPU_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`] : [];
    const child = spawn(node, [...profile, WARM_CHILD, planFile], { env, stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    let report = '';
    let stderr = '';
    child.stdio[3]!.on('data', (chunk: Buffer) => (report += chunk.toString('utf8')));
    child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-2000)));
    child.on('close', (code) => {
      try {
        const result = JSON.parse(report.trim()) as { ok: boolean; error?: string; fnMs: number[]; baselineMs: number[]; statuses: Record<string, number> };
        if (result.ok) resolve(result);
        else reject(new Error(`warm child: ${result.error}`));
      } catch {
        reject(new Error(`warm child exited with ${code} without a report; stderr: ${stderr.trim()}`));
      }
    });
  });
}

const rounded = (d: Distribution): Distribution => ({ count: d.count, min: round(d.min, 2), p50: round(d.p50, 2), p90: round(d.p90, 2), p99: round(d.p99, 2), max: round(d.max, 2) });

const timed = async (action: () => Promise<unknown>): Promise<number> => {
  const started = performance.now();
  await action();
  return performance.now() - started;
};

/**
 * A copy of each table (same keys, indexes and stream) that no work process of the twin reads. The
 * budgeted runs write to these: a signal registered in the region's own table starts its work
 * process in the twin (Step Functions, the functions it invokes, their DynamoDB calls), on the same
 * two cores as the function being timed, and the run measured that work too (the machine at 95 to
 * 100% throughout, one PutItem at 12 ms instead of 2). In AWS that work runs elsewhere.
 */
async function quietCopies(dynamodb: DynamoDBClient, tables: string[]): Promise<string[]> {
  const suffix = `-warm-${randomUUID().slice(0, 8)}`;
  return Promise.all(
    tables.map(async (name) => {
      const { Table: table } = await dynamodb.send(new DescribeTableCommand({ TableName: name }));
      if (!table?.KeySchema || !table.AttributeDefinitions) throw new Error(`warm latency: ${name} has no key schema`);
      const copy = `${name}${suffix}`;
      await dynamodb.send(
        new CreateTableCommand({
          TableName: copy,
          BillingMode: 'PAY_PER_REQUEST',
          KeySchema: table.KeySchema,
          AttributeDefinitions: table.AttributeDefinitions,
          ...(table.GlobalSecondaryIndexes?.length ? { GlobalSecondaryIndexes: table.GlobalSecondaryIndexes.map((index) => ({ IndexName: index.IndexName, KeySchema: index.KeySchema, Projection: index.Projection })) } : {}),
          ...(table.StreamSpecification ? { StreamSpecification: table.StreamSpecification } : {}),
        }),
      );
      return copy;
    }),
  );
}

export async function warmLatency(context: BenchContext, bench: BenchTwin, functions: FunctionBundle[], setup: ScenarioSetup, bareBundleFile: string): Promise<WarmLatencyFigures> {
  const requests = context.options.quick ? 60 : 300;
  const warmUp = context.options.quick ? 15 : 50;
  const { dynamodb, casesTable, auditTable, baseCaseId, regionId } = setup;
  const region = bench.twin.regions.get(regionId)!;
  const profile = `${regionId}.politie`;
  const roleName = partnerRoleName(regionId, 'politie');
  const hostOf = (route: string) => {
    const fn = functions.find((f) => f.routes.includes(route));
    const host = fn?.logicalIds[regionId] ? region.functions.get(fn.logicalIds[regionId]) : undefined;
    if (!host) throw new Error(`warm latency: no function serves ${route} in ${regionId}`);
    return host;
  };
  const postHost = hostOf('POST /signals');
  const getHost = hostOf('GET /cases/{caseId}');

  // Items like the ones the handlers write: the case, its first history event, an audit record.
  const caseKey: Item = { pk: { S: `CASE#${baseCaseId}` }, sk: { S: 'CASE' } };
  const caseItem = (await dynamodb.send(new GetItemCommand({ TableName: casesTable, Key: caseKey, ConsistentRead: true }))).Item;
  const historyItem = (await dynamodb.send(new QueryCommand({ TableName: casesTable, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :h)', ExpressionAttributeValues: { ':pk': caseKey.pk!, ':h': { S: 'HISTORY#' } }, Limit: 1 }))).Items?.[0];
  const auditItem = (await dynamodb.send(new QueryCommand({ TableName: auditTable, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': caseKey.pk! }, Limit: 1 }))).Items?.[0];
  if (!caseItem) throw new Error(`warm latency: case ${baseCaseId} is not in ${casesTable}`);
  const history = historyItem ?? caseItem;
  const audit = auditItem ?? caseItem;
  const fresh = (item: Item): Item => ({ ...item, pk: { S: `BENCH#${randomUUID()}` } });
  const benchCounter = randomUUID();

  const twinPost = async () => {
    const reply = await bench.call(profile, 'POST', '/signals', signalBody(setup.municipality));
    if (reply.status !== 201) throw new Error(`POST /signals answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    return reply.ms;
  };
  const twinGet = async () => {
    const reply = await bench.call(profile, 'GET', `/cases/${baseCaseId}`);
    if (reply.status !== 200) throw new Error(`GET /cases/{caseId} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    return reply.ms;
  };
  const invoke = async (host: typeof postHost, event: Record<string, unknown>, expected: number) => {
    const started = performance.now();
    const outcome = await host.invoke(event);
    const ms = performance.now() - started;
    const status = outcome.ok ? (outcome.result as { statusCode?: number } | null)?.statusCode : undefined;
    if (status !== expected) throw new Error(`${host.functionName} answered ${outcome.ok ? status : `${outcome.errorType}: ${outcome.errorMessage}`}`);
    return ms;
  };
  const hostPost = () => invoke(postHost, proxyEvent({ method: 'POST', resource: '/signals', path: '/signals', body: signalBody(setup.municipality), roleName }), 201);
  const hostGet = () => invoke(getHost, proxyEvent({ method: 'GET', resource: '/cases/{caseId}', path: `/cases/${baseCaseId}`, pathParameters: { caseId: baseCaseId }, roleName }), 200);
  const directPut = () => timed(() => dynamodb.send(new PutItemCommand({ TableName: casesTable, Item: fresh(caseItem), ConditionExpression: 'attribute_not_exists(pk)' })));
  const directGet = () => timed(() => dynamodb.send(new GetItemCommand({ TableName: casesTable, Key: caseKey, ConsistentRead: true })));
  // POST /signals, warm: one transaction with the case, its history event, its audit record, its
  // subject lookup's pending marker and the case-number counter moved on the condition that it stands one before.
  let benchSequence = 0;
  const postCalls = () =>
    timed(async () => {
      const sequence = benchSequence + 1;
      await dynamodb.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: casesTable, Item: fresh(caseItem), ConditionExpression: 'attribute_not_exists(pk)' } },
            { Put: { TableName: casesTable, Item: fresh(history), ConditionExpression: 'attribute_not_exists(pk)' } },
            { Put: { TableName: auditTable, Item: fresh(audit), ConditionExpression: 'attribute_not_exists(pk)' } },
            { Put: { TableName: casesTable, Item: { pk: { S: 'BENCH-SUBJECT-PENDING' }, sk: { S: `CASE#${randomUUID()}` }, entity: { S: 'bench-marker' }, caseId: { S: baseCaseId } } } },
            {
              Update: {
                TableName: casesTable,
                Key: { pk: { S: `COUNTER#bench-${benchCounter}` }, sk: { S: 'COUNTER' } },
                UpdateExpression: 'SET #seq = :sequence',
                ConditionExpression: sequence === 1 ? 'attribute_not_exists(#seq)' : '#seq = :previous',
                ExpressionAttributeNames: { '#seq': 'sequence' },
                ExpressionAttributeValues: { ':sequence': { N: String(sequence) }, ...(sequence === 1 ? {} : { ':previous': { N: String(sequence - 1) } }) },
              },
            },
          ],
        }),
      );
      benchSequence = sequence;
    });
  // GET /cases/{caseId}: the case and the disclosures to the caller in one filtered query, then the audit record of the read.
  const getCalls = () =>
    timed(async () => {
      await dynamodb.send(
        new QueryCommand({
          TableName: casesTable,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :case AND :last',
          FilterExpression: 'entity = :caseKind OR (entity = :disclosureKind AND contains(recipientIds, :recipient))',
          ExpressionAttributeValues: { ':pk': caseKey.pk!, ':case': { S: 'CASE' }, ':last': { S: 'DISCLOSURE#\uffff' }, ':caseKind': { S: 'case' }, ':disclosureKind': { S: 'disclosure' }, ':recipient': { S: 'politie' } },
          ConsistentRead: true,
        }),
      );
      await dynamodb.send(new PutItemCommand({ TableName: auditTable, Item: fresh(audit), ConditionExpression: 'attribute_not_exists(pk)' }));
    });

  // As AWS would see it: each function alone in a warm process, alternating with the bare one-call handler.
  const node = context.lambdaNode().file;
  const putBaseline = await buildLikeServiceFunction(context.root, 'bench/bare-handler/variants/put-item.ts', path.join(context.workDir, 'variants', 'put-item'));
  const rounds = warmUp + requests;
  const [quietCases, quietAudit] = await quietCopies(dynamodb, [casesTable, auditTable]);
  // The case GET /cases/{caseId} reads, with the rest of its partition (history, disclosures, participants).
  const partition = await dynamodb.send(new QueryCommand({ TableName: casesTable, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': caseKey.pk! }, ConsistentRead: true }));
  for (const item of partition.Items ?? []) await dynamodb.send(new PutItemCommand({ TableName: quietCases!, Item: item }));
  const lambdaRoute = async (route: string, baseline: string, baselineBundle: string, fnEvent: () => unknown, baselineEvent: () => unknown, expected: number): Promise<LambdaDuration> => {
    const fn = functions.find((f) => f.routes.includes(route))!;
    const host = hostOf(route);
    // A plan of fresh events per run: writes (a signal, the baseline's PutItem) must not repeat an earlier run's.
    const planFile = (run: string) => {
      const file = path.join(context.workDir, `warm-${fn.name}-${run}.json`);
      const plan: WarmPlan = {
        fn: { bundle: fn.file, export: fn.handlerExport, events: Array.from({ length: rounds }, fnEvent) },
        baseline: { bundle: baselineBundle, export: 'handler', events: Array.from({ length: rounds }, baselineEvent) },
        warmUp,
      };
      writeFileSync(file, JSON.stringify(plan));
      return file;
    };
    const daemon = await xrayDaemon.start();
    const envWith = (sdkTracing: boolean) => ({
      ...lambdaEnvironment(host.functionName, path.dirname(fn.file), host.definition.environment, host.definition.memoryMb ?? 128, daemon, sdkTracing),
      [ENV.casesTable]: quietCases!,
      [ENV.auditTable]: quietAudit!,
      TABLE_NAME: quietCases!,
    });
    // As deployed (the budget), then with SDK tracing switched the other way (not budgeted): what the X-Ray segments cost per request.
    const waitedForQuietSeconds = await waitForQuietMachine(context.log, `warm ${route}`);
    const segmentsBefore = xrayDaemon.segments;
    const cpu = machineCpu();
    const result = await runWarmChild(node, planFile('deployed'), envWith(fn.sdkTracing));
    const machineCpuPercent = cpu.stop();
    const segmentsBetween = xrayDaemon.segments;
    const other = await runWarmChild(node, planFile('other-tracing'), envWith(!fn.sdkTracing));
    const tracedSegments = fn.sdkTracing ? segmentsBetween - segmentsBefore : xrayDaemon.segments - segmentsBetween;
    const xraySegmentsPerInvocation = round(tracedSegments / rounds, 1);
    for (const run of [result, other]) {
      const unexpected = Object.keys(run.statuses).filter((status) => Number(status) !== expected);
      if (unexpected.length > 0) throw new Error(`warm ${route} in its own process answered ${JSON.stringify(run.statuses)}`);
    }
    const functionMs = rounded(distribution(result.fnMs));
    const baselineMs = rounded(distribution(result.baselineMs));
    const ratioP50 = round(functionMs.p50 / baselineMs.p50, 2);
    const otherTracingRatioP50 = round(distribution(other.fnMs).p50 / distribution(other.baselineMs).p50, 2);
    return { route, baseline, functionMs, baselineMs, ratioP50, pass: functionMs.p50 <= baselineMs.p50 * WARM_BUDGET, sdkTracing: fn.sdkTracing, otherTracingRatioP50, xraySegmentsPerInvocation, waitedForQuietSeconds, machineCpuPercent };
  };
  context.log(`warm latency (function duration): ${warmUp} warm-up + ${requests} measured invocations per route, alternating with the bare handler`);
  const lambda = [
    await lambdaRoute(
      'POST /signals',
      'PutItem',
      putBaseline.file,
      () => proxyEvent({ method: 'POST', resource: '/signals', path: '/signals', body: signalBody(setup.municipality), roleName }),
      () => ({ item: fresh(caseItem) }),
      201,
    ),
    await lambdaRoute(
      'GET /cases/{caseId}',
      'GetItem',
      bareBundleFile,
      () => proxyEvent({ method: 'GET', resource: '/cases/{caseId}', path: `/cases/${baseCaseId}`, pathParameters: { caseId: baseCaseId }, roleName }),
      () => ({ pk: `CASE#${baseCaseId}`, sk: 'CASE' }),
      200,
    ),
  ];
  context.table(
    `Warm duration as Lambda measures it, on node ${context.lambdaNode().version} (${requests} invocations after ${warmUp} warm-up, alternating with the bare handler; budget p50 ratio <= ${WARM_BUDGET})`,
    ['route', 'SDK tracing', 'function p50 ms', 'function p99 ms', 'bare handler', 'bare p50 ms', 'bare p99 ms', 'ratio p50', 'budget', 'ratio p50, SDK tracing switched', 'X-Ray segments/request when on', 'waited for quiet s', 'machine CPU % in run'],
    lambda.map((r) => [r.route, r.sdkTracing ? 'on' : 'off', r.functionMs.p50, r.functionMs.p99, `one ${r.baseline}`, r.baselineMs.p50, r.baselineMs.p99, r.ratioP50, r.pass ? 'PASS' : 'FAIL', r.otherTracingRatioP50, r.xraySegmentsPerInvocation, r.waitedForQuietSeconds, r.machineCpuPercent]),
    "Both handlers run in one process with the function's Lambda environment, against the twin's DynamoDB Local; no gateway, no worker thread. They use copies of the region's tables (same keys, indexes and stream) that no work process reads, so the signals registered start no workflow on the cores being measured; each run starts on a quiet machine, and its CPU column is in percent of one core (the warm process alone is about 100). SDK tracing as deployed (cter:sdkTracing) is budgeted; the run with it switched shows its cost (when on, the Powertools tracer sends its segments to the bench's X-Ray daemon, as to Lambda's).",
  );

  context.log(`warm latency: ${warmUp} warm-up + ${requests} measured requests per route and path (sequential, interleaved)`);
  const steps = { twinPost, hostPost, directPut, postCalls, twinGet, hostGet, directGet, getCalls };
  const samples = Object.fromEntries(Object.keys(steps).map((k) => [k, [] as number[]])) as Record<keyof typeof steps, number[]>;
  for (let i = 0; i < warmUp + requests; i++) {
    for (const [name, step] of Object.entries(steps) as Array<[keyof typeof steps, () => Promise<number>]>) {
      const ms = await step();
      if (i >= warmUp) samples[name].push(ms);
    }
  }

  const route = (name: string, baseline: string, twin: number[], direct: number[], host: number[], handlerCalls: string, calls: number[]): RouteLatency => {
    const twinMs = rounded(distribution(twin));
    const directMs = rounded(distribution(direct));
    const ratioP50 = round(twinMs.p50 / directMs.p50, 2);
    return {
      route: name,
      baseline,
      twinMs,
      directMs,
      ratioP50,
      ratioP99: round(twinMs.p99 / directMs.p99, 2),
      pass: ratioP50 <= WARM_BUDGET,
      functionHostMs: rounded(distribution(host)),
      handlerCalls,
      handlerCallsMs: rounded(distribution(calls)),
    };
  };
  const routes = [
    route('POST /signals', 'PutItem', samples.twinPost, samples.directPut, samples.hostPost, 'TransactWriteItems(4 Put, 1 Update)', samples.postCalls),
    route('GET /cases/{caseId}', 'GetItem', samples.twinGet, samples.directGet, samples.hostGet, 'Query + PutItem', samples.getCalls),
  ];
  context.table(
    `Warm latency through the twin vs one direct DynamoDB call (${requests} sequential requests after ${warmUp} warm-up; no budget: the twin's gateway and worker are not AWS's)`,
    ['route', 'twin p50 ms', 'twin p99 ms', 'direct', 'direct p50 ms', 'direct p99 ms', 'ratio p50', 'ratio p99'],
    routes.map((r) => [r.route, r.twinMs.p50, r.twinMs.p99, r.baseline, r.directMs.p50, r.directMs.p99, r.ratioP50, r.ratioP99]),
    'Twin time is client-side: from sending the signed request to the last byte of the response (signing excluded).',
  );
  context.table(
    'Where the warm time goes (p50 ms; the parts are differences of medians, so approximate)',
    ['route', 'twin', 'FunctionHost.invoke', "handler's DynamoDB calls direct", 'calls', '= HTTP + gateway', '= worker + handler code', '= DynamoDB', 'twin / its own calls'],
    routes.map((r) => [
      r.route,
      r.twinMs.p50,
      r.functionHostMs.p50,
      r.handlerCallsMs.p50,
      r.handlerCalls,
      round(r.twinMs.p50 - r.functionHostMs.p50, 2),
      round(r.functionHostMs.p50 - r.handlerCallsMs.p50, 2),
      r.handlerCallsMs.p50,
      round(r.twinMs.p50 / r.handlerCallsMs.p50, 2),
    ]),
    'HTTP + gateway = fetch client, HTTP server, SigV4 verification, cached IAM decision, proxy event; worker + handler = message to the worker thread, middy chain, zod, logger, document client marshalling.',
  );
  for (const r of lambda) {
    const twin = routes.find((t) => t.route === r.route)!;
    context.budget({ name: `warm ${r.route}`, figure: round(r.functionMs.p50 / r.baselineMs.p50, 3), limit: WARM_BUDGET, unit: 'x', detail: `p50 ${r.functionMs.p50} ms vs one ${r.baseline} ${r.baselineMs.p50} ms (through the twin ${twin.ratioP50}x)` });
  }
  return { requests, warmUp, lambda, routes };
}

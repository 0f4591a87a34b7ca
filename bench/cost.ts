// The cost suite: drives a signal that stops at the weighing and a full case (two evaluation cycles,
// aftercare, closure) through a twin of its own, counts what AWS bills (state transitions, Lambda
// invocations and GB-seconds, API requests, DynamoDB units, KMS requests, events, log bytes), and
// prices one case, the regions' daily jobs, the fixed monthly resources and a region-year.
import { GetExecutionHistoryCommand, ListExecutionsCommand, ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import type { Twin } from '@cter/twin';
import type { BenchContext } from './support/context';
import { CaseDriver } from './support/case-driver';
import { CostMeter, DRIVER_POLLS, SCHEDULED, type BucketCounts } from './support/cost-meter';
import { loadPrices, PRICE_UNITS, type Prices } from './support/cost-prices';
import { round } from './support/stats';
import { startBenchTwin } from './support/twin';
import { keysOf } from '../test/support/twin-ops';

export const description = 'AWS cost of a signal stopped at the weighing, of a full case (two evaluation cycles, aftercare, closure), and of a region-year (eu-west-1 list prices)';

const REGION = 'kennemerland';
const MUNICIPALITY = 'haarlem';
const WEIGHING_ONLY = 'weighing-only';
const FULL_CASE = 'full-case';
const GB = 1024 ** 3;

interface Execution {
  name: string;
  machine: string;
  /** StateEntered events. */
  entered: number;
  /** Task attempts after the first of a state's entry (each scheduled event past one per TaskStateEntered). */
  retries: number;
  /** What Standard bills: states entered plus retries. */
  transitions: number;
  twinCount: number;
}

/** Every execution of the twin's state machines whose name starts with the case id, with its transitions from the history. */
async function executionsOf(twin: Twin, caseId: string): Promise<Execution[]> {
  const client = new SFNClient({ endpoint: twin.endpoints.stepfunctions, region: 'eu-west-1', credentials: keysOf(twin) });
  const found: Execution[] = [];
  const machines = (await client.send(new ListStateMachinesCommand({ maxResults: 1000 }))).stateMachines ?? [];
  for (const machine of machines) {
    const executions = (await client.send(new ListExecutionsCommand({ stateMachineArn: machine.stateMachineArn, maxResults: 1000 }))).executions ?? [];
    for (const execution of executions.filter((e) => e.name?.startsWith(caseId))) {
      const types: string[] = [];
      let nextToken: string | undefined;
      do {
        const page = await client.send(new GetExecutionHistoryCommand({ executionArn: execution.executionArn, nextToken, maxResults: 1000 }));
        types.push(...(page.events ?? []).map((e) => String(e.type)));
        nextToken = page.nextToken;
      } while (nextToken);
      const count = (test: (type: string) => boolean) => types.filter(test).length;
      const entered = count((t) => t.endsWith('StateEntered'));
      const retries = Math.max(0, count((t) => t === 'TaskScheduled' || t === 'LambdaFunctionScheduled') - count((t) => t === 'TaskStateEntered'));
      found.push({ name: execution.name!, machine: machine.name!, entered, retries, transitions: entered + retries, twinCount: twin.stepFunctions.stateTransitionCount(execution.executionArn!) });
    }
  }
  return found;
}

/** Cost per category in USD. */
function priced(counts: BucketCounts, transitions: number, prices: Prices, schedulerInvocations = 0): Record<string, number> {
  return {
    'Step Functions transitions': transitions * prices.stateTransition,
    'Lambda requests': counts.invocations * prices.lambdaRequest,
    'Lambda duration (GB-s)': counts.gbSeconds * prices.lambdaGbSecond,
    'API Gateway requests': counts.apiRequests * prices.apiRequest,
    'DynamoDB reads': counts.readUnits * prices.dynamodbReadUnit,
    'DynamoDB writes': counts.writeUnits * prices.dynamodbWriteUnit,
    'KMS requests': counts.kmsRequests * prices.kmsRequest,
    'EventBridge events': counts.events * prices.eventBridgeEvent,
    'Scheduler invocations': schedulerInvocations * prices.schedulerInvocation,
    'CloudWatch Logs ingestion': (counts.logBytes / GB) * prices.logIngestionGb,
  };
}

const sum = (costs: Record<string, number>) => Object.values(costs).reduce((a, b) => a + b, 0);
const usd = (value: number, digits = 6) => `$${value.toFixed(digits)}`;

function scaled(counts: BucketCounts, factor: number): BucketCounts {
  return Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, v * factor])) as unknown as BucketCounts;
}

/** Resources of one region's template that cost a fixed amount a month. */
function fixedResources(twin: Twin): { kmsKeys: number; alarms: number; schedules: number } {
  const region = twin.regions.get(REGION)!;
  const count = (type: string) => Object.values(region.stack.template.Resources).filter((r) => r.Type === type).length;
  return { kmsKeys: count('AWS::KMS::Key'), alarms: count('AWS::CloudWatch::Alarm'), schedules: count('AWS::Scheduler::Schedule') };
}

function envNumber(name: string, fallback: number, check: (n: number) => boolean): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || !check(value)) throw new Error(`${name}=${raw} is not a valid value`);
  return value;
}

export async function run(context: BenchContext): Promise<Record<string, unknown>> {
  const { prices, source } = loadPrices();
  const signalsPerYear = envNumber('COST_SIGNALS_PER_YEAR', 300, (n) => n >= 0);
  const fullShare = envNumber('COST_FULL_CASE_SHARE', 0.25, (n) => n >= 0 && n <= 1);

  // A twin of its own: its functions talk to DynamoDB, KMS and EventBridge through the meter's proxies.
  const meter = await CostMeter.start();
  const bench = await startBenchTwin(context.root, context.assemblyDir, context.log, { functionEnvironment: meter.functionEnvironment(), onLog: meter.onLog });
  try {
    meter.attach(bench.twin);
    const driver = new CaseDriver(bench, REGION, MUNICIPALITY, context.log, (work) => meter.aside(work, bench.requests));
    await driver.settle();

    meter.startPhase(WEIGHING_ONLY, bench.requests);
    context.log('cost: a signal that stops at the weighing');
    const weighed = await driver.signal();
    await driver.contributions(weighed);
    await driver.decide(`gemeente-${MUNICIPALITY}`, weighed, 'weighing-decision', 'no-action');
    const weighedState = await driver.settledState(weighed, 'no-action');

    meter.startPhase(FULL_CASE, bench.requests);
    context.log('cost: a full case');
    const full = await driver.signal();
    await driver.contributions(full);
    await driver.decide(`gemeente-${MUNICIPALITY}`, full, 'weighing-decision', 'propose-admission');
    await driver.decide(`gemeente-${MUNICIPALITY}`, full, 'triangle-decision', 'admit');
    const { version: planVersion } = await driver.draftPlan(full);
    await driver.decide('zvh', full, 'plan-adoption', 'adopted', undefined, { planVersion });
    const cycleDays = [await driver.untilEvaluationDue(full)];
    await driver.decide('zvh', full, 'evaluation', 'continue');
    cycleDays.push(await driver.untilEvaluationDue(full));
    await driver.decide('zvh', full, 'evaluation', 'scale-down');
    cycleDays.push(await driver.untilEvaluationDue(full));
    await driver.decide('zvh', full, 'evaluation', 'close');
    await driver.decide('politie', full, 'closure-decision', 'close');
    const fullState = await driver.settledState(full, 'closed');
    meter.startPhase('after', bench.requests);
    if (weighedState !== 'no-action' || fullState !== 'closed') throw new Error(`cost: the cases ended in ${weighedState} and ${fullState}, not no-action and closed`);

    const executions = { [WEIGHING_ONLY]: await executionsOf(bench.twin, weighed), [FULL_CASE]: await executionsOf(bench.twin, full) };
    const { buckets, functions } = meter.counts(bench.requests);
    if (!(buckets.get(FULL_CASE)?.dynamodbCalls && buckets.get(FULL_CASE)?.events)) throw new Error('cost: no DynamoDB call or event of the full case went through the metering proxies (functionEnvironment not applied?)');
    const transitionsOf = (bucket: string) => (executions[bucket as keyof typeof executions] ?? []).reduce((s, e) => s + e.transitions, 0);
    const regions = bench.twin.regions.size;
    const regionDays = driver.daysAdvanced * regions;

    context.table(
      `Unit prices (${source}). List prices for eu-west-1 as the bench knows them, free tiers ignored: check them against https://aws.amazon.com/pricing/ before quoting a figure`,
      ['price', 'unit', 'USD'],
      (Object.keys(prices) as Array<keyof Prices>).map((k) => [k, PRICE_UNITS[k], prices[k] < 0.01 ? prices[k].toExponential(4) : prices[k]]),
    );

    context.table(
      `Step Functions executions and their state transitions from GetExecutionHistory (states entered plus task retries; the twin's own count beside it, which counts one transition per retried entry)`,
      ['case', 'execution', 'state machine', 'states entered', 'retries', 'transitions', 'twin count'],
      Object.entries(executions).flatMap(([bucket, list]) => list.map((e) => [bucket, e.name.replace(bucket === FULL_CASE ? full : weighed, '<case>'), e.machine, e.entered, e.retries, e.transitions, e.twinCount])),
    );

    const shown = [WEIGHING_ONLY, FULL_CASE, SCHEDULED, DRIVER_POLLS].filter((b) => buckets.has(b));
    const countRows: Array<[string, (c: BucketCounts, bucket: string) => number]> = [
      ['Step Functions transitions', (_c, b) => transitionsOf(b)],
      ['Lambda invocations', (c) => c.invocations],
      ['  of which cold starts', (c) => c.coldStarts],
      ['Lambda duration ms (handler)', (c) => round(c.durationMs, 0)],
      ['Lambda init ms (cold starts)', (c) => round(c.initDurationMs, 0)],
      ['Lambda GB-seconds (memory x (duration + init))', (c) => round(c.gbSeconds, 3)],
      ['  had every invocation been cold', (_c, b) => round(meter.allColdGbSeconds(b), 3)],
      ['API Gateway requests', (c) => c.apiRequests],
      ['DynamoDB calls', (c) => c.dynamodbCalls],
      ['DynamoDB read units', (c) => round(c.readUnits, 1)],
      ['DynamoDB write units', (c) => round(c.writeUnits, 1)],
      ['KMS requests', (c) => c.kmsRequests],
      ['EventBridge events put', (c) => c.events],
      ['log lines', (c) => c.logLines],
      ['log KB', (c) => round(c.logBytes / 1024, 1)],
    ];
    context.table(
      `Counts per bucket (${SCHEDULED}: the regions' daily jobs over ${driver.daysAdvanced} virtual days in ${regions} regions; ${DRIVER_POLLS}: the bench's own waiting reads, not priced)`,
      ['count', ...shown],
      countRows.map(([label, value]) => [label, ...shown.map((b) => value(buckets.get(b)!, b))]),
    );
    const unmetered = [...buckets.values()].reduce((s, c) => s + c.unmeteredDynamodbCalls, 0);
    if (unmetered > 0) context.print(`WARNING: ${unmetered} DynamoDB answers carried no ConsumedCapacity; their units are missing above: ${JSON.stringify(meter.unmetered('unmetered'))}.`);
    const failedConditions = meter.unmetered('failedCondition');
    if (Object.keys(failedConditions).length > 0) context.print(`Writes whose condition failed (DynamoDB bills them; counted at 1 write unit each, DynamoDB Local reports none): ${JSON.stringify(failedConditions)}`);

    const pricedBuckets = shown.filter((b) => b !== DRIVER_POLLS);
    const costs = Object.fromEntries(pricedBuckets.map((b) => [b, priced(buckets.get(b)!, b === SCHEDULED ? 0 : transitionsOf(b), prices, b === SCHEDULED ? buckets.get(b)!.invocations : 0)]));
    const categories = Object.keys(costs[FULL_CASE]!);
    context.table(
      'Cost per category (USD)',
      ['category', ...pricedBuckets],
      [...categories.map((k) => [k, ...pricedBuckets.map((b) => usd(costs[b]![k]!))]), ['total', ...pricedBuckets.map((b) => usd(sum(costs[b]!)))]],
    );

    const perFunction = [...(functions.get(FULL_CASE) ?? new Map<string, BucketCounts>()).entries()].sort((a, b) => b[1].gbSeconds - a[1].gbSeconds);
    context.table(
      'Full case per function (the caller of each DynamoDB, KMS and EventBridge request is told by its SigV4 key)',
      ['function', 'invocations', 'cold', 'ms', 'init ms', 'GB-s', 'RRU', 'WRU', 'KMS', 'events', 'log KB'],
      perFunction.map(([fn, c]) => [fn, c.invocations, c.coldStarts, round(c.durationMs, 0), round(c.initDurationMs, 0), round(c.gbSeconds, 3), round(c.readUnits, 1), round(c.writeUnits, 1), c.kmsRequests, c.events, round(c.logBytes / 1024, 1)]),
    );

    // Fixed: what a region pays whatever its volume.
    const fixed = fixedResources(bench.twin);
    const scheduledCounts = buckets.get(SCHEDULED);
    const scheduledPerRegionDay = scheduledCounts && regionDays > 0 ? sum(priced(scaled(scheduledCounts, 1 / regionDays), 0, prices, scheduledCounts.invocations / regionDays)) : 0;
    const fixedMonthly = { 'KMS keys': fixed.kmsKeys * prices.kmsKeyMonth, 'CloudWatch alarms': fixed.alarms * prices.alarmMonth, 'daily jobs (measured, 30.4 days)': scheduledPerRegionDay * 30.4 };
    context.table(
      `Fixed cost of one region per month (${REGION}'s template: ${fixed.kmsKeys} KMS keys, ${fixed.alarms} alarms, ${fixed.schedules} daily schedules)`,
      ['item', 'USD per month'],
      [...Object.entries(fixedMonthly).map(([k, v]) => [k, usd(v, 4)]), ['total', usd(sum(fixedMonthly), 4)]],
    );

    const weighingOnlyCost = sum(costs[WEIGHING_ONLY]!);
    const fullCaseCost = sum(costs[FULL_CASE]!);
    const perSignal = fullShare * fullCaseCost + (1 - fullShare) * weighingOnlyCost;
    const variableYear = signalsPerYear * perSignal;
    const fixedYear = 12 * sum(fixedMonthly);
    // At a few signals a day most invocations start cold: the same counts with every invocation paying its function's init.
    const allCold = (bucket: string) => sum(costs[bucket]!) + (meter.allColdGbSeconds(bucket) - buckets.get(bucket)!.gbSeconds) * prices.lambdaGbSecond;
    const perSignalAllCold = fullShare * allCold(FULL_CASE) + (1 - fullShare) * allCold(WEIGHING_ONLY);
    const scheduledColdExtra = scheduledCounts && regionDays > 0 ? ((meter.allColdGbSeconds(SCHEDULED) - scheduledCounts.gbSeconds) / regionDays) * prices.lambdaGbSecond * 30.4 * 12 : 0;
    const regionYearAllCold = signalsPerYear * perSignalAllCold + fixedYear + scheduledColdExtra;
    context.table(
      `Region-year: ${signalsPerYear} signals (COST_SIGNALS_PER_YEAR), ${round(fullShare * 100, 1)} % of them full cases (COST_FULL_CASE_SHARE, an assumption), the rest stopping at the weighing`,
      ['item', 'USD'],
      [
        ['a signal that stops at the weighing', usd(weighingOnlyCost)],
        [`a full case (evaluations after ${cycleDays.join(', ')} days)`, usd(fullCaseCost)],
        ['per signal at this mix', usd(perSignal)],
        [`${signalsPerYear} signals a year`, usd(variableYear, 2)],
        ['fixed: 12 months', usd(fixedYear, 2)],
        ['region-year', usd(variableYear + fixedYear, 2)],
        ['every invocation cold: a signal that stops at the weighing', usd(allCold(WEIGHING_ONLY))],
        ['every invocation cold: a full case', usd(allCold(FULL_CASE))],
        ['every invocation cold (daily jobs too): region-year', usd(regionYearAllCold, 2)],
      ],
      'Not included: DynamoDB storage, backups and point-in-time recovery, log storage after ingestion, Lambda platform log lines (START/END/REPORT), data transfer, free tiers.',
    );

    return {
      prices,
      pricesSource: source,
      signalsPerYear,
      fullCaseShare: fullShare,
      virtualDays: driver.daysAdvanced,
      evaluationDueAfterDays: cycleDays,
      executions,
      counts: Object.fromEntries(shown.map((b) => [b, { ...buckets.get(b)!, transitions: b === SCHEDULED ? 0 : transitionsOf(b) }])),
      costUsd: Object.fromEntries(pricedBuckets.map((b) => [b, { ...costs[b], total: sum(costs[b]!) }])),
      fixedResources: fixed,
      fixedMonthlyUsd: fixedMonthly,
      scheduledPerRegionDayUsd: scheduledPerRegionDay,
      weighingOnlyUsd: weighingOnlyCost,
      fullCaseUsd: fullCaseCost,
      perSignalUsd: perSignal,
      regionYearUsd: variableYear + fixedYear,
      allCold: { weighingOnlyUsd: allCold(WEIGHING_ONLY), fullCaseUsd: allCold(FULL_CASE), regionYearUsd: regionYearAllCold },
    };
  } finally {
    await bench.stop();
    await meter.stop();
  }
}

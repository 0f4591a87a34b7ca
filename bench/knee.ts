// The knee suite: where the twin bends under a realistic mix (60 % reads, 30 % writes, 10 %
// decisions), per region. Open-loop steps at rising rates; a step holds when its p99 stays within
// 250 ms and no request fails. The knee is the highest rate that holds. Each step also reports the
// CPU of the twin's Node.js process (gateway, function workers, the load generator), of its function
// workers by function (their threads' CPU time, cold starts included) and of DynamoDB Local (Java), to
// tell which of them bends first. Each region runs on a twin of its own,
// and a step starts once DynamoDB Local is quiet: the cases it prepared leave work processes running
// after the streams have delivered.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { BenchContext } from './support/context';
import { signalBody } from './support/events';
import { runLoad, type LoadFigures, type LoadMix, type Reply } from './support/load-run';
import { round } from './support/stats';
import { machineBusySeconds, waitUntilQuiet } from './support/machine';
import type { BenchTwin } from './support/twin';
import { pickMunicipality } from './foundation/scenarios';
import { REGION_IDS } from '@cter/config';
import { procCpuSeconds } from '@cter/twin';

export const description = 'load knee per region: open-loop steps of a 60/30/10 read/write/decision mix until p99 > 250 ms or an error';

export const KNEE_P99_MS = 250;
/** One cycle of ten requests: six reads, three writes (new signals), one decision. */
const KNEE_MIX = [
  'GET /cases/{caseId}',
  'POST /signals',
  'GET /cases',
  'GET /cases/{caseId}',
  'POST /signals',
  'GET /cases/{caseId}/history',
  'GET /cases/{caseId}/tasks',
  'POST /signals',
  'GET /cases/{caseId}',
  'POST /cases/{caseId}/decisions',
] as const;
const DECISIONS_PER_CYCLE = KNEE_MIX.filter((k) => k.endsWith('/decisions')).length / KNEE_MIX.length;

interface Step {
  rate: number;
  throughput: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU of the twin's process (all threads) and of DynamoDB Local, in % of one core, over the step. */
  twinCpuPercent: number;
  dynamodbCpuPercent?: number;
  /** Of the twin's CPU, its main thread's (gateway, Step Functions, stream pollers, EventBridge, load generator; Linux only): the rest is the function workers and V8's helper threads. */
  mainThreadCpuPercent?: number;
  /** How late the twin's main thread ran what was due (event-loop delay, ms): a stall there delays every request in flight. */
  mainThreadStallP99Ms: number;
  mainThreadStallMaxMs: number;
  /** CPU of the region's function workers (their threads, cold starts included), in % of one core, over the step. */
  functionsCpuPercent?: number;
  /** The functions that took the most of it: CPU % of one core, invocations, CPU ms per invocation. */
  topFunctions: Array<{ name: string; cpuPercent: number; invocations: number; cpuMsPerInvocation: number }>;
  /** Execution environments (worker threads, each a cold start) the region's functions added over the step, warm-up included. */
  newEnvironments: number;
  /** The machine's 1-minute load average at the end of the step (the twin's own threads count too). */
  loadAverage: number;
  /** CPU of everything else on the machine over the step (all cores' busy time less the twin's and DynamoDB Local's), in % of one core. */
  otherCpuPercent: number;
  /** How long the step waited, after preparing its cases, for DynamoDB Local to go quiet (seconds). */
  settledSeconds: number;
  holds: boolean;
  errorSamples: string[];
}

/** CPU seconds used so far by the DynamoDB Local java process listening on `port` (Linux /proc), if found. */
function dynamodbCpuSeconds(port: string): (() => number) | undefined {
  if (process.platform !== 'linux') return undefined;
  const pid = readdirSync('/proc').find((entry) => {
    if (!/^\d+$/.test(entry)) return false;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      return args.some((a) => a.includes('java')) && args.includes(port);
    } catch {
      return false;
    }
  });
  if (!pid) return undefined;
  return () => procCpuSeconds(`/proc/${pid}/stat`);
}

/** DynamoDB Local counts as quiet below this share of one core, measured over one second. */
const QUIET_DYNAMODB_PERCENT = 20;
const SETTLE_LIMIT_MS = 90_000;

/**
 * Waits until DynamoDB Local is quiet: the work processes of the cases a step prepared keep it busy
 * for a while after the streams have delivered, and a step measured then measures their work, not
 * its own. Returns the seconds waited.
 */
async function settle(context: BenchContext, region: string, dynamodbCpu: (() => number) | undefined): Promise<number> {
  return dynamodbCpu ? waitUntilQuiet(dynamodbCpu, QUIET_DYNAMODB_PERCENT, SETTLE_LIMIT_MS, context.log, `knee ${region}: DynamoDB Local`) : 0;
}

/** CPU seconds used so far by this process's main thread (Linux /proc), if readable. */
function mainThreadCpuSeconds(): (() => number) | undefined {
  const file = `/proc/self/task/${process.pid}/stat`;
  if (process.platform !== 'linux' || !existsSync(file)) return undefined;
  return () => procCpuSeconds(file);
}

/** Live execution environments of a region's functions. */
function environmentsOf(bench: BenchTwin, region: string): number {
  return [...(bench.twin.regions.get(region)?.functions.values() ?? [])].reduce((sum, host) => sum + host.environmentCount, 0);
}

/** CPU seconds and invocations of each of a region's functions so far. */
function functionUsage(bench: BenchTwin, region: string): Map<string, { cpuSeconds: number; invocations: number }> {
  return new Map([...(bench.twin.regions.get(region)?.functions.entries() ?? [])].map(([name, host]) => [name, host.usage]));
}

/** Opens cases whose police contribution task is open, for the decisions of a step. */
async function casesWithOpenTask(bench: BenchTwin, region: string, municipality: string, count: number): Promise<Array<{ caseId: string; taskId: string }>> {
  const politie = `${region}.politie`;
  const opened: string[] = [];
  for (let i = 0; i < count; i += 5) {
    const batch = await Promise.all(Array.from({ length: Math.min(5, count - i) }, () => bench.call<{ caseId: string }>(politie, 'POST', '/signals', signalBody(municipality))));
    for (const reply of batch) {
      if (reply.status !== 201) throw new Error(`knee: could not open a case: ${reply.status} ${JSON.stringify(reply.body)}`);
      opened.push(reply.body.caseId);
    }
  }
  const ready: Array<{ caseId: string; taskId: string }> = [];
  const deadline = Date.now() + 120_000;
  let waiting = opened;
  while (waiting.length > 0) {
    if (Date.now() > deadline) throw new Error(`knee: ${waiting.length} cases got no police contribution task in 120 s`);
    await bench.twin.idle();
    const still: string[] = [];
    for (const caseId of waiting) {
      const reply = await bench.call<{ tasks?: Array<{ taskId: string; kind: string; topic?: string }> }>(politie, 'GET', `/cases/${caseId}/tasks`);
      const task = reply.body.tasks?.find((t) => t.kind === 'weighing-contribution' && t.topic === 'police');
      if (task) ready.push({ caseId, taskId: task.taskId });
      else still.push(caseId);
    }
    waiting = still;
    if (waiting.length > 0) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return ready;
}

function kneeMix(bench: BenchTwin, region: string, municipality: string, readable: string[], decidable: Array<{ caseId: string; taskId: string }>): LoadMix {
  const politie = `${region}.politie`;
  return {
    kinds: KNEE_MIX,
    request: (kind, i): Promise<Reply> => {
      const caseId = readable[i % readable.length]!;
      switch (kind) {
        case 'POST /signals':
          return bench.call(politie, 'POST', '/signals', signalBody(municipality));
        case 'GET /cases':
          return bench.call(politie, 'GET', '/cases?limit=25');
        case 'POST /cases/{caseId}/decisions': {
          const next = decidable.pop();
          if (!next) return Promise.resolve({ status: 599, body: { error: 'the knee suite prepared too few cases with an open task' } });
          return bench.call(politie, 'POST', `/cases/${next.caseId}/decisions`, { task: next.taskId, outcome: 'contributed', reasoning: 'knee: police contribution recorded' });
        }
        default: {
          const [method, template] = kind.split(' ') as [string, string];
          return bench.call(politie, method, template.replace('{caseId}', caseId));
        }
      }
    },
    answered: (kind, body) => {
      if (kind === 'POST /signals') readable.push((body as { caseId: string }).caseId);
    },
  };
}

async function step(context: BenchContext, bench: BenchTwin, region: string, rate: number, seconds: number, warmupSeconds: number, dynamodbCpu: (() => number) | undefined, mainCpu: (() => number) | undefined): Promise<Step> {
  const municipality = pickMunicipality(region);
  const decisions = Math.ceil(rate * (seconds + warmupSeconds) * DECISIONS_PER_CYCLE) + 2;
  context.log(`knee ${region}: preparing ${decisions} cases with an open police task for ${rate} req/s`);
  const decidable = await casesWithOpenTask(bench, region, municipality, decisions);
  await bench.twin.idle();
  const settledSeconds = await settle(context, region, dynamodbCpu);
  const readable = decidable.map((d) => d.caseId);
  const cpuBefore = process.cpuUsage();
  const machineBefore = machineBusySeconds();
  const dynamodbBefore = dynamodbCpu?.();
  const mainBefore = mainCpu?.();
  const environmentsBefore = environmentsOf(bench, region);
  const usageBefore = functionUsage(bench, region);
  const stalls = monitorEventLoopDelay({ resolution: 10 });
  stalls.enable();
  const started = performance.now();
  const figures: LoadFigures = await runLoad({
    send: (profile, method, pathAndQuery, body) => bench.call(profile, method, pathAndQuery, body),
    region,
    municipality,
    rate,
    durationSeconds: seconds,
    signal: signalBody,
    warmupSeconds,
    log: context.log,
    mix: kneeMix(bench, region, municipality, readable, decidable),
  });
  const elapsed = (performance.now() - started) / 1000;
  stalls.disable();
  const cpu = process.cpuUsage(cpuBefore);
  const machineSeconds = machineBusySeconds() - machineBefore;
  const dynamodbSeconds = dynamodbCpu && dynamodbBefore !== undefined ? dynamodbCpu() - dynamodbBefore : 0;
  const errors = figures.errors + figures.warmupErrors;
  const perFunction = [...functionUsage(bench, region)].map(([name, after]) => {
    const before = usageBefore.get(name) ?? { cpuSeconds: 0, invocations: 0 };
    const cpuSeconds = after.cpuSeconds - before.cpuSeconds;
    const invocations = after.invocations - before.invocations;
    return { name, cpuSeconds, invocations };
  });
  const functionsCpuSeconds = perFunction.reduce((sum, f) => sum + f.cpuSeconds, 0);
  const topFunctions = perFunction
    .filter((f) => f.cpuSeconds > 0)
    .sort((a, b) => b.cpuSeconds - a.cpuSeconds)
    .slice(0, 6)
    .map((f) => ({ name: f.name, cpuPercent: round((f.cpuSeconds / elapsed) * 100, 0), invocations: f.invocations, cpuMsPerInvocation: f.invocations > 0 ? round((f.cpuSeconds * 1000) / f.invocations, 1) : 0 }));
  return {
    rate,
    throughput: figures.throughput,
    p50: figures.latency.p50,
    p99: figures.latency.p99,
    errors,
    twinCpuPercent: round(((cpu.user + cpu.system) / 1e6 / elapsed) * 100, 0),
    ...(dynamodbCpu && dynamodbBefore !== undefined ? { dynamodbCpuPercent: round(((dynamodbCpu() - dynamodbBefore) / elapsed) * 100, 0) } : {}),
    ...(mainCpu && mainBefore !== undefined ? { mainThreadCpuPercent: round(((mainCpu() - mainBefore) / elapsed) * 100, 0) } : {}),
    ...(process.platform === 'linux' ? { functionsCpuPercent: round((functionsCpuSeconds / elapsed) * 100, 0) } : {}),
    topFunctions,
    newEnvironments: environmentsOf(bench, region) - environmentsBefore,
    mainThreadStallP99Ms: round(stalls.percentile(99) / 1e6, 0),
    mainThreadStallMaxMs: round(stalls.max / 1e6, 0),
    loadAverage: round(loadavg()[0]!, 1),
    otherCpuPercent: Math.max(0, round(((machineSeconds - (cpu.user + cpu.system) / 1e6 - dynamodbSeconds) / elapsed) * 100, 0)),
    settledSeconds,
    holds: errors === 0 && figures.latency.p99 <= KNEE_P99_MS,
    errorSamples: figures.errorSamples,
  };
}

/**
 * Which part of the twin used the most CPU in a step: DynamoDB Local, the function workers (every
 * function's execution environments, cold starts included), or the twin's main thread (gateway, Step
 * Functions, streams, the load generator); the rest of the twin process is V8's and libuv's helper threads.
 */
function busiestPart(step: Step): string {
  const dynamodb = step.dynamodbCpuPercent ?? 0;
  if (step.functionsCpuPercent === undefined || step.mainThreadCpuPercent === undefined) {
    return step.twinCpuPercent > dynamodb ? `the twin process (${step.twinCpuPercent}% against DynamoDB Local's ${dynamodb}%)` : `DynamoDB Local (${dynamodb}% against the twin process's ${step.twinCpuPercent}%)`;
  }
  const parts: Array<[string, number]> = [
    ['DynamoDB Local', dynamodb],
    ['the function workers', step.functionsCpuPercent],
    ["the twin's main thread", step.mainThreadCpuPercent],
    ["the twin's helper threads", step.twinCpuPercent - step.functionsCpuPercent - step.mainThreadCpuPercent],
  ];
  parts.sort((a, b) => b[1] - a[1]);
  const [first, ...rest] = parts;
  return `${first![0]} at ${first![1]}% of a core (then ${rest.map(([name, cpu]) => `${name} ${cpu}%`).join(', ')}); ${step.newEnvironments} new execution environments over the step`;
}

export async function run(context: BenchContext): Promise<Record<string, unknown>> {
  const quick = context.options.quick;
  const seconds = Number(process.env.KNEE_SECONDS ?? (quick ? 5 : 15));
  const warmupSeconds = quick ? 2 : 5;
  const rates = (process.env.KNEE_RATES ?? (quick ? '10,20' : '10,20,30,40,50,60,80,100')).split(',').map(Number);
  const regions = process.env.KNEE_REGIONS?.split(',') ?? [...REGION_IDS];
  const mainCpu = mainThreadCpuSeconds();
  const knees: Record<string, { knee: number; steps: Step[] }> = {};
  for (const region of regions) {
    // Each region on a twin of its own: DynamoDB Local's GetRecords costs more with every stream record
    // in its database, of any table (docs/performance.md), so a region measured after another paid for
    // the other's records on every poll of its stream and bent at 10 req/s with DynamoDB Local at 98%.
    const bench = await context.freshTwin();
    const dynamodbCpu = dynamodbCpuSeconds(new URL(bench.twin.endpoints.dynamodb).port);
    const steps: Step[] = [];
    for (const rate of rates) {
      const result = await step(context, bench, region, rate, seconds, warmupSeconds, dynamodbCpu, mainCpu);
      steps.push(result);
      if (!result.holds) break;
    }
    const knee = Math.max(0, ...steps.filter((s) => s.holds).map((s) => s.rate));
    knees[region] = { knee, steps };
    context.table(
      `Knee in ${region}: ${KNEE_MIX.length}-request cycle of ${KNEE_MIX.join(', ')}; ${seconds} s per step after ${warmupSeconds} s warm-up; holds while p99 <= ${KNEE_P99_MS} ms and no errors`,
      ['req/s', 'answered/s', 'p50 ms', 'p99 ms', 'errors', `twin process CPU % (of ${cpus().length * 100})`, 'of it main thread %', 'of it functions %', 'main thread stall p99/max ms', 'new envs', 'DynamoDB Local CPU %', 'other CPU %', 'load avg', 'waited for quiet s', 'holds'],
      steps.map((s) => [s.rate, s.throughput, s.p50, s.p99, s.errors, s.twinCpuPercent, s.mainThreadCpuPercent ?? 'n/a', s.functionsCpuPercent ?? 'n/a', `${s.mainThreadStallP99Ms}/${s.mainThreadStallMaxMs}`, s.newEnvironments, s.dynamodbCpuPercent ?? 'n/a', s.otherCpuPercent, s.loadAverage, s.settledSeconds, s.holds ? 'yes' : 'NO']),
      [
        ...steps.map((s) => `  ${s.rate} req/s, functions by CPU: ${s.topFunctions.map((f) => `${f.name.split('/').pop()} ${f.cpuPercent}% (${f.invocations} calls, ${f.cpuMsPerInvocation} ms each)`).join(', ')}`),
        ...steps.filter((s) => !s.holds).flatMap((s) => s.errorSamples.map((e) => `  ${s.rate} req/s: ${e}`)),
      ].join('\n') || undefined,
    );
  }
  const lines = Object.entries(knees).map(([region, { knee, steps }]) => {
    const bent = steps.find((s) => !s.holds);
    const at = bent ?? steps[steps.length - 1];
    // Other work, not the load average: the twin's worker threads count in the load average themselves.
    const busy = at !== undefined && at.otherCpuPercent > 50;
    const bottleneck =
      at === undefined || at.dynamodbCpuPercent === undefined
        ? 'unknown (no CPU figures)'
        : busy
          ? `neither: other work on the machine took ${at.otherCpuPercent}% of a core (of ${cpus().length * 100}%), so this knee is the machine's, not the twin's`
          : busiestPart(at);
    return `- ${region}: knee ${knee} req/s${bent ? `; bends at ${bent.rate} req/s (p99 ${bent.p99} ms, ${bent.errors} errors)` : ' (held at every rate tried)'}; busiest there: ${bottleneck}.`;
  });
  context.print(`\nKnee per region\n${lines.join('\n')}`);
  return { mix: KNEE_MIX, p99LimitMs: KNEE_P99_MS, secondsPerStep: seconds, regions: knees };
}

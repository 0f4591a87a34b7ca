// A bounded, open-loop load run on loopback: requests start at a fixed rate whatever the answers
// do (a slow answer never delays the next request, so queueing shows up in the latency instead of
// hiding in a lower rate). A fixed mix of partner work: register a signal, read a case, list the
// cases, read a history. Used by `npm run bench -- load` and by test/reliability/load.test.ts.
import { distribution, round, type Distribution } from './stats';

/** One signed request as `profile`; resolves with the status and the parsed body. */
export type SendRequest = (profile: string, method: string, pathAndQuery: string, body?: unknown) => Promise<{ status: number; body: unknown }>;

export interface LoadOptions {
  send: SendRequest;
  region: string;
  /** A municipality of the region: every signal is about a person there. */
  municipality: string;
  /** Requests started per second. */
  rate: number;
  durationSeconds: number;
  /** A fresh, valid signal body per call (unique BSN). */
  signal: (municipality: string) => unknown;
  /** Untimed run at the same rate first (default 10 s): cold starts of new environments are not load. */
  warmupSeconds?: number;
  log?: (line: string) => void;
  /** Another mix than the default (the knee suite's reads, writes and decisions). */
  mix?: LoadMix;
}

export type Reply = { status: number; body: unknown };

/** What a run sends: kinds cycled in order (repeat a kind for its share), and how to send each. */
export interface LoadMix {
  kinds: readonly string[];
  request(kind: string, i: number): Promise<Reply>;
  /** Told of every 2xx answer (e.g. to read the new cases too). */
  answered?(kind: string, body: unknown): void;
}

export const MIX = ['POST /signals', 'GET /cases/{caseId}', 'GET /cases', 'GET /cases/{caseId}/history'] as const;
export type RequestKind = string;

export interface LoadFigures {
  region: string;
  /** Requests started per second (target) and the run length. */
  rate: number;
  durationSeconds: number;
  sent: number;
  completed: number;
  /** Answers other than 2xx, and requests that got no answer at all. */
  errors: number;
  errorRate: number;
  /** Answers per second over the run (from the first start to the last answer). */
  throughput: number;
  /** Milliseconds from the moment a request was due to its answer (signing included). */
  latency: Distribution;
  /** The mix's kinds, in the order they cycle. */
  kinds: readonly string[];
  byKind: Record<RequestKind, Distribution & { errors: number }>;
  statuses: Record<string, number>;
  /** How late the client started requests at worst (its own event loop): should be a few ms. */
  maxStartLagMs: number;
  /** Errors during the warm-up (also a failure: every request must succeed). */
  warmupErrors: number;
  warmupSeconds: number;
  /** A few of the errors, for the report. */
  errorSamples: string[];
  /** Latency per 10 s of the run (by start time): shows whether queues built up or drained. */
  windows: Array<{ fromSecond: number; answered: number; p50: number; p99: number }>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runLoad(options: LoadOptions): Promise<LoadFigures> {
  const { send, region, municipality, rate, durationSeconds } = options;
  const politie = `${region}.politie`;
  const log = options.log ?? (() => undefined);

  // A few cases to read from the start.
  const caseIds: string[] = [];
  for (let i = 0; i < 5; i++) {
    const created = await send(politie, 'POST', '/signals', options.signal(municipality));
    if (created.status !== 201) throw new Error(`load: could not open a case: ${created.status} ${JSON.stringify(created.body)}`);
    caseIds.push((created.body as { caseId: string }).caseId);
  }

  const defaultMix: LoadMix = { kinds: MIX, request: requestOf, answered: (kind, body) => kind === 'POST /signals' && caseIds.push((body as { caseId: string }).caseId) };
  const mix = options.mix ?? defaultMix;
  const kinds = [...new Set(mix.kinds)];

  function requestOf(kind: RequestKind, i: number): Promise<Reply> {
    const caseId = caseIds[i % caseIds.length]!;
    switch (kind) {
      case 'POST /signals':
        return send(politie, 'POST', '/signals', options.signal(municipality));
      case 'GET /cases/{caseId}':
        return send(politie, 'GET', `/cases/${caseId}`);
      case 'GET /cases':
        return send(politie, 'GET', '/cases?limit=25');
      case 'GET /cases/{caseId}/history':
        return send(politie, 'GET', `/cases/${caseId}/history`);
      default:
        throw new Error(`load: no request for ${kind}`);
    }
  }

  const interval = 1000 / rate;
  const total = Math.round(rate * durationSeconds);
  const samples: number[] = [];
  const byWindow = new Map<number, number[]>();
  const byKind = Object.fromEntries(kinds.map((k) => [k, { samples: [] as number[], errors: 0 }])) as Record<RequestKind, { samples: number[]; errors: number }>;
  const statuses: Record<string, number> = {};
  const errorSamples: string[] = [];
  let errors = 0;
  let warmupErrors = 0;
  let completed = 0;
  let maxStartLagMs = 0;
  let lastAnswer = 0;

  /** Starts `count` requests at the rate; `measured` false is the warm-up (errors counted, times not). */
  async function openLoop(count: number, measured: boolean): Promise<number> {
    const inFlight: Array<Promise<void>> = [];
    const begin = performance.now();
    const failed = (kind: RequestKind, what: string) => {
      if (!measured) {
        warmupErrors += 1;
      } else {
        errors += 1;
        byKind[kind]!.errors += 1;
      }
      if (errorSamples.length < 5) errorSamples.push(`${measured ? '' : 'warm-up '}${kind}: ${what}`);
    };
    for (let i = 0; i < count; i++) {
      const due = begin + i * interval;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      if (measured) maxStartLagMs = Math.max(maxStartLagMs, performance.now() - due);
      const kind = mix.kinds[i % mix.kinds.length]!;
      inFlight.push(
        mix.request(kind, i).then(
          (reply) => {
            if (reply.status >= 200 && reply.status < 300) {
              mix.answered?.(kind, reply.body);
            } else {
              failed(kind, `${reply.status} ${JSON.stringify(reply.body).slice(0, 200)}`);
            }
            if (!measured) return;
            const ms = performance.now() - due;
            lastAnswer = performance.now();
            completed += 1;
            samples.push(ms);
            byKind[kind]!.samples.push(ms);
            const window = Math.floor((due - begin) / 10_000) * 10;
            byWindow.set(window, [...(byWindow.get(window) ?? []), ms]);
            statuses[reply.status] = (statuses[reply.status] ?? 0) + 1;
          },
          (error: unknown) => {
            if (measured) statuses.network = (statuses.network ?? 0) + 1;
            failed(kind, error instanceof Error ? error.message : String(error));
          },
        ),
      );
      if (measured && i > 0 && i % Math.round(rate * 10) === 0) log(`load: ${Math.round((performance.now() - begin) / 1000)} s, ${completed} answered, ${errors} errors`);
    }
    await Promise.all(inFlight);
    return begin;
  }

  // Warm-up at the same rate, not timed: Lambda starts more execution environments (cold starts)
  // and the work process's functions their first ones; that is not what load measures.
  const warmupSeconds = options.warmupSeconds ?? 10;
  log(`load: warming up at ${rate} requests/s for ${warmupSeconds} s`);
  await openLoop(Math.round(rate * warmupSeconds), false);
  log(`load: ${rate} requests/s for ${durationSeconds} s (${total} requests), mix ${mix.kinds.join(', ')}`);
  const start = await openLoop(total, true);
  const elapsedSeconds = (lastAnswer - start) / 1000;
  const r = (d: Distribution): Distribution => ({ count: d.count, min: round(d.min), p50: round(d.p50), p90: round(d.p90), p99: round(d.p99), max: round(d.max) });
  return {
    region,
    rate,
    durationSeconds,
    sent: total,
    completed,
    errors,
    errorRate: round(errors / total, 4),
    throughput: round(completed / elapsedSeconds, 2),
    latency: r(distribution(samples)),
    kinds,
    byKind: Object.fromEntries(kinds.map((k) => [k, { ...r(distribution(byKind[k]!.samples)), errors: byKind[k]!.errors }])) as LoadFigures['byKind'],
    statuses,
    maxStartLagMs: round(maxStartLagMs, 1),
    warmupErrors,
    warmupSeconds,
    errorSamples,
    windows: [...byWindow.entries()].sort(([a], [b]) => a - b).map(([fromSecond, ms]) => ({ fromSecond, answered: ms.length, p50: round(distribution(ms).p50), p99: round(distribution(ms).p99) })),
  };
}

/** The figures as lines for the console. */
export function formatLoad(figures: LoadFigures): string {
  const lines = [
    `load on ${figures.region}: ${figures.rate} req/s for ${figures.durationSeconds} s after ${figures.warmupSeconds} s of warm-up (${figures.warmupErrors} errors), open loop, mix ${figures.kinds.join(' / ')}`,
    `  sent ${figures.sent}, answered ${figures.completed}, throughput ${figures.throughput} req/s, errors ${figures.errors} (${round(figures.errorRate * 100, 2)} %)`,
    `  latency ms: p50 ${figures.latency.p50}, p90 ${figures.latency.p90}, p99 ${figures.latency.p99}, max ${figures.latency.max}  (client start lag max ${figures.maxStartLagMs} ms)`,
    ...figures.kinds.map((k) => `  ${k.padEnd(28)} p50 ${String(figures.byKind[k]!.p50).padStart(7)}  p99 ${String(figures.byKind[k]!.p99).padStart(7)}  errors ${figures.byKind[k]!.errors}`),
    `  statuses: ${Object.entries(figures.statuses).map(([s, n]) => `${s}:${n}`).join(' ')}`,
    `  per 10 s (p50/p99 ms): ${figures.windows.map((w) => `${w.fromSecond}s ${w.p50}/${w.p99}`).join(', ')}`,
    ...figures.errorSamples.map((e) => `  error: ${e}`),
  ];
  return lines.join('\n');
}

// The load suite: a bounded open-loop run of mixed partner work (register a signal, read a case,
// list cases, read a history) at a fixed rate through the twin, signed, on loopback. Reports
// throughput, p50/p99 latency and the error rate; the budget is zero errors (warm-up included).
import type { BenchContext } from './support/context';
import { signalBody } from './support/events';
import { formatLoad, runLoad } from './support/load-run';

export const description = 'open-loop load at a fixed rate (mixed reads and writes through the twin): throughput, p50/p99, error rate';

const REGION = 'kennemerland';

export async function run(context: BenchContext): Promise<Record<string, unknown>> {
  const bench = await context.twin();
  const rate = Number(process.env.LOAD_RATE ?? 20);
  const durationSeconds = Number(process.env.LOAD_SECONDS ?? (context.options.quick ? 10 : 60));
  const figures = await runLoad({
    send: (profile, method, pathAndQuery, body) => bench.call(profile, method, pathAndQuery, body),
    region: REGION,
    municipality: 'haarlem',
    rate,
    durationSeconds,
    signal: signalBody,
    warmupSeconds: context.options.quick ? 3 : 10,
    log: context.log,
  });
  context.print(`\n${formatLoad(figures)}`);
  context.budget({
    name: 'load: errors (warm-up included)',
    figure: figures.errors + figures.warmupErrors,
    limit: 0,
    unit: '',
    detail: `error rate ${Math.round(figures.errorRate * 10_000) / 100} % of ${figures.sent}; ${figures.throughput} req/s, p50 ${figures.latency.p50} ms, p99 ${figures.latency.p99} ms`,
  });
  return { ...figures };
}

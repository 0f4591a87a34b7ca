// Figure 4: what the twin gateway spends on authorization per request: SigV4 verification plus
// the IAM decision (evaluated once per role and route, then cached). The gateway measures it
// (gateway.timing.authorizationMicros, and per request in onRequest); the first request of every
// role and route pays the uncached evaluation and is reported apart.
import type { BenchContext } from '../support/context';
import { distribution, round, type Distribution } from '../support/stats';
import type { BenchTwin } from '../support/twin';

export interface AuthorizationFigures {
  /** Requests after the first of their role and route. */
  cachedMicros: Distribution;
  /** The first request of each role and route (uncached IAM evaluation). */
  firstMicros: Distribution;
  perRoute: Array<{ route: string; micros: Distribution }>;
  /** Samples the gateways hold in gateway.timing.authorizationMicros (all requests, cross-check). */
  gatewaySamples: number;
}

const roundedMicros = (d: Distribution): Distribution => ({ count: d.count, min: round(d.min, 0), p50: round(d.p50, 0), p90: round(d.p90, 0), p99: round(d.p99, 0), max: round(d.max, 0) });

export function authorizationCost(context: BenchContext, bench: BenchTwin): AuthorizationFigures {
  const seen = new Set<string>();
  const first: number[] = [];
  const cached: number[] = [];
  const perRoute = new Map<string, number[]>();
  for (const line of bench.requests) {
    if (line.authorizationMicros === undefined) continue;
    const route = `${line.method} ${line.resourcePath}`;
    const key = `${line.regionId} ${line.caller ?? '-'} ${route}`;
    if (!seen.has(key)) {
      seen.add(key);
      first.push(line.authorizationMicros);
      continue;
    }
    cached.push(line.authorizationMicros);
    perRoute.set(route, [...(perRoute.get(route) ?? []), line.authorizationMicros]);
  }
  const gatewaySamples = [...bench.twin.regions.values()].reduce((n, region) => n + region.gateway.timing.authorizationMicros.length, 0);
  const figures: AuthorizationFigures = {
    cachedMicros: roundedMicros(distribution(cached)),
    firstMicros: roundedMicros(distribution(first)),
    perRoute: [...perRoute].map(([route, micros]) => ({ route, micros: roundedMicros(distribution(micros)) })),
    gatewaySamples,
  };
  context.table(
    'Gateway authorization cost (SigV4 verification + cached IAM evaluation, µs per request)',
    ['requests', 'count', 'p50 µs', 'p90 µs', 'p99 µs', 'max µs'],
    [
      ['all, after the first per role+route', figures.cachedMicros.count, figures.cachedMicros.p50, figures.cachedMicros.p90, figures.cachedMicros.p99, figures.cachedMicros.max],
      ...figures.perRoute.map((r) => [`  ${r.route}`, r.micros.count, r.micros.p50, r.micros.p90, r.micros.p99, r.micros.max]),
      ['first per role+route (uncached IAM)', figures.firstMicros.count, figures.firstMicros.p50, figures.firstMicros.p90, figures.firstMicros.p99, figures.firstMicros.max],
    ],
    `No budget; reported for tracking. ${gatewaySamples} samples in gateway.timing.authorizationMicros, ${cached.length + first.length} seen via onRequest.`,
  );
  return figures;
}

// Business metrics (Powertools Metrics, CloudWatch EMF on stdout) for the functions that count one
// (imported as `@cter/http/metrics`): `countMetric` notes a count, and the middleware this module adds
// to `observability()` flushes the invocation's counts when the handler returns or throws. Powertools
// Metrics is loaded and built on the first flush with something to publish, as the DynamoDB client is
// on first use: a function's module load carries neither (about 0.06x of the bare handler's), and an
// invocation that counted nothing writes nothing. Names, namespace and dimensions are the contract in
// @cter/config that the region stack's alarms and dashboard read.
import type { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE, METRICS_SERVICE, type BusinessMetric, ENV } from '@cter/config';
import { logger } from './logger';
import { observeWith } from './observability';

interface Emitter {
  metrics: Metrics;
  count: (typeof MetricUnit)['Count'];
}

let emitter: Promise<Emitter> | undefined;

function metricsEmitter(): Promise<Emitter> {
  emitter ??= import('@aws-lambda-powertools/metrics').then(({ Metrics, MetricUnit }) => ({
    metrics: new Metrics({
      namespace: METRICS_NAMESPACE,
      // `service` and `region` are the only dimensions (serviceName becomes `service`). Every function
      // has REGION_ID; only processes outside Lambda (tests, tools) that import this module lack it.
      serviceName: METRICS_SERVICE,
      defaultDimensions: { region: process.env[ENV.regionId] ?? 'unknown' },
      // Metrics' own warnings go through the function's logger (and so its redaction).
      logger: {
        debug: (...args: unknown[]) => logger.debug(String(args[0])),
        info: (...args: unknown[]) => logger.info(String(args[0])),
        warn: (...args: unknown[]) => logger.warn(String(args[0])),
        error: (...args: unknown[]) => logger.error(String(args[0])),
      },
    }),
    count: MetricUnit.Count,
  }));
  return emitter;
}

/** This invocation's counts, not yet published. */
const counted: Array<[BusinessMetric, number]> = [];

/** Counts one business event (or `count` of them) in this invocation. */
export function countMetric(name: BusinessMetric, count = 1): void {
  counted.push([name, count]);
}

/** Publishes the invocation's counts as one EMF line; nothing when it counted nothing. */
async function flushMetrics(): Promise<void> {
  if (counted.length === 0) return;
  const counts = counted.splice(0);
  const { metrics, count: unit } = await metricsEmitter();
  for (const [name, count] of counts) metrics.addMetric(name, unit, count);
  metrics.publishStoredMetrics();
}

// After the handler, also when it throws.
observeWith({ after: flushMetrics, onError: flushMetrics });

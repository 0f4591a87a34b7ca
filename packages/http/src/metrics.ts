// Business metrics (Powertools Metrics, CloudWatch EMF on stdout): one instance per function that
// counts one (imported as `@cter/http/metrics`), flushed at the end of every invocation by the
// middleware it adds to `observability()`. The other functions do not load Powertools Metrics.
// Names, namespace and dimensions are the contract in @cter/config that the region stack's alarms
// and dashboard read.
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { METRICS_NAMESPACE, METRICS_SERVICE, type BusinessMetric, ENV } from '@cter/config';
import { logger } from './logger';
import { observeWith } from './observability';

export const metrics = new Metrics({
  namespace: METRICS_NAMESPACE,
  // `service` and `region` are the only dimensions (serviceName becomes `service`). Every function
  // has REGION_ID; only processes outside Lambda (tests, tools) that import this module lack it.
  serviceName: METRICS_SERVICE,
  defaultDimensions: { region: process.env[ENV.regionId] ?? 'unknown' },
  // Metrics' own warnings go through the function's logger. Most invocations count nothing, which
  // is normal here: that warning is demoted to debug instead of a WARN line on every request.
  logger: {
    debug: (...args: unknown[]) => logger.debug(String(args[0])),
    info: (...args: unknown[]) => logger.info(String(args[0])),
    warn: (...args: unknown[]) => (String(args[0]).startsWith('No application metrics') ? logger.debug(String(args[0])) : logger.warn(String(args[0]))),
    error: (...args: unknown[]) => logger.error(String(args[0])),
  },
});

// Flushed after the handler, also when it throws; an invocation that counted nothing writes nothing.
observeWith(logMetrics(metrics, { throwOnEmptyMetrics: false, captureColdStartMetric: false }));

/** Counts one business event (or `count` of them) in this invocation. */
export function countMetric(name: BusinessMetric, count = 1): void {
  metrics.addMetric(name, MetricUnit.Count, count);
}

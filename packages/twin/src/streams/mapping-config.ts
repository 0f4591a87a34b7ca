// Reads the CloudFormation Properties of an `AWS::Lambda::EventSourceMapping` on a DynamoDB stream
// into the settings the twin's poller applies, failing loudly on anything it would otherwise ignore.
import { compileFilterCriteria, type RecordPredicate } from './event-filter';

export interface MappingConfig {
  batchSize: number;
  batchingWindowMs: number;
  filter: RecordPredicate;
  /** Retries after the first attempt; AWS's -1 (until the records expire) is capped by the poller. */
  maximumRetryAttempts: number;
  bisectOnError: boolean;
  reportBatchItemFailures: boolean;
}

/** DynamoDB streams: Lambda's default batch size and maximum. */
const DEFAULT_BATCH_SIZE = 100;
const MAX_BATCH_SIZE = 10_000;
const MAX_BATCHING_WINDOW_SECONDS = 300;

/**
 * Properties the poller acts on, or that the twin resolved already (EventSourceArn, FunctionName, and
 * DestinationConfig, which twin.ts reads from the resolved template). Any other property makes the
 * mapping fail: the twin would run it differently from AWS.
 */
const SUPPORTED = [
  'EventSourceArn',
  'FunctionName',
  'StartingPosition',
  'BatchSize',
  'MaximumBatchingWindowInSeconds',
  'FilterCriteria',
  'MaximumRetryAttempts',
  'BisectBatchOnFunctionError',
  'FunctionResponseTypes',
  'DestinationConfig',
];

export function readMappingConfig(properties: Record<string, unknown>, where: string): MappingConfig {
  const fail = (problem: string): never => {
    throw new Error(`${where}: ${problem}`);
  };
  for (const key of Object.keys(properties)) {
    if (!SUPPORTED.includes(key)) fail(`property ${key} is not supported by the twin; add it to packages/twin/src/streams/mapping-config.ts`);
  }

  const integer = (key: string, fallback: number, min: number, max: number): number => {
    const raw = properties[key];
    if (raw === undefined) return fallback;
    // CloudFormation accepts numeric strings for integers.
    const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) fail(`${key} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
    return n as number;
  };

  // LATEST would need the shards' tips at start; the stacks read their streams from the start.
  if (properties.StartingPosition !== 'TRIM_HORIZON') {
    fail(`StartingPosition must be TRIM_HORIZON, got ${JSON.stringify(properties.StartingPosition)}`);
  }
  const responseTypes = properties.FunctionResponseTypes ?? [];
  if (!Array.isArray(responseTypes) || responseTypes.some((t) => t !== 'ReportBatchItemFailures')) {
    fail(`FunctionResponseTypes may only hold ReportBatchItemFailures, got ${JSON.stringify(responseTypes)}`);
  }

  return {
    batchSize: integer('BatchSize', DEFAULT_BATCH_SIZE, 1, MAX_BATCH_SIZE),
    batchingWindowMs: integer('MaximumBatchingWindowInSeconds', 0, 0, MAX_BATCHING_WINDOW_SECONDS) * 1000,
    filter: compileFilterCriteria(properties.FilterCriteria, where),
    maximumRetryAttempts: integer('MaximumRetryAttempts', -1, -1, 10_000),
    // CloudFormation accepts "true"/"false" strings for booleans.
    bisectOnError: properties.BisectBatchOnFunctionError === true || properties.BisectBatchOnFunctionError === 'true',
    reportBatchItemFailures: (responseTypes as unknown[]).includes('ReportBatchItemFailures'),
  };
}

// Reads the CloudFormation Properties of an `AWS::Lambda::EventSourceMapping` on a DynamoDB stream
// into the settings the twin's poller applies, failing loudly on anything it would otherwise ignore.
import { compileFilterCriteria, suspiciousPatterns, type RecordPredicate } from './event-filter';

export interface MappingConfig {
  startingPosition: 'TRIM_HORIZON' | 'LATEST';
  batchSize: number;
  batchingWindowMs: number;
  filter: RecordPredicate;
  /** Retries after the first attempt; `Infinity` stands for AWS's -1 and is capped by the poller. */
  maximumRetryAttempts: number;
  /** -1: no limit. */
  maximumRecordAgeSeconds: number;
  bisectOnError: boolean;
  reportBatchItemFailures: boolean;
  enabled: boolean;
  /** Notes for the log: settings the twin reads but does not act on, and patterns that never match. */
  notes: string[];
}

/** DynamoDB streams: Lambda's default batch size and maximum. */
const DEFAULT_BATCH_SIZE = 100;
const MAX_BATCH_SIZE = 10_000;
const MAX_BATCHING_WINDOW_SECONDS = 300;

/** Properties the poller acts on, or that CloudFormation needs but the twin resolved already. */
const USED = [
  'EventSourceArn',
  'FunctionName',
  'StartingPosition',
  'BatchSize',
  'MaximumBatchingWindowInSeconds',
  'FilterCriteria',
  'MaximumRetryAttempts',
  'MaximumRecordAgeInSeconds',
  'BisectBatchOnFunctionError',
  'FunctionResponseTypes',
  'Enabled',
  'ParallelizationFactor',
  // The twin reads the on-failure destination from the resolved template (twin.ts: streamMappingsOf's caller).
  'DestinationConfig',
] as const;

/** Read but not acted on, with why; they go to the log once at start. */
const NOTED: Readonly<Record<string, string>> = {
  KmsKeyArn: 'filter criteria encryption is a deployment concern',
  MetricsConfig: 'event source mapping metrics go to CloudWatch, which the twin does not have',
  Tags: 'tags do not change behaviour',
  StartingPositionTimestamp: 'AT_TIMESTAMP is for Kinesis; DynamoDB streams take TRIM_HORIZON or LATEST',
};

export function readMappingConfig(properties: Record<string, unknown>, where: string): MappingConfig {
  const fail = (problem: string): never => {
    throw new Error(`${where}: ${problem}`);
  };
  const notes: string[] = [];
  for (const key of Object.keys(properties)) {
    if ((USED as readonly string[]).includes(key)) continue;
    if (key in NOTED) {
      notes.push(`${key} is not emulated: ${NOTED[key]}`);
      continue;
    }
    if (key === 'TumblingWindowInSeconds') {
      // Tumbling windows change the event (window, state, isFinalInvokeForWindow): running without
      // them would hand the function a different shape than AWS does.
      fail('TumblingWindowInSeconds is not supported by the twin');
    }
    fail(`property ${key} is not known to the twin; map it in packages/twin/src/streams/mapping-config.ts or list it as noted`);
  }

  const integer = (key: string, fallback: number, min: number, max: number): number => {
    const raw = properties[key];
    if (raw === undefined) return fallback;
    // CloudFormation accepts numeric strings for integers.
    const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) fail(`${key} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
    return n as number;
  };
  const boolean = (key: string, fallback: boolean): boolean => {
    const raw = properties[key];
    if (raw === undefined) return fallback;
    if (raw === true || raw === 'true') return true;
    if (raw === false || raw === 'false') return false;
    return fail(`${key} must be a boolean, got ${JSON.stringify(raw)}`);
  };

  const startingPosition = properties.StartingPosition;
  if (startingPosition !== 'TRIM_HORIZON' && startingPosition !== 'LATEST') {
    fail(`StartingPosition must be TRIM_HORIZON or LATEST for a DynamoDB stream, got ${JSON.stringify(startingPosition)}`);
  }

  const responseTypes = properties.FunctionResponseTypes ?? [];
  if (!Array.isArray(responseTypes) || responseTypes.some((t) => t !== 'ReportBatchItemFailures')) {
    fail(`FunctionResponseTypes may only hold ReportBatchItemFailures, got ${JSON.stringify(responseTypes)}`);
  }

  const retries = integer('MaximumRetryAttempts', -1, -1, 10_000);
  const recordAge = integer('MaximumRecordAgeInSeconds', -1, -1, 604_800);
  if (recordAge !== -1 && recordAge < 60) fail(`MaximumRecordAgeInSeconds must be -1 or at least 60, got ${recordAge}`);

  const parallelization = integer('ParallelizationFactor', 1, 1, 10);
  if (parallelization > 1) {
    notes.push(`ParallelizationFactor ${parallelization} runs as 1: one batch per shard at a time (order per key is the same, only throughput differs)`);
  }

  for (const finding of suspiciousPatterns(properties.FilterCriteria)) notes.push(`FilterCriteria ${finding}`);

  return {
    startingPosition: startingPosition as 'TRIM_HORIZON' | 'LATEST',
    batchSize: integer('BatchSize', DEFAULT_BATCH_SIZE, 1, MAX_BATCH_SIZE),
    batchingWindowMs: integer('MaximumBatchingWindowInSeconds', 0, 0, MAX_BATCHING_WINDOW_SECONDS) * 1000,
    filter: compileFilterCriteria(properties.FilterCriteria, where),
    maximumRetryAttempts: retries === -1 ? Number.POSITIVE_INFINITY : retries,
    maximumRecordAgeSeconds: recordAge,
    bisectOnError: boolean('BisectBatchOnFunctionError', false),
    reportBatchItemFailures: (responseTypes as unknown[]).includes('ReportBatchItemFailures'),
    enabled: boolean('Enabled', true),
    notes,
  };
}

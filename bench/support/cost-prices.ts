// Unit prices of the cost suite: AWS list prices for eu-west-1 (Ireland), Lambda on arm64, no free
// tier. They are list prices as we know them: check them against the AWS pricing pages. A JSON file
// named by COST_PRICES_FILE overrides any of them ({ "lambdaGbSecond": 0.0000133334, ... }).
import { readFileSync } from 'node:fs';

export const LIST_PRICES_EU_WEST_1 = {
  /** Step Functions Standard, per state transition ($0.025 per 1,000). */
  stateTransition: 0.025 / 1000,
  /** Lambda requests, per invocation ($0.20 per million). */
  lambdaRequest: 0.2 / 1e6,
  /** Lambda arm64 duration, per GB-second (init included: Lambda bills the INIT phase since August 2025). */
  lambdaGbSecond: 0.0000133334,
  /** API Gateway REST API, per request ($3.50 per million, first 333 million a month). */
  apiRequest: 3.5 / 1e6,
  /** DynamoDB on-demand, per write request unit. */
  dynamodbWriteUnit: 0.7063 / 1e6,
  /** DynamoDB on-demand, per read request unit. */
  dynamodbReadUnit: 0.1413 / 1e6,
  /** EventBridge custom events put, per event (64 KB chunks; $1.00 per million). */
  eventBridgeEvent: 1 / 1e6,
  /** EventBridge Scheduler, per scheduled invocation ($1.00 per million after 14 million free a month). */
  schedulerInvocation: 1 / 1e6,
  /** CloudWatch Logs ingestion (standard class), per GB. */
  logIngestionGb: 0.57,
  /** KMS requests (GenerateMac, ...), per request ($0.03 per 10,000). */
  kmsRequest: 0.03 / 10_000,
  /** KMS customer managed key, per key-month. */
  kmsKeyMonth: 1,
  /** CloudWatch standard-resolution metric alarm, per alarm-month. */
  alarmMonth: 0.1,
} as const;

export type Prices = { [K in keyof typeof LIST_PRICES_EU_WEST_1]: number };

export const PRICE_UNITS: Record<keyof Prices, string> = {
  stateTransition: 'state transition (Standard)',
  lambdaRequest: 'Lambda request',
  lambdaGbSecond: 'Lambda GB-second (arm64)',
  apiRequest: 'API Gateway REST request',
  dynamodbWriteUnit: 'DynamoDB write request unit (on-demand)',
  dynamodbReadUnit: 'DynamoDB read request unit (on-demand)',
  eventBridgeEvent: 'EventBridge custom event put',
  schedulerInvocation: 'EventBridge Scheduler invocation',
  logIngestionGb: 'CloudWatch Logs ingested GB',
  kmsRequest: 'KMS request',
  kmsKeyMonth: 'KMS key-month',
  alarmMonth: 'CloudWatch alarm-month',
};

/** The list prices, with what COST_PRICES_FILE (if set) overrides; `source` says which. */
export function loadPrices(): { prices: Prices; source: string } {
  const file = process.env.COST_PRICES_FILE;
  if (!file) return { prices: { ...LIST_PRICES_EU_WEST_1 }, source: 'list prices in bench/support/cost-prices.ts' };
  const overrides = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const unknown = Object.keys(overrides).filter((k) => !(k in LIST_PRICES_EU_WEST_1));
  if (unknown.length > 0) throw new Error(`${file}: unknown prices ${unknown.join(', ')} (known: ${Object.keys(LIST_PRICES_EU_WEST_1).join(', ')})`);
  for (const [k, v] of Object.entries(overrides)) if (typeof v !== 'number' || !(v >= 0)) throw new Error(`${file}: ${k} must be a number >= 0`);
  return { prices: { ...LIST_PRICES_EU_WEST_1, ...(overrides as Partial<Prices>) }, source: `list prices overridden by ${file}` };
}

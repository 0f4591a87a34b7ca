// Whether listing cases stays a query as a region grows: one region holds 1,000 cases, another
// 100,000 (seeded straight into DynamoDB Local with BatchWriteItem, in the item shape of the
// repository's caseItem()), and `GET /cases?limit=25` pages are timed in both, interleaved round by
// round, so both sizes see the same machine. A page that scans would grow with the table; a query
// reads 25 index entries whatever the size. Used by `npm run bench -- scale` and
// test/reliability/scale.test.ts.
import { randomUUID } from 'node:crypto';
import { BatchWriteItemCommand, GetItemCommand, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { CASE_STATES, type CaseState } from '@cter/domain';
import { organisationsOf, regionConfig } from '@cter/config';
import { caseItem } from '@cter/case-store';
import { openCase } from '@cter/case-store';
import { distribution, round, type Distribution } from './stats';

/** Ratio of page times (p50, large region over small) the list must stay under. */
export const SCALE_RATIO_LIMIT = 1.3;

export type SendRequest = (profile: string, method: string, pathAndQuery: string) => Promise<{ status: number; body: unknown }>;

export interface ScaleRegion {
  region: string;
  cases: number;
  /** The region's cases table (local name). */
  table: string;
}

export interface ScaleOptions {
  dynamodb: DynamoDBClient;
  send: SendRequest;
  small: ScaleRegion;
  large: ScaleRegion;
  /** Timed rounds (each times every query in both regions once), after `warmup` untimed ones. */
  rounds: number;
  warmup?: number;
  /** Waits until the twin's streams have read the seeded items (they start nothing: see seedCases). */
  settle?: () => Promise<void>;
  log?: (line: string) => void;
}

export interface QueryFigures {
  name: string;
  small: Distribution;
  large: Distribution;
  /** p50 large / p50 small. */
  ratio: number;
  /** Items on the first page (the same query in both regions). */
  itemsSmall: number;
  itemsLarge: number;
}

export interface ScaleFigures {
  small: { region: string; cases: number };
  large: { region: string; cases: number };
  seeding: { cases: number; seconds: number; perSecond: number };
  rounds: number;
  queries: QueryFigures[];
  /** The largest p50 ratio over the queries: the budgeted figure. */
  maxRatio: number;
  pass: boolean;
  /**
   * DynamoDB Local's own per-request growth, for reading the ratios: a point read of a missing key
   * straight against each region's table, timed in the same rounds. DynamoDB Local spends about
   * 1 ms more per request on a stream-enabled table of 100,000 items than of 1,000, whatever the
   * request (a table without a stream shows none); DynamoDB does not. Part of every page's growth.
   */
  store: { small: Distribution; large: Distribution; extraMs: number };
}

const DAY_MS = 86_400_000;
const BATCH = 25;
const PARALLEL_BATCHES = 8;

/**
 * Seeds `count` cases into a region's table: realistic case items (caseItem of an opened case),
 * spread over the region's municipalities, every state, and five years of creation dates. The
 * entity is `seeded-case` instead of `case` so the work process's stream filter (a new `case`
 * starts an execution) leaves 100,000 seeded cases alone; the list reads only the index keys and
 * the summary attributes, which are exactly caseItem()'s.
 */
export async function seedCases(dynamodb: DynamoDBClient, target: ScaleRegion, count: number, log: (line: string) => void = () => undefined): Promise<number> {
  const started = performance.now();
  const municipalities = regionConfig(target.region).municipalities.map((m) => m.id);
  const prefix = regionConfig(target.region).caseNumberPrefix;
  const now = Date.now();
  let next = 0;
  let written = 0;
  const item = (i: number) => {
    const at = new Date(now - Math.floor(Math.random() * 5 * 365 * DAY_MS)).toISOString();
    const municipality = municipalities[Math.floor(Math.random() * municipalities.length)]!;
    const { record } = openCase({
      caseId: randomUUID(),
      caseNumber: `${prefix}-SCALE-${String(i).padStart(6, '0')}`,
      regionId: target.region,
      signal: {
        subject: { name: `Schaal Persoon ${i}`, bsn: '111222333', birthDate: '2004-06-01', municipality },
        reason: 'Schaaltest: een melding zoals partners die doen, met een aanleiding van gemiddelde lengte.',
        reporter: { name: 'Melder Schaaltest', phone: '+31 6 1234 5678' },
      },
      reportingOrganisation: 'politie',
      at,
    });
    const state = CASE_STATES[Math.floor(Math.random() * CASE_STATES.length)] as CaseState;
    return { PutRequest: { Item: marshall({ ...caseItem({ ...record, state }), entity: 'seeded-case' }, { removeUndefinedValues: true }) } };
  };
  const worker = async () => {
    for (;;) {
      const first = next;
      if (first >= count) return;
      const end = Math.min(count, first + BATCH);
      next = end;
      let requests: WriteRequest[] = Array.from({ length: end - first }, (_, k) => item(first + k));
      for (let attempt = 0; requests.length > 0; attempt++) {
        const out = await dynamodb.send(new BatchWriteItemCommand({ RequestItems: { [target.table]: requests } }));
        requests = out.UnprocessedItems?.[target.table] ?? [];
        if (requests.length) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 20 * 2 ** attempt)));
      }
      written += end - first;
      if (written % 10_000 < BATCH) log(`scale: seeded ${written} of ${count} cases into ${target.region}`);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_BATCHES }, worker));
  return (performance.now() - started) / 1000;
}

/** The list queries timed: every index the list uses, with and without a filter expression. */
function queriesOf(region: string): Array<{ name: string; profile: string; path: string }> {
  const organisations = organisationsOf(region);
  const municipality = organisations.find((o) => o.type === 'municipality')!;
  return [
    { name: 'police: all cases (cases-by-created)', profile: `${region}.politie`, path: '/cases?limit=25' },
    { name: 'police: state=consultation (cases-by-state)', profile: `${region}.politie`, path: '/cases?limit=25&state=consultation' },
    { name: 'municipality: its own (cases-by-municipality)', profile: `${region}.${municipality.id}`, path: '/cases?limit=25' },
    { name: 'police: municipality + state (by-municipality, filtered)', profile: `${region}.politie`, path: `/cases?limit=25&municipality=${municipality.municipality}&state=consultation` },
    { name: 'zvh: past the early states (by-created, filtered)', profile: `${region}.zvh`, path: '/cases?limit=25' },
  ];
}

export async function runScale(options: ScaleOptions): Promise<ScaleFigures> {
  const log = options.log ?? (() => undefined);
  const { small, large } = options;
  log(`scale: seeding ${small.cases} cases into ${small.region} and ${large.cases} into ${large.region}`);
  const seedStarted = performance.now();
  await seedCases(options.dynamodb, small, small.cases, log);
  await seedCases(options.dynamodb, large, large.cases, log);
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const seeded = small.cases + large.cases;
  log(`scale: seeded ${seeded} cases in ${round(seedSeconds, 1)} s (${Math.round(seeded / seedSeconds)}/s)`);
  await options.settle?.();

  const smallQueries = queriesOf(small.region);
  const largeQueries = queriesOf(large.region);
  const times = smallQueries.map(() => ({ small: [] as number[], large: [] as number[], itemsSmall: 0, itemsLarge: 0 }));
  const timed = async (profile: string, path: string): Promise<{ ms: number; items: number }> => {
    const started = performance.now();
    const reply = await options.send(profile, 'GET', path);
    const ms = performance.now() - started;
    if (reply.status !== 200) throw new Error(`scale: GET ${path} as ${profile}: ${reply.status} ${JSON.stringify(reply.body)}`);
    return { ms, items: (reply.body as { items: unknown[] }).items.length };
  };
  const store = { small: [] as number[], large: [] as number[] };
  const pointRead = async (size: 'small' | 'large') => {
    const started = performance.now();
    await options.dynamodb.send(new GetItemCommand({ TableName: options[size].table, Key: { pk: { S: 'CASE#scale-probe' }, sk: { S: 'CASE' } } }));
    return performance.now() - started;
  };
  const warmup = options.warmup ?? 10;
  for (let round = 0; round < warmup + options.rounds; round++) {
    for (const size of round % 2 === 0 ? (['small', 'large'] as const) : (['large', 'small'] as const)) {
      const ms = await pointRead(size);
      if (round >= warmup) store[size].push(ms);
    }
    for (let q = 0; q < smallQueries.length; q++) {
      // Alternate which size goes first, so neither always follows the other.
      const order = (round + q) % 2 === 0 ? (['small', 'large'] as const) : (['large', 'small'] as const);
      for (const size of order) {
        const query = size === 'small' ? smallQueries[q]! : largeQueries[q]!;
        const { ms, items } = await timed(query.profile, query.path);
        if (round < warmup) continue;
        times[q]![size].push(ms);
        if (size === 'small') times[q]!.itemsSmall = items;
        else times[q]!.itemsLarge = items;
      }
    }
  }
  const r = (d: Distribution): Distribution => ({ count: d.count, min: round(d.min), p50: round(d.p50), p90: round(d.p90), p99: round(d.p99), max: round(d.max) });
  const queries: QueryFigures[] = smallQueries.map((q, i) => {
    const s = distribution(times[i]!.small);
    const l = distribution(times[i]!.large);
    return { name: q.name, small: r(s), large: r(l), ratio: round(l.p50 / s.p50, 3), itemsSmall: times[i]!.itemsSmall, itemsLarge: times[i]!.itemsLarge };
  });
  const maxRatio = Math.max(...queries.map((q) => q.ratio));
  return {
    small: { region: small.region, cases: small.cases },
    large: { region: large.region, cases: large.cases },
    seeding: { cases: seeded, seconds: round(seedSeconds, 1), perSecond: Math.round(seeded / seedSeconds) },
    rounds: options.rounds,
    queries,
    maxRatio,
    pass: maxRatio < SCALE_RATIO_LIMIT,
    store: { small: r(distribution(store.small)), large: r(distribution(store.large)), extraMs: round(distribution(store.large).p50 - distribution(store.small).p50) },
  };
}

export function formatScale(figures: ScaleFigures): string {
  return [
    `scale: GET /cases?limit=25 page time, ${figures.small.region} with ${figures.small.cases} cases vs ${figures.large.region} with ${figures.large.cases}, ${figures.rounds} interleaved rounds`,
    `  seeded ${figures.seeding.cases} cases in ${figures.seeding.seconds} s (${figures.seeding.perSecond}/s, BatchWriteItem of 25, ${PARALLEL_BATCHES} in parallel)`,
    ...figures.queries.map(
      (q) => `  ${q.name.padEnd(58)} p50 ${String(q.small.p50).padStart(6)} -> ${String(q.large.p50).padStart(6)} ms  p99 ${String(q.small.p99).padStart(6)} -> ${String(q.large.p99).padStart(6)} ms  ratio ${q.ratio}  (items ${q.itemsSmall}/${q.itemsLarge})`,
    ),
    `  DynamoDB Local alone, a point read: p50 ${figures.store.small.p50} -> ${figures.store.large.p50} ms (+${figures.store.extraMs} ms per request on the larger stream-enabled table: the emulator's, in every page above)`,
    `  max p50 ratio ${figures.maxRatio} (limit < ${SCALE_RATIO_LIMIT}): ${figures.pass ? 'PASS' : 'FAIL'}`,
  ].join('\n');
}

// The scale suite: GET /cases page time in a region with 1,000 cases against one with 100,000
// (seeded straight into DynamoDB Local), interleaved; the ratio of the medians must stay under 1.3,
// which only a query (never a scan) keeps. `--quick` seeds 10,000 instead of 100,000.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { BenchContext } from './support/context';
import { formatScale, runScale, SCALE_RATIO_LIMIT } from './support/scale-run';

export const description = 'list latency with 1,000 vs 100,000 cases in a region (seeded in DynamoDB Local): page time ratio < 1.3';

const SMALL = 'zaanstreek-waterland';
const LARGE = 'noord-holland-noord';

export async function run(context: BenchContext): Promise<Record<string, unknown>> {
  // A twin of its own: the regions hold only the seeded cases (the knee writes to every region), and
  // the seeding does not share DynamoDB Local with the work the suites before it left running.
  const bench = await context.freshTwin();
  const tableOf = (region: string) => {
    const tables = bench.twin.regions.get(region)?.tables ?? {};
    const found = Object.entries(tables).find(([logicalId]) => logicalId.startsWith('DataCasesTable'));
    if (!found) throw new Error(`no cases table in ${region}`);
    return found[1];
  };
  const dynamodb = new DynamoDBClient({ endpoint: bench.twin.endpoints.dynamodb, region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    const figures = await runScale({
      dynamodb,
      send: (profile, method, pathAndQuery) => bench.call(profile, method, pathAndQuery),
      small: { region: SMALL, cases: 1_000, table: tableOf(SMALL) },
      large: { region: LARGE, cases: Number(process.env.SCALE_CASES ?? (context.options.quick ? 10_000 : 100_000)), table: tableOf(LARGE) },
      rounds: context.options.quick ? 20 : 100,
      settle: () => settled(bench.twin.idle),
      log: context.log,
    });
    context.print(`\n${formatScale(figures)}`);
    context.budget({
      name: 'scale: list page p50 ratio',
      figure: figures.maxRatio,
      limit: SCALE_RATIO_LIMIT,
      unit: 'x',
      detail: `${figures.large.cases} vs ${figures.small.cases} cases, worst of ${figures.queries.length} list queries`,
    });
    return { ...figures };
  } finally {
    dynamodb.destroy();
  }
}

/** The twin's streams read every seeded item (and start nothing) before anything is timed. */
export async function settled(idle: () => Promise<void>): Promise<void> {
  for (let i = 0; i < 20; i++) {
    try {
      await idle();
      return;
    } catch {
      /* still reading: wait again */
    }
  }
}

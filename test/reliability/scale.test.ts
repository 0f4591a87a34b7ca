// List latency as a region grows, on a twin of its own: 1,000 cases in one region, 100,000 in
// another (SCALE_CASES), seeded straight into DynamoDB Local; GET /cases pages timed in both,
// interleaved. The ratio of the medians stays under 1.3 only if listing is a query, never a scan.
// The same run is `npm run bench -- scale`.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expect, it } from 'vitest';
import { settled } from '../../bench/scale';
import { formatScale, runScale, SCALE_RATIO_LIMIT } from '../../bench/support/scale-run';
import { useOwnTwin } from '../support/own-twin';

const own = useOwnTwin();
const LARGE = Number(process.env.SCALE_CASES ?? 100_000);

it(`pages GET /cases as fast with ${LARGE} cases as with 1,000 (ratio < ${SCALE_RATIO_LIMIT})`, async () => {
  const twin = own.twin();
  const tableOf = (region: string) => Object.entries(twin.regions.get(region)!.tables).find(([logicalId]) => logicalId.startsWith('DataCasesTable'))![1];
  const dynamodb = new DynamoDBClient({ endpoint: twin.endpoints.dynamodb, region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    const figures = await runScale({
      dynamodb,
      send: (profile, method, pathAndQuery) => own.call(profile, method, pathAndQuery),
      small: { region: 'zaanstreek-waterland', cases: 1_000, table: tableOf('zaanstreek-waterland') },
      large: { region: 'noord-holland-noord', cases: LARGE, table: tableOf('noord-holland-noord') },
      rounds: Number(process.env.SCALE_ROUNDS ?? 100),
      settle: () => settled(twin.idle),
    });
    console.log(formatScale(figures));
    for (const query of figures.queries) expect(query.ratio, query.name).toBeLessThan(SCALE_RATIO_LIMIT);
  } finally {
    dynamodb.destroy();
  }
}, 1_200_000);

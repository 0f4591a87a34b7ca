import { CreateTableCommand, DynamoDBClient, QueryCommand, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { startDynamoDbLocal } from '../packages/twin/src/dynamodb-local';
import { seedCases } from '../bench/support/scale-run';
import { distribution } from '../bench/support/stats';
const d = await startDynamoDbLocal();
const c = new DynamoDBClient({ endpoint: d.endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
const attrs = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk'];
const gsi = (n: number, name: string) => ({ IndexName: name, KeySchema: [{ AttributeName: `gsi${n}pk`, KeyType: 'HASH' as const }, { AttributeName: `gsi${n}sk`, KeyType: 'RANGE' as const }], Projection: { ProjectionType: 'INCLUDE' as const, NonKeyAttributes: ['caseId', 'caseNumber', 'state', 'municipality', 'createdAt', 'updatedAt'] } });
for (const t of ['small', 'large']) {
  await c.send(new CreateTableCommand({ TableName: t, BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: attrs.map((a) => ({ AttributeName: a, AttributeType: 'S' as const })), KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }], GlobalSecondaryIndexes: [gsi(1, 'cases-by-created'), gsi(2, 'cases-by-state'), gsi(3, 'cases-by-municipality')], StreamSpecification: process.env.STREAM ? { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } : undefined }));
}
const N = Number(process.env.N ?? 100000);
let s = await seedCases(c, { region: 'zaanstreek-waterland', cases: 1000, table: 'small' }, 1000);
console.log('small seeded', s);
if (process.env.DISABLE) await c.send(new UpdateTableCommand({ TableName: 'large', StreamSpecification: { StreamEnabled: false } }));
s = await seedCases(c, { region: 'noord-holland-noord', cases: N, table: 'large' }, N, () => undefined);
if (process.env.DISABLE) await c.send(new UpdateTableCommand({ TableName: 'large', StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } }));
console.log('large seeded', s, N / s, '/s');
const q = (table: string, index: string, pk: string) => new QueryCommand({ TableName: table, IndexName: index, KeyConditionExpression: `${index === 'cases-by-created' ? 'gsi1pk' : index === 'cases-by-state' ? 'gsi2pk' : 'gsi3pk'} = :pk`, ExpressionAttributeValues: { ':pk': { S: pk } }, ScanIndexForward: false, Limit: 25 });
const cases = [['cases-by-created', 'CASE', 'CASE'], ['cases-by-state', 'STATE#consultation', 'STATE#consultation'], ['cases-by-municipality', 'MUNICIPALITY#zaanstad', 'MUNICIPALITY#alkmaar']] as const;
for (const [index, smallPk, largePk] of cases) {
  const a: number[] = [], b: number[] = [];
  for (let i = 0; i < Number(process.env.ROUNDS ?? 120); i++) {
    let t = performance.now(); await c.send(q('small', index, smallPk)); if (i >= 20) a.push(performance.now() - t);
    t = performance.now(); await c.send(q('large', index, largePk)); if (i >= 20) b.push(performance.now() - t);
  }
  console.log(index, 'small p50', distribution(a).p50.toFixed(2), 'large p50', distribution(b).p50.toFixed(2), 'ratio', (distribution(b).p50 / distribution(a).p50).toFixed(3));
}
{
  const { GetItemCommand, DescribeTableCommand } = await import('@aws-sdk/client-dynamodb');
  const a: number[] = [], b: number[] = [];
  for (let i = 0; i < Number(process.env.ROUNDS ?? 120); i++) {
    let t = performance.now(); await c.send(new GetItemCommand({ TableName: 'small', Key: { pk: { S: 'CASE#none' }, sk: { S: 'CASE' } } })); if (i >= 20) a.push(performance.now() - t);
    t = performance.now(); await c.send(new GetItemCommand({ TableName: 'large', Key: { pk: { S: 'CASE#none' }, sk: { S: 'CASE' } } })); if (i >= 20) b.push(performance.now() - t);
  }
  console.log('getitem small p50', distribution(a).p50.toFixed(2), 'large p50', distribution(b).p50.toFixed(2), 'ratio', (distribution(b).p50 / distribution(a).p50).toFixed(3));
}
await d.stop();

import { CreateTableCommand, DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { startDynamoDbLocal } from '../packages/twin/src/dynamodb-local';
const d = await startDynamoDbLocal();
const c = new DynamoDBClient({ endpoint: d.endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
await c.send(new CreateTableCommand({ TableName: 'ttt', BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }, { AttributeName: 'g', AttributeType: 'S' }, { AttributeName: 'gs', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }], GlobalSecondaryIndexes: [{ IndexName: 'iii', KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }, { AttributeName: 'gs', KeyType: 'RANGE' }], Projection: { ProjectionType: 'ALL' } }] }));
const tries: Record<string, any> = {
  tableOtherPk: { q: { TableName: 'ttt', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'A' } }, ExclusiveStartKey: { pk: { S: 'B' }, sk: { S: 'x' } } } },
  tableEmptySk: { q: { TableName: 'ttt', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'A' } }, ExclusiveStartKey: { pk: { S: 'A' }, sk: { S: '' } } } },
  gsiOtherPk: { q: { TableName: 'ttt', IndexName: 'iii', KeyConditionExpression: 'g = :p', ExpressionAttributeValues: { ':p': { S: 'A' } }, ExclusiveStartKey: { pk: { S: 'x' }, sk: { S: 'y' }, g: { S: 'B' }, gs: { S: 'z' } } } },
  gsiSameOk: { q: { TableName: 'ttt', IndexName: 'iii', KeyConditionExpression: 'g = :p', ExpressionAttributeValues: { ':p': { S: 'A' } }, ExclusiveStartKey: { pk: { S: 'x' }, sk: { S: 'y' }, g: { S: 'A' }, gs: { S: 'z' } } } },
  gsiWeirdChars: { q: { TableName: 'ttt', IndexName: 'iii', KeyConditionExpression: 'g = :p', ExpressionAttributeValues: { ':p': { S: 'A' } }, ExclusiveStartKey: { pk: { S: '\u0000\ud800' }, sk: { S: '😀' }, g: { S: 'A' }, gs: { S: '\u0000' } } } },
  rangeBegins: { q: { TableName: 'ttt', KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)', ExpressionAttributeValues: { ':p': { S: 'A' }, ':s': { S: 'HISTORY#' } }, ExclusiveStartKey: { pk: { S: 'A' }, sk: { S: 'ZZZ' } } } },
};
for (const [name, t] of Object.entries(tries)) {
  try { await c.send(new QueryCommand(t.q)); console.log(name, 'OK'); } catch (e: any) { console.log(name, e.name, e.message); }
}
await d.stop();

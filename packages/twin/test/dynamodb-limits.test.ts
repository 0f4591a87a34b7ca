// The item and transaction quotas AWS enforces, enforced on the twin's DynamoDB too (DynamoDB Local
// checks them itself; this pins that the twin's version does, so a write that passes here cannot
// fail on them in AWS): 400 KB per item, 100 actions per transaction.
import { CreateTableCommand, DynamoDBClient, PutItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LOCAL_CREDENTIALS, startDynamoDbLocal, type DynamoDbLocal } from '../src/dynamodb-local';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const TABLE = 'limits';
const ITEM_LIMIT = 400 * 1024;

describe('DynamoDB quotas on the twin', () => {
  let local: DynamoDbLocal;
  let client: DynamoDBClient;
  beforeAll(async () => {
    local = await startDynamoDbLocal();
    client = new DynamoDBClient({ endpoint: local.endpoint, region: 'eu-west-1', credentials: LOCAL_CREDENTIALS });
    await client.send(new CreateTableCommand({ TableName: TABLE, BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }] }));
  });
  afterAll(async () => {
    client?.destroy();
    await local?.stop();
  });

  it('refuses an item over 400 KB and takes one just under', async () => {
    // Item size counts attribute names and values, so 100 bytes under the limit leaves room for 'pk', 'p' and 'blob'.
    await client.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: 'p' }, blob: { S: 'x'.repeat(ITEM_LIMIT - 100) } } }));
    await expect(client.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: 'p' }, blob: { S: 'x'.repeat(ITEM_LIMIT) } } }))).rejects.toThrow(/Item size has exceeded the maximum allowed size/);
  });

  it('refuses a transaction of more than 100 actions and takes 100', async () => {
    const puts = (n: number) => Array.from({ length: n }, (_, i) => ({ Put: { TableName: TABLE, Item: { pk: { S: `t-${n}-${i}` } } } }));
    await client.send(new TransactWriteItemsCommand({ TransactItems: puts(100) }));
    await expect(client.send(new TransactWriteItemsCommand({ TransactItems: puts(101) }))).rejects.toThrow(/100|Member must have length less than or equal to/);
  });
});

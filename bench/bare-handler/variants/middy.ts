// Bare handler wrapped in middy (no middlewares).
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import middy from '@middy/core';

const client = new DynamoDBClient({});

export const handler = middy(async (event: { pk?: string; sk?: string }) => {
  const result = await client.send(new GetItemCommand({ TableName: process.env.TABLE_NAME, Key: { pk: { S: event.pk ?? 'bench#bare' }, sk: { S: event.sk ?? 'bench#bare' } } }));
  return { statusCode: 200, body: JSON.stringify({ found: result.Item !== undefined }) };
});

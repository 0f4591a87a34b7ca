// Bare handler + the document client (@aws-sdk/lib-dynamodb), as @cter/store uses it.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

const client = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });

export const handler = async (event: { pk?: string; sk?: string }) => {
  const result = await client.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: event.pk ?? 'bench#bare', sk: event.sk ?? 'bench#bare' } }));
  return { statusCode: 200, body: JSON.stringify({ found: result.Item !== undefined }) };
};

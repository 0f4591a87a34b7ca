// Bare handler + the Powertools logger, created at load and writing one line per request.
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';

const client = new DynamoDBClient({});
const logger = new Logger({ logLevel: 'INFO' });

export const handler = async (event: { pk?: string; sk?: string }) => {
  const result = await client.send(new GetItemCommand({ TableName: process.env.TABLE_NAME, Key: { pk: { S: event.pk ?? 'bench#bare' }, sk: { S: event.sk ?? 'bench#bare' } } }));
  logger.info('request handled', { status: 200 });
  return { statusCode: 200, body: JSON.stringify({ found: result.Item !== undefined }) };
};

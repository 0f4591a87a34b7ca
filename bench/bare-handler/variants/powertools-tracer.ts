// Bare handler + the Powertools tracer (from the region's layer, with the X-Ray SDK it loads),
// created at load, wrapping the client and the handler as the functions do (packages/http, packages/store).
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import middy from '@middy/core';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';

const tracer = new Tracer();
const client = tracer.captureAWSv3Client(new DynamoDBClient({}));

export const handler = middy(async (event: { pk?: string; sk?: string }) => {
  const result = await client.send(new GetItemCommand({ TableName: process.env.TABLE_NAME, Key: { pk: { S: event.pk ?? 'bench#bare' }, sk: { S: event.sk ?? 'bench#bare' } } }));
  return { statusCode: 200, body: JSON.stringify({ found: result.Item !== undefined }) };
}).use(captureLambdaHandler(tracer, { captureResponse: false }));

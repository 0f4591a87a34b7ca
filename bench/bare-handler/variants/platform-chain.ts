// The whole shared chain with the bare handler's one read: httpRoute (middy, Powertools logger,
// caller from the IAM identity, zod validation, error mapping) and @cter/store's document client.
// What a function costs before its own service code and its own DynamoDB calls.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { httpRoute } from '@cter/http';
import * as routes from '@cter/routes';
import { dynamo } from '@cter/store';

export const handler = httpRoute(routes.getCase, {
  handle: async ({ path }) => {
    const out = await dynamo().send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: `CASE#${path.caseId}`, sk: 'CASE' }, ConsistentRead: true }));
    return { status: 200, body: { found: out.Item !== undefined } };
  },
});

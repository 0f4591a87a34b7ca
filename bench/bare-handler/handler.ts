// The reference every function is compared with: one GetItem with the bare DynamoDB client and
// nothing else (no document client, no middleware, no logger, no validation). It is bundled with
// exactly the esbuild settings of infra/lib/constructs/service-function.ts.
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({});
const tableName = process.env.TABLE_NAME;

export const handler = async (event: { pk?: string; sk?: string }) => {
  const result = await client.send(
    new GetItemCommand({
      TableName: tableName,
      Key: { pk: { S: event.pk ?? 'bench#bare' }, sk: { S: event.sk ?? 'bench#bare' } },
    }),
  );
  return { statusCode: 200, body: JSON.stringify({ found: result.Item !== undefined }) };
};

// The write baseline: one PutItem of the item in the event with the bare DynamoDB client, nothing
// else. What the warm budget of a write route compares the function's own duration with.
import { DynamoDBClient, PutItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({});
const tableName = process.env.TABLE_NAME;

export const handler = async (event: { item: Record<string, AttributeValue> }) => {
  await client.send(new PutItemCommand({ TableName: tableName, Item: event.item, ConditionExpression: 'attribute_not_exists(pk)' }));
  return { statusCode: 201, body: '{}' };
};

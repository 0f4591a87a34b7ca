// Bare handler + the contract's zod schemas (@cter/domain, built at load) and one validation.
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { RegisterSignalRequest } from '@cter/domain/schemas';

const client = new DynamoDBClient({});
const body = {
  subject: { name: 'Bench Persoon', bsn: '111222333', birthDate: '2005-03-14', municipality: 'haarlem' },
  reason: 'Zorgen over uitingen in de klas',
  reporter: { name: 'Mentor Van Dijk', phone: '+31 6 1234 5678' },
};

export const handler = async (event: { pk?: string; sk?: string }) => {
  const valid = RegisterSignalRequest.safeParse(body).success;
  const result = await client.send(new GetItemCommand({ TableName: process.env.TABLE_NAME, Key: { pk: { S: event.pk ?? 'bench#bare' }, sk: { S: event.sk ?? 'bench#bare' } } }));
  return { statusCode: 200, body: JSON.stringify({ found: result.Item !== undefined, valid }) };
};

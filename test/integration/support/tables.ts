// The cases and audit tables in DynamoDB Local, without a synth: created from the definitions the
// CDK stack builds its tables from (@cter/store/tables), keys, indexes, TTL and stream, so they cannot drift.
import { CreateTableCommand, UpdateTimeToLiveCommand, type CreateTableCommandInput, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { AUDIT_TABLE, CASES_TABLE, type TableDefinition } from '@cter/store/tables';

const keySchema = (pk: string, sk: string) => [
  { AttributeName: pk, KeyType: 'HASH' as const },
  { AttributeName: sk, KeyType: 'RANGE' as const },
];

function tableInput(TableName: string, table: TableDefinition): CreateTableCommandInput {
  const indexes = table.globalSecondaryIndexes;
  const keyAttributes = [table.partitionKey, table.sortKey, ...indexes.flatMap((index) => [index.partitionKey, index.sortKey])];
  return {
    TableName,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: keySchema(table.partitionKey, table.sortKey),
    AttributeDefinitions: keyAttributes.map((AttributeName) => ({ AttributeName, AttributeType: 'S' as const })),
    ...(indexes.length > 0
      ? {
          GlobalSecondaryIndexes: indexes.map((index) => ({
            IndexName: index.indexName,
            KeySchema: keySchema(index.partitionKey, index.sortKey),
            Projection: { ProjectionType: 'INCLUDE' as const, NonKeyAttributes: [...index.nonKeyAttributes] },
          })),
        }
      : {}),
    ...(table.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: table.stream } } : {}),
  };
}

async function createTable(client: DynamoDBClient, TableName: string, table: TableDefinition): Promise<void> {
  await client.send(new CreateTableCommand(tableInput(TableName, table)));
  await client.send(new UpdateTimeToLiveCommand({ TableName, TimeToLiveSpecification: { AttributeName: table.timeToLiveAttribute, Enabled: true } }));
}

/** Creates the cases and audit tables under the given names. */
export async function createTables(client: DynamoDBClient, names: { cases: string; audit: string }): Promise<void> {
  await createTable(client, names.cases, CASES_TABLE);
  await createTable(client, names.audit, AUDIT_TABLE);
}

// Direct looks into the twin's DynamoDB Local, for assertions on what was (not) written.
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';

let client: DynamoDBClient | undefined;

export function dynamoClient(): DynamoDBClient {
  client ??= new DynamoDBClient({ endpoint: inject('twin').endpoints.dynamodb, region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  return client;
}

/** The local name of a region's table whose logical id starts with `prefix` (e.g. `DataCasesTable`). */
export function tableName(region: string, prefix: string): string {
  const tables = inject('twin').tables[region] ?? {};
  const found = Object.entries(tables).find(([logicalId]) => logicalId.startsWith(prefix));
  if (!found) throw new Error(`no table ${prefix} in ${region}`);
  return found[1];
}

/** Counts items matching a filter with a full scan: test-only, the services never scan. */
export async function countItems(table: string, filter: { expression: string; names?: Record<string, string>; values: Record<string, { S: string }> }): Promise<number> {
  let count = 0;
  let startKey: Record<string, any> | undefined;
  do {
    const out = await dynamoClient().send(
      new ScanCommand({ TableName: table, FilterExpression: filter.expression, ExpressionAttributeNames: filter.names, ExpressionAttributeValues: filter.values, ExclusiveStartKey: startKey, Select: 'COUNT' }),
    );
    count += out.Count ?? 0;
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return count;
}

export async function casesWithBsn(region: string, bsn: string): Promise<number> {
  return countItems(tableName(region, 'DataCasesTable'), { expression: '#s.#b = :bsn', names: { '#s': 'subject', '#b': 'bsn' }, values: { ':bsn': { S: bsn } } });
}

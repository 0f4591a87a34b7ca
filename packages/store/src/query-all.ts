// Reads a whole key range. DynamoDB answers a query at most 1 MB at a time, so a read that must see
// every item (a case's history, its tasks, a due queue) follows LastEvaluatedKey until it runs out.
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './client';
import { guarded } from './errors';

/**
 * Every item the query matches, in the order DynamoDB returns them, across all pages. Each page is
 * one guarded call (an unavailable table is a ServiceUnavailable). A `Limit` caps a page, not the total.
 */
export async function queryAll(input: Omit<QueryCommandInput, 'ExclusiveStartKey'>): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await guarded(() => dynamo().send(new QueryCommand({ ...input, ExclusiveStartKey: startKey })));
    items.push(...(out.Items ?? []));
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return items;
}

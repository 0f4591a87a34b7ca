// One DynamoDB document client per function instance. Endpoints come from the standard SDK
// settings (AWS_ENDPOINT_URL_DYNAMODB locally), never from code paths of their own.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { traced } from './tracer';

let documentClient: DynamoDBDocumentClient | undefined;

export function dynamo(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(
    traced(new DynamoDBClient({
      // Fail fast: a request waits seconds at most, so an outage becomes a 503 the partner can retry,
      // not a Lambda timeout.
      maxAttempts: 3,
      requestHandler: new NodeHttpHandler({ connectionTimeout: 1_000, requestTimeout: 5_000 }),
    })),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  return documentClient;
}

/** Reads a required environment variable at module load, so a misconfigured function fails at once. */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

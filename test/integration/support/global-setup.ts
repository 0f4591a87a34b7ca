// The integration layer's real parts, started once per run: DynamoDB Local (in memory) with the
// cases and audit tables, and the twin's KMS server alone for the subject lookup key's GenerateMac.
// No synth and no twin: handlers and repositories are called in the test process.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { TestProject } from 'vitest/node';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoDbLocal, type DynamoDbLocal } from '../../../packages/twin/src/dynamodb-local';
import { KmsTwin } from '../../../packages/twin/src/kms';
import { freePort } from '../../../packages/twin/src/ports';
import { createTables } from './tables';

export interface LocalAws {
  dynamodb: string;
  kms: string;
  tables: { cases: string; audit: string };
  subjectLookupKeyArn: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    localAws: LocalAws;
  }
}

const TABLES = { cases: 'integration-cases', audit: 'integration-audit' };
const SUBJECT_LOOKUP_KEY_ARN = `arn:aws:kms:${LOCAL_REGION}:000000000000:key/integration-subject-lookup`;

let dynamoDb: DynamoDbLocal | undefined;
let kms: KmsTwin | undefined;

export async function setup(project: TestProject): Promise<void> {
  dynamoDb = await startDynamoDbLocal();
  const client = new DynamoDBClient({ endpoint: dynamoDb.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  await createTables(client, TABLES);
  client.destroy();

  kms = new KmsTwin({
    keys: [{ arn: SUBJECT_LOOKUP_KEY_ARN, keyId: 'integration-subject-lookup', region: LOCAL_REGION, aliases: [] }],
    // The handlers sign with the local credentials, as they do against DynamoDB Local.
    credentials: (accessKeyId) => (accessKeyId === LOCAL_CREDENTIALS.accessKeyId ? { secretAccessKey: LOCAL_CREDENTIALS.secretAccessKey } : undefined),
  });
  await kms.start(await freePort());
  project.provide('localAws', { dynamodb: dynamoDb.endpoint, kms: kms.endpoint, tables: TABLES, subjectLookupKeyArn: SUBJECT_LOOKUP_KEY_ARN });
}

export async function teardown(): Promise<void> {
  await kms?.stop();
  await dynamoDb?.stop();
}

// Checks that tables built from CDK-synthesized Properties behave like the deployed ones in
// DynamoDB Local: keys, indexes, TTL, cross-table transactions, and data kept across restarts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
  QueryCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoDbLocal, type DynamoDbLocal } from '../src/dynamodb-local';
import { createTableInput, ensureTables, type TableSpec } from '../src/tables';

// The JVM needs a few seconds to start, and the restart test starts it twice more.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const SUMMARY = ['caseId', 'caseNumber', 'state', 'municipality', 'createdAt', 'updatedAt'];
const key = (pk: string, sk: string) => [
  { AttributeName: pk, KeyType: 'HASH' },
  { AttributeName: sk, KeyType: 'RANGE' },
];
const gsi = (name: string, n: number) => ({
  IndexName: name,
  KeySchema: key(`gsi${n}pk`, `gsi${n}sk`),
  Projection: { NonKeyAttributes: SUMMARY, ProjectionType: 'INCLUDE' },
});
const deploymentOnly = {
  DeletionProtectionEnabled: true,
  PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
  // An unresolved intrinsic in a dropped property must not get in the way.
  SSESpecification: { KMSMasterKeyId: { 'Fn::GetAtt': ['DataDataKeyCDD1A924', 'Arn'] }, SSEEnabled: true, SSEType: 'KMS' },
  TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
};

/** The cases table exactly as CDK synthesizes it (cdk.out, kennemerland/Platform/Data/CasesTable). */
const casesProperties = {
  AttributeDefinitions: ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk'].map((name) => ({
    AttributeName: name,
    AttributeType: 'S',
  })),
  BillingMode: 'PAY_PER_REQUEST',
  GlobalSecondaryIndexes: [gsi('cases-by-created', 1), gsi('cases-by-state', 2), gsi('cases-by-municipality', 3)],
  KeySchema: key('pk', 'sk'),
  ...deploymentOnly,
};
const auditProperties = {
  AttributeDefinitions: [
    { AttributeName: 'pk', AttributeType: 'S' },
    { AttributeName: 'sk', AttributeType: 'S' },
  ],
  BillingMode: 'PAY_PER_REQUEST',
  KeySchema: key('pk', 'sk'),
  ...deploymentOnly,
};
const specs: TableSpec[] = [
  { localName: 'kennemerland-cases', properties: casesProperties },
  { localName: 'kennemerland-audit', properties: auditProperties },
];

function clientFor(ddb: DynamoDbLocal): DynamoDBClient {
  return new DynamoDBClient({ endpoint: ddb.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
}

describe('createTableInput', () => {
  it('maps keys, indexes and billing, and drops deployment-only settings', () => {
    const input = createTableInput(specs[0] as TableSpec);
    expect(input).toEqual({
      TableName: 'kennemerland-cases',
      KeySchema: casesProperties.KeySchema,
      AttributeDefinitions: casesProperties.AttributeDefinitions,
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: casesProperties.GlobalSecondaryIndexes,
    });
  });

  it('maps provisioned throughput, local indexes and streams', () => {
    const input = createTableInput({
      localName: 'provisioned',
      properties: {
        KeySchema: key('pk', 'sk'),
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
          { AttributeName: 'n', AttributeType: 'N' },
          { AttributeName: 'g', AttributeType: 'S' },
        ],
        BillingMode: 'PROVISIONED',
        ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 2 },
        GlobalSecondaryIndexes: [
          {
            IndexName: 'by-g',
            KeySchema: [{ AttributeName: 'g', KeyType: 'HASH' }],
            Projection: { ProjectionType: 'KEYS_ONLY' },
            ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 2 },
          },
        ],
        LocalSecondaryIndexes: [{ IndexName: 'by-n', KeySchema: key('pk', 'n'), Projection: { ProjectionType: 'ALL' } }],
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
        Tags: [{ Key: 'owner', Value: { Ref: 'AWS::StackName' } }],
      },
    });
    expect(input.ProvisionedThroughput).toEqual({ ReadCapacityUnits: 5, WriteCapacityUnits: 2 });
    expect(input.GlobalSecondaryIndexes?.[0]?.ProvisionedThroughput).toEqual({ ReadCapacityUnits: 5, WriteCapacityUnits: 2 });
    expect(input.LocalSecondaryIndexes?.[0]?.IndexName).toBe('by-n');
    expect(input.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    expect(input).not.toHaveProperty('Tags');
  });

  it('refuses an intrinsic in a field it needs, naming table and path', () => {
    expect(() =>
      createTableInput({
        localName: 'bad',
        properties: { ...auditProperties, BillingMode: { 'Fn::If': ['IsProd', 'PROVISIONED', 'PAY_PER_REQUEST'] } },
      }),
    ).toThrow(/table bad: BillingMode is a CloudFormation intrinsic/);
  });

  it('refuses properties it does not know, so none vanish silently', () => {
    expect(() => createTableInput({ localName: 'new', properties: { ...auditProperties, SomethingNew: true } })).toThrow(
      /table new: Properties has properties the twin does not know: SomethingNew/,
    );
  });
});

describe('ensureTables against DynamoDB Local', () => {
  let ddb: DynamoDbLocal;
  let client: DynamoDBClient;

  beforeAll(async () => {
    ddb = await startDynamoDbLocal({});
    client = clientFor(ddb);
  });
  afterAll(async () => {
    client?.destroy();
    await ddb?.stop();
  });

  it('creates the tables, and a second run leaves them as they are', async () => {
    await ensureTables(client, specs);
    await client.send(new PutItemCommand({ TableName: 'kennemerland-audit', Item: { pk: { S: 'keep' }, sk: { S: 'me' } } }));
    await ensureTables(client, specs);
    const tables = await client.send(new ListTablesCommand({}));
    expect(tables.TableNames?.sort()).toEqual(['kennemerland-audit', 'kennemerland-cases']);
    const kept = await client.send(new GetItemCommand({ TableName: 'kennemerland-audit', Key: { pk: { S: 'keep' }, sk: { S: 'me' } } }));
    expect(kept.Item).toBeDefined();
  });

  it('gives the cases table the key schema and the three INCLUDE indexes', async () => {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: 'kennemerland-cases' }));
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.KeySchema).toEqual(key('pk', 'sk'));
    expect(Table?.BillingModeSummary?.BillingMode ?? 'PAY_PER_REQUEST').toBe('PAY_PER_REQUEST');
    const indexes = (Table?.GlobalSecondaryIndexes ?? []).map((g) => ({
      name: g.IndexName,
      keys: g.KeySchema,
      type: g.Projection?.ProjectionType,
      attrs: [...(g.Projection?.NonKeyAttributes ?? [])].sort(),
      status: g.IndexStatus,
    }));
    expect(indexes.sort((a, b) => String(a.name).localeCompare(String(b.name)))).toEqual(
      [
        ['cases-by-created', 1],
        ['cases-by-municipality', 3],
        ['cases-by-state', 2],
      ].map(([name, n]) => ({
        name,
        keys: key(`gsi${n}pk`, `gsi${n}sk`),
        type: 'INCLUDE',
        attrs: [...SUMMARY].sort(),
        status: 'ACTIVE',
      })),
    );
  });

  it('adds indexes and TTL a template gained since the table was created, keeping its items', async () => {
    const { GlobalSecondaryIndexes: _gsis, TimeToLiveSpecification: _ttl, AttributeDefinitions, ...rest } = casesProperties;
    const older = { ...rest, AttributeDefinitions: AttributeDefinitions.slice(0, 2) };
    await ensureTables(client, [{ localName: 'evolving-cases', properties: older }]);
    await client.send(new PutItemCommand({ TableName: 'evolving-cases', Item: { pk: { S: 'old' }, sk: { S: 'item' } } }));

    await ensureTables(client, [{ localName: 'evolving-cases', properties: casesProperties }]);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: 'evolving-cases' }));
    expect((Table?.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName).sort()).toEqual([
      'cases-by-created',
      'cases-by-municipality',
      'cases-by-state',
    ]);
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: 'evolving-cases' }));
    expect(ttl.TimeToLiveDescription?.AttributeName).toBe('expiresAt');
    const kept = await client.send(new GetItemCommand({ TableName: 'evolving-cases', Key: { pk: { S: 'old' }, sk: { S: 'item' } } }));
    expect(kept.Item).toBeDefined();
  });

  it('turns on the stream a template gained since the table was created (a data dir from an older twin), keeping its items', async () => {
    await ensureTables(client, [{ localName: 'streamless-cases', properties: casesProperties }]);
    await client.send(new PutItemCommand({ TableName: 'streamless-cases', Item: { pk: { S: 'old' }, sk: { S: 'item' } } }));
    const streamed = { ...casesProperties, StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' } };

    await ensureTables(client, [{ localName: 'streamless-cases', properties: streamed }]);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: 'streamless-cases' }));
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    expect(Table?.LatestStreamArn).toBeDefined();
    const kept = await client.send(new GetItemCommand({ TableName: 'streamless-cases', Key: { pk: { S: 'old' }, sk: { S: 'item' } } }));
    expect(kept.Item).toBeDefined();

    // A changed view type is a new stream, as in AWS; a second run changes nothing.
    await ensureTables(client, [{ localName: 'streamless-cases', properties: { ...casesProperties, StreamSpecification: { StreamViewType: 'KEYS_ONLY' } } }]);
    const changed = await client.send(new DescribeTableCommand({ TableName: 'streamless-cases' }));
    expect(changed.Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'KEYS_ONLY' });
    expect(changed.Table?.LatestStreamArn).not.toBe(Table?.LatestStreamArn);
  });

  it('refuses a table whose key schema changed, rather than dropping its data', async () => {
    await expect(
      ensureTables(client, [{ localName: 'kennemerland-audit', properties: { ...auditProperties, KeySchema: key('sk', 'pk') } }]),
    ).rejects.toThrow(/table kennemerland-audit: .*exists with key schema \[pk HASH, sk RANGE\].*delete the twin's data directory/);
  });

  it('enables TTL on the expiresAt attribute', async () => {
    for (const { localName } of specs) {
      const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: localName }));
      expect(ttl.TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });
    }
  });

  it('writes a case and its audit record in one transaction, and cancels both with the reason', async () => {
    const transact = () =>
      client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              Put: {
                TableName: 'kennemerland-cases',
                Item: {
                  pk: { S: 'CASE#1' },
                  sk: { S: 'CASE' },
                  state: { S: 'registered' },
                  gsi1pk: { S: 'CASES' },
                  gsi1sk: { S: '2025-01-01T00:00:00Z' },
                },
                ConditionExpression: 'attribute_not_exists(pk)',
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
            { Put: { TableName: 'kennemerland-audit', Item: { pk: { S: 'CASE#1' }, sk: { S: 'AUDIT#1' } } } },
          ],
        }),
      );
    await transact();
    const audit = await client.send(new GetItemCommand({ TableName: 'kennemerland-audit', Key: { pk: { S: 'CASE#1' }, sk: { S: 'AUDIT#1' } } }));
    expect(audit.Item).toBeDefined();
    const byCreated = await client.send(
      new QueryCommand({
        TableName: 'kennemerland-cases',
        IndexName: 'cases-by-created',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': { S: 'CASES' } },
      }),
    );
    expect(byCreated.Items?.map((i) => i.pk?.S)).toEqual(['CASE#1']);

    const failure = await transact().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(TransactionCanceledException);
    const reasons = (failure as TransactionCanceledException).CancellationReasons;
    expect(reasons?.[0]?.Code).toBe('ConditionalCheckFailed');
    // ReturnValuesOnConditionCheckFailure works in DynamoDB Local: the existing item comes back.
    expect(reasons?.[0]?.Item?.state).toEqual({ S: 'registered' });
    expect(reasons?.[1]?.Code).toBe('None');
  });
});

describe('DynamoDB Local with a dataDir', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cter-twin-ddb-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps tables and items across a restart', async () => {
    const first = await startDynamoDbLocal({ dataDir });
    try {
      const client = clientFor(first);
      await ensureTables(client, specs);
      await client.send(new PutItemCommand({ TableName: 'kennemerland-cases', Item: { pk: { S: 'CASE#9' }, sk: { S: 'CASE' } } }));
      client.destroy();
    } finally {
      await first.stop();
    }

    const second = await startDynamoDbLocal({ dataDir });
    try {
      const client = clientFor(second);
      await ensureTables(client, specs); // finds the tables on disk and leaves them
      const got = await client.send(new GetItemCommand({ TableName: 'kennemerland-cases', Key: { pk: { S: 'CASE#9' }, sk: { S: 'CASE' } } }));
      expect(got.Item?.pk).toEqual({ S: 'CASE#9' });
      client.destroy();
    } finally {
      await second.stop();
    }
  });
});

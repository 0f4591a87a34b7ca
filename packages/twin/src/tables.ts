// Creates the twin's DynamoDB tables from the `AWS::DynamoDB::Table` Properties CDK synthesized, so
// the local tables have the same keys, indexes, streams and TTL as the deployed ones.
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
  type KeySchemaElement,
  type StreamSpecification,
  type StreamViewType,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';

export interface TableSpec {
  /** Name of the table in DynamoDB Local (CDK normally leaves TableName out, so the twin chooses it). */
  localName: string;
  /** The resource's CloudFormation `Properties` object, as synthesized. */
  properties: Record<string, unknown>;
}

/** CloudFormation's names for these are CreateTable's, so they pass as they are. */
const CREATE_TABLE_PROPERTIES = [
  'KeySchema',
  'AttributeDefinitions',
  'GlobalSecondaryIndexes',
  'LocalSecondaryIndexes',
  'BillingMode',
  'ProvisionedThroughput',
] as const;

/**
 * Properties deliberately dropped: the caller chooses the local name (TableName); encryption with a
 * KMS key, backups, deletion protection, tags, resource policies, Contributor Insights, Kinesis
 * streaming, table class, warm and on-demand throughput matter to the deployed table, not to its behaviour,
 * and DynamoDB Local has none of them; the twin starts empty or from its dataDir, never from an S3
 * import. Anything neither used nor dropped makes createTableInput throw, so a new CloudFormation
 * property gets a conscious decision instead of silently vanishing from the twin.
 */
const DROPPED_PROPERTIES = [
  'TableName',
  'SSESpecification',
  'PointInTimeRecoverySpecification',
  'DeletionProtectionEnabled',
  'Tags',
  'ContributorInsightsSpecification',
  'KinesisStreamSpecification',
  'TableClass',
  'ResourcePolicy',
  'WarmThroughput',
  'OnDemandThroughput',
  'ImportSourceSpecification',
];

const TABLE_READY_TIMEOUT_MS = 30_000;
const TABLE_POLL_MS = 50;

export function createTableInput(spec: TableSpec): CreateTableCommandInput {
  const props = spec.properties;
  const fail = (problem: string): never => {
    throw new Error(`table ${spec.localName}: ${problem}`);
  };
  const used: readonly string[] = [...CREATE_TABLE_PROPERTIES, 'StreamSpecification', 'TimeToLiveSpecification'];
  const unknown = Object.keys(props).filter((k) => !used.includes(k) && !DROPPED_PROPERTIES.includes(k));
  if (unknown.length > 0) {
    fail(`Properties has properties the twin does not know: ${unknown.join(', ')}; map them in packages/twin/src/tables.ts or list them as dropped`);
  }
  for (const key of used) {
    // Intrinsics ({"Ref": ...}, {"Fn::GetAtt": ...}) are only resolved by CloudFormation; dropped
    // properties may hold them, used ones cannot.
    const intrinsic = /\{"(Ref|Condition|Fn::\w+)":/.exec(JSON.stringify(props[key]) ?? '');
    if (intrinsic) fail(`${key} is a CloudFormation intrinsic or holds one (${intrinsic[1]}), which the twin cannot resolve here; use a literal value in the stack`);
  }

  const input: CreateTableCommandInput = {
    TableName: spec.localName,
    // CloudFormation's default is PROVISIONED, but CDK always writes BillingMode for on-demand and
    // a missing value here most likely means "do not care"; on-demand needs no throughput numbers.
    BillingMode: 'PAY_PER_REQUEST',
    ...(Object.fromEntries(CREATE_TABLE_PROPERTIES.filter((k) => props[k] !== undefined).map((k) => [k, props[k]])) as Partial<CreateTableCommandInput>),
  };
  const stream = props.StreamSpecification as { StreamViewType?: StreamViewType } | undefined;
  // The stream's ResourcePolicy is dropped for the same reason as the table's.
  if (stream) input.StreamSpecification = { StreamEnabled: true, StreamViewType: stream.StreamViewType };
  return input;
}

/**
 * Creates the tables that do not exist yet and waits until all are ACTIVE. Tables that already
 * exist (a twin restarted on its dataDir) keep their data: only missing GSIs, the stream and TTL
 * are added, as a CloudFormation update would.
 */
export async function ensureTables(client: DynamoDBClient, specs: TableSpec[]): Promise<void> {
  // Translate everything first, so a bad template fails before any table is touched.
  const planned = specs.map((spec) => ({ spec, input: createTableInput(spec), ttl: readTtl(spec) }));
  await Promise.all(
    planned.map(({ spec, input, ttl }) =>
      ensureTable(client, spec.localName, input, ttl).catch((err: unknown) => {
        // SDK errors do not say which table they are about.
        throw new Error(`table ${spec.localName}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      }),
    ),
  );
}

async function ensureTable(
  client: DynamoDBClient,
  name: string,
  input: CreateTableCommandInput,
  ttlAttribute: string | undefined,
): Promise<void> {
  let existing = await describe(client, name);
  if (existing === undefined) {
    try {
      await client.send(new CreateTableCommand(input));
    } catch (err) {
      // Someone else (a parallel start on the same dataDir) created it in between: fine.
      if (!(err instanceof ResourceInUseException)) throw err;
    }
    await waitUntilActive(client, name);
  } else {
    existing = await waitUntilActive(client, name);
    assertSameKeys(name, existing, input.KeySchema ?? []);
    await addMissingIndexes(client, name, existing, input);
    await ensureStream(client, name, existing, input.StreamSpecification);
  }
  if (ttlAttribute !== undefined) await ensureTtl(client, name, ttlAttribute);
}

// ---------------------------------------------------------------------------------------------
// Existing tables

function assertSameKeys(name: string, existing: TableDescription, wanted: KeySchemaElement[]): void {
  const show = (keys: KeySchemaElement[]): string => keys.map((k) => `${k.AttributeName ?? '?'} ${k.KeyType ?? '?'}`).join(', ');
  const have = existing.KeySchema ?? [];
  if (show(have) !== show(wanted)) {
    // CloudFormation would replace the table (losing its data); the twin refuses rather than guess.
    throw new Error(
      `table ${name} exists with key schema [${show(have)}] but the template wants [${show(wanted)}]; ` +
        `delete the twin's data directory to recreate it`,
    );
  }
}

async function addMissingIndexes(
  client: DynamoDBClient,
  name: string,
  existing: TableDescription,
  input: CreateTableCommandInput,
): Promise<void> {
  const present = new Set((existing.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName));
  const missing = (input.GlobalSecondaryIndexes ?? []).filter((g) => !present.has(g.IndexName));
  // DynamoDB creates one GSI per UpdateTable call.
  for (const index of missing) {
    const used = new Set([...(input.KeySchema ?? []), ...(index.KeySchema ?? [])].map((k) => k.AttributeName));
    await client.send(
      new UpdateTableCommand({
        TableName: name,
        AttributeDefinitions: (input.AttributeDefinitions ?? []).filter((d) => used.has(d.AttributeName)),
        GlobalSecondaryIndexUpdates: [{ Create: index }],
      }),
    );
    await waitUntilActive(client, name);
  }
}

/**
 * A template that gained a stream (or changed its view type) since the table was created: turn it
 * on, as CloudFormation would. Changing the view type means a new stream; the old one's unread
 * records are gone, as in AWS.
 */
async function ensureStream(client: DynamoDBClient, name: string, existing: TableDescription, wanted: StreamSpecification | undefined): Promise<void> {
  if (!wanted?.StreamEnabled) return;
  const current = existing.StreamSpecification;
  if (current?.StreamEnabled && current.StreamViewType === wanted.StreamViewType) return;
  if (current?.StreamEnabled) {
    await client.send(new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: false } }));
    await waitUntilActive(client, name);
  }
  await client.send(new UpdateTableCommand({ TableName: name, StreamSpecification: wanted }));
  await waitUntilActive(client, name);
}

async function ensureTtl(client: DynamoDBClient, name: string, attribute: string): Promise<void> {
  const current = await client.send(new DescribeTimeToLiveCommand({ TableName: name }));
  const status = current.TimeToLiveDescription?.TimeToLiveStatus;
  const currentAttribute = current.TimeToLiveDescription?.AttributeName;
  if ((status === 'ENABLED' || status === 'ENABLING') && currentAttribute === attribute) return;
  // Enabling twice is a ValidationException, hence the check above. DynamoDB Local records the
  // setting but never deletes expired items, so code must not rely on expiry for correctness.
  await client.send(
    new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: attribute, Enabled: true } }),
  );
}

async function describe(client: DynamoDBClient, name: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: name }))).Table;
  } catch (err) {
    if (err instanceof ResourceNotFoundException) return undefined;
    throw err;
  }
}

/** DynamoDB Local makes tables ACTIVE almost at once, but real semantics say CREATING first, so wait. */
async function waitUntilActive(client: DynamoDBClient, name: string): Promise<TableDescription> {
  const deadline = Date.now() + TABLE_READY_TIMEOUT_MS;
  for (;;) {
    const table = await describe(client, name);
    const indexesActive = (table?.GlobalSecondaryIndexes ?? []).every((g) => g.IndexStatus === 'ACTIVE');
    if (table?.TableStatus === 'ACTIVE' && indexesActive) return table;
    if (Date.now() >= deadline) {
      throw new Error(`table ${name} did not become ACTIVE within ${TABLE_READY_TIMEOUT_MS} ms (status ${table?.TableStatus ?? 'missing'})`);
    }
    await new Promise((resolve) => setTimeout(resolve, TABLE_POLL_MS));
  }
}

function readTtl(spec: TableSpec): string | undefined {
  const ttl = spec.properties.TimeToLiveSpecification as { AttributeName?: string; Enabled?: boolean | string } | undefined;
  // CloudFormation accepts "true"/"false" strings for booleans.
  return ttl?.Enabled === true || ttl?.Enabled === 'true' ? ttl.AttributeName : undefined;
}

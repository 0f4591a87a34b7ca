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
  type AttributeDefinition,
  type BillingMode,
  type CreateTableCommandInput,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
  type LocalSecondaryIndex,
  type Projection,
  type ProvisionedThroughput,
  type StreamSpecification,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';

export interface TableSpec {
  /** Name of the table in DynamoDB Local (CDK normally leaves TableName out, so the twin chooses it). */
  localName: string;
  /** The resource's CloudFormation `Properties` object, as synthesized. */
  properties: Record<string, unknown>;
}

/** Properties this module translates into CreateTable / UpdateTimeToLive. */
const USED_PROPERTIES = [
  'KeySchema',
  'AttributeDefinitions',
  'GlobalSecondaryIndexes',
  'LocalSecondaryIndexes',
  'BillingMode',
  'ProvisionedThroughput',
  'StreamSpecification',
  'TimeToLiveSpecification',
] as const;

/**
 * Properties deliberately dropped, with why. Anything neither used nor listed here makes
 * createTableInput throw, so a new CloudFormation property gets a conscious decision instead of
 * silently vanishing from the twin.
 */
export const DROPPED_TABLE_PROPERTIES: Readonly<Record<string, string>> = {
  TableName: 'the caller chooses the local name (TableSpec.localName)',
  SSESpecification: 'encryption at rest with a KMS key is a deployment concern; DynamoDB Local has no KMS',
  PointInTimeRecoverySpecification: 'backups are deployment-only; DynamoDB Local has no PITR',
  DeletionProtectionEnabled: 'protects the deployed table; locally it would only block resetting the twin',
  Tags: 'tags matter for billing and policies in the account, not for behaviour',
  ContributorInsightsSpecification: 'CloudWatch Contributor Insights does not exist locally',
  KinesisStreamSpecification: 'Kinesis Data Streams for DynamoDB is not supported by DynamoDB Local',
  TableClass: 'storage class only changes AWS pricing',
  ResourcePolicy: 'resource-based IAM policies are not evaluated by DynamoDB Local',
  WarmThroughput: 'pre-warmed capacity is an AWS performance setting',
  OnDemandThroughput: 'request-rate caps; the twin does not throttle',
  ImportSourceSpecification: 'imports initial data from S3 at creation; the twin starts empty or from its dataDir',
};

const DROPPED_INDEX_PROPERTIES: Readonly<Record<string, string>> = {
  ContributorInsightsSpecification: DROPPED_TABLE_PROPERTIES.ContributorInsightsSpecification ?? '',
  OnDemandThroughput: DROPPED_TABLE_PROPERTIES.OnDemandThroughput ?? '',
  WarmThroughput: DROPPED_TABLE_PROPERTIES.WarmThroughput ?? '',
};

const TABLE_READY_TIMEOUT_MS = 30_000;
const TABLE_POLL_MS = 50;

export function createTableInput(spec: TableSpec): CreateTableCommandInput {
  const r = new Reader(spec.localName);
  const props = spec.properties;
  r.checkKeys(props, 'Properties', [...USED_PROPERTIES], DROPPED_TABLE_PROPERTIES);

  const billingMode = readBillingMode(r, props.BillingMode);
  const tableThroughput =
    billingMode === 'PROVISIONED' ? readThroughput(r, props.ProvisionedThroughput, 'ProvisionedThroughput') : undefined;
  if (billingMode === 'PROVISIONED' && tableThroughput === undefined) {
    r.fail('ProvisionedThroughput', 'is required when BillingMode is PROVISIONED');
  }

  const input: CreateTableCommandInput = {
    TableName: spec.localName,
    KeySchema: readKeySchema(r, props.KeySchema, 'KeySchema'),
    AttributeDefinitions: r.array(props.AttributeDefinitions, 'AttributeDefinitions').map((item, i) => {
      const path = `AttributeDefinitions[${i}]`;
      const def = r.object(item, path);
      return {
        AttributeName: r.string(def.AttributeName, `${path}.AttributeName`),
        AttributeType: r.oneOf(def.AttributeType, `${path}.AttributeType`, ['S', 'N', 'B'] as const),
      } satisfies AttributeDefinition;
    }),
    BillingMode: billingMode,
  };
  if (tableThroughput) input.ProvisionedThroughput = tableThroughput;

  if (props.GlobalSecondaryIndexes !== undefined) {
    input.GlobalSecondaryIndexes = r.array(props.GlobalSecondaryIndexes, 'GlobalSecondaryIndexes').map((item, i) => {
      const path = `GlobalSecondaryIndexes[${i}]`;
      const gsi = r.object(item, path);
      r.checkKeys(gsi, path, ['IndexName', 'KeySchema', 'Projection', 'ProvisionedThroughput'], DROPPED_INDEX_PROPERTIES);
      const index: GlobalSecondaryIndex = {
        IndexName: r.string(gsi.IndexName, `${path}.IndexName`),
        KeySchema: readKeySchema(r, gsi.KeySchema, `${path}.KeySchema`),
        Projection: readProjection(r, gsi.Projection, `${path}.Projection`),
      };
      if (billingMode === 'PROVISIONED') {
        // CloudFormation requires per-index throughput here; the table's is a lenient fallback.
        index.ProvisionedThroughput =
          readThroughput(r, gsi.ProvisionedThroughput, `${path}.ProvisionedThroughput`) ?? tableThroughput;
      }
      return index;
    });
  }

  if (props.LocalSecondaryIndexes !== undefined) {
    input.LocalSecondaryIndexes = r.array(props.LocalSecondaryIndexes, 'LocalSecondaryIndexes').map((item, i) => {
      const path = `LocalSecondaryIndexes[${i}]`;
      const lsi = r.object(item, path);
      r.checkKeys(lsi, path, ['IndexName', 'KeySchema', 'Projection'], {});
      return {
        IndexName: r.string(lsi.IndexName, `${path}.IndexName`),
        KeySchema: readKeySchema(r, lsi.KeySchema, `${path}.KeySchema`),
        Projection: readProjection(r, lsi.Projection, `${path}.Projection`),
      } satisfies LocalSecondaryIndex;
    });
  }

  if (props.StreamSpecification !== undefined) {
    const stream = r.object(props.StreamSpecification, 'StreamSpecification');
    // The stream's ResourcePolicy is dropped for the same reason as the table's.
    r.checkKeys(stream, 'StreamSpecification', ['StreamViewType'], { ResourcePolicy: DROPPED_TABLE_PROPERTIES.ResourcePolicy ?? '' });
    input.StreamSpecification = {
      StreamEnabled: true,
      StreamViewType: r.oneOf(stream.StreamViewType, 'StreamSpecification.StreamViewType', [
        'KEYS_ONLY',
        'NEW_IMAGE',
        'OLD_IMAGE',
        'NEW_AND_OLD_IMAGES',
      ] as const),
    } satisfies StreamSpecification;
  }

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
        throw new Error(`table ${spec.localName}: ${message(err)}`, { cause: err });
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

// ---------------------------------------------------------------------------------------------
// Reading the CloudFormation Properties

function readTtl(spec: TableSpec): string | undefined {
  const value = spec.properties.TimeToLiveSpecification;
  if (value === undefined) return undefined;
  const r = new Reader(spec.localName);
  const ttl = r.object(value, 'TimeToLiveSpecification');
  r.checkKeys(ttl, 'TimeToLiveSpecification', ['AttributeName', 'Enabled'], {});
  if (!r.boolean(ttl.Enabled, 'TimeToLiveSpecification.Enabled')) return undefined;
  return r.string(ttl.AttributeName, 'TimeToLiveSpecification.AttributeName');
}

function readBillingMode(r: Reader, value: unknown): BillingMode {
  // CloudFormation's default is PROVISIONED, but CDK always writes BillingMode for on-demand and
  // a missing value here most likely means "do not care"; on-demand needs no throughput numbers.
  if (value === undefined) return 'PAY_PER_REQUEST';
  return r.oneOf(value, 'BillingMode', ['PAY_PER_REQUEST', 'PROVISIONED'] as const);
}

function readKeySchema(r: Reader, value: unknown, path: string): KeySchemaElement[] {
  return r.array(value, path).map((item, i) => {
    const element = r.object(item, `${path}[${i}]`);
    return {
      AttributeName: r.string(element.AttributeName, `${path}[${i}].AttributeName`),
      KeyType: r.oneOf(element.KeyType, `${path}[${i}].KeyType`, ['HASH', 'RANGE'] as const),
    };
  });
}

function readProjection(r: Reader, value: unknown, path: string): Projection {
  const projection = r.object(value, path);
  r.checkKeys(projection, path, ['ProjectionType', 'NonKeyAttributes'], {});
  const result: Projection = {};
  if (projection.ProjectionType !== undefined) {
    result.ProjectionType = r.oneOf(projection.ProjectionType, `${path}.ProjectionType`, ['ALL', 'KEYS_ONLY', 'INCLUDE'] as const);
  }
  if (projection.NonKeyAttributes !== undefined) {
    result.NonKeyAttributes = r.array(projection.NonKeyAttributes, `${path}.NonKeyAttributes`).map((a, i) =>
      r.string(a, `${path}.NonKeyAttributes[${i}]`),
    );
  }
  return result;
}

function readThroughput(r: Reader, value: unknown, path: string): ProvisionedThroughput | undefined {
  if (value === undefined) return undefined;
  const throughput = r.object(value, path);
  return {
    ReadCapacityUnits: r.integer(throughput.ReadCapacityUnits, `${path}.ReadCapacityUnits`),
    WriteCapacityUnits: r.integer(throughput.WriteCapacityUnits, `${path}.WriteCapacityUnits`),
  };
}

/** Typed access to the untyped Properties, with errors naming the table and the property path. */
class Reader {
  constructor(private readonly table: string) {}

  fail(path: string, problem: string): never {
    throw new Error(`table ${this.table}: ${path} ${problem}`);
  }

  /** Intrinsics ({"Ref": ...}, {"Fn::GetAtt": ...}) are only resolved by CloudFormation, so they cannot be used here. */
  private value(value: unknown, path: string): unknown {
    if (isIntrinsic(value)) {
      this.fail(path, `is a CloudFormation intrinsic (${JSON.stringify(value)}), which the twin cannot resolve here; use a literal value in the stack`);
    }
    return value;
  }

  object(value: unknown, path: string): Record<string, unknown> {
    const v = this.value(value, path);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(path, `must be an object, got ${JSON.stringify(v)}`);
    return v as Record<string, unknown>;
  }

  array(value: unknown, path: string): unknown[] {
    const v = this.value(value, path);
    if (!Array.isArray(v)) this.fail(path, `must be an array, got ${JSON.stringify(v)}`);
    return v;
  }

  string(value: unknown, path: string): string {
    const v = this.value(value, path);
    if (typeof v !== 'string' || v === '') this.fail(path, `must be a non-empty string, got ${JSON.stringify(v)}`);
    return v;
  }

  boolean(value: unknown, path: string): boolean {
    const v = this.value(value, path);
    // CloudFormation accepts "true"/"false" strings for booleans.
    if (v === true || v === 'true') return true;
    if (v === false || v === 'false') return false;
    return this.fail(path, `must be a boolean, got ${JSON.stringify(v)}`);
  }

  integer(value: unknown, path: string): number {
    const v = this.value(value, path);
    // CloudFormation accepts numeric strings for integers.
    const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) this.fail(path, `must be a non-negative integer, got ${JSON.stringify(v)}`);
    return n;
  }

  oneOf<const T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
    const v = this.value(value, path);
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
      this.fail(path, `must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
    }
    return v as T;
  }

  /** Unknown keys fail loudly; dropped keys are skipped without looking inside (they may hold intrinsics). */
  checkKeys(obj: Record<string, unknown>, path: string, used: readonly string[], dropped: Readonly<Record<string, string>>): void {
    const unknown = Object.keys(obj).filter((k) => !used.includes(k) && !(k in dropped));
    if (unknown.length > 0) {
      this.fail(
        path,
        `has properties the twin does not know: ${unknown.join(', ')}; map them in packages/twin/src/tables.ts or list them as dropped`,
      );
    }
  }
}

function isIntrinsic(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0] === 'Condition' || (keys[0] ?? '').startsWith('Fn::'));
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

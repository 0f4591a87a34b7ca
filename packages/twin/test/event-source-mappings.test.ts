// Checks the twin's DynamoDB stream event source mappings against a real DynamoDB Local: Lambda's event
// shape, filtering, batching and order, retries (bisect, partial failures), checkpoints across restarts.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DeleteItemCommand, DynamoDBClient, PutItemCommand, UpdateItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { StackArtifact } from '../src/assembly';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoDbLocal, type DynamoDbLocal } from '../src/dynamodb-local';
import {
  FilterPatternError,
  StreamPoller,
  streamMappingsOf,
  type InvokeOutcome,
  type LambdaDynamoDbRecord,
  type StreamMappingSpec,
  type StreamPollerOptions,
} from '../src/event-source-mappings';
import { FunctionHost } from '../src/function-host';
import { compileFilterCriteria } from '../src/streams/event-filter';
import { batchItemFailures } from '../src/streams/mapping-runner';
import { ensureTables } from '../src/tables';

// Two DynamoDB Local starts (each compiles the loopback launcher) on a machine shared with other test runs.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

const REGION = 'eu-central-1';
const FIXTURES = fileURLToPath(new URL('./fixtures/functions/', import.meta.url));

// Compile-time check: the records the poller builds fit @types/aws-lambda's DynamoDB stream record.
const asAwsLambdaRecord = (record: LambdaDynamoDbRecord): DynamoDBRecord => record;

let ddb: DynamoDbLocal;
let client: DynamoDBClient;
let tableCount = 0;
const pollers: StreamPoller[] = [];

beforeAll(async () => {
  ddb = await startDynamoDbLocal();
  client = clientFor(ddb);
});

afterEach(async () => {
  await Promise.all(pollers.splice(0).map((p) => p.stop()));
});

afterAll(async () => {
  client?.destroy();
  await ddb?.stop();
});

function clientFor(local: DynamoDbLocal): DynamoDBClient {
  return new DynamoDBClient({ endpoint: local.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
}

/** A fresh table with a NEW_AND_OLD_IMAGES stream, as CDK synthesizes it. */
async function newTable(on: DynamoDBClient = client, name = `esm-test-${++tableCount}`): Promise<string> {
  await ensureTables(on, [
    {
      localName: name,
      properties: {
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      },
    },
  ]);
  return name;
}

type Item = Record<string, AttributeValue>;
const put = (table: string, item: Item, on: DynamoDBClient = client) => on.send(new PutItemCommand({ TableName: table, Item: item }));
const caseItem = (id: string, extra: Item = {}): Item => ({ pk: { S: `CASE#${id}` }, sk: { S: 'CASE' }, entity: { S: 'case' }, ...extra });

/** An in-process function that records every event and answers as `behaviour` says (default: success). */
function recorder(behaviour: (records: LambdaDynamoDbRecord[], call: number) => InvokeOutcome | Promise<InvokeOutcome> = () => ({ ok: true, result: null })) {
  const calls: LambdaDynamoDbRecord[][] = [];
  const invoke = async (functionLogicalId: string, event: unknown): Promise<InvokeOutcome> => {
    expect(functionLogicalId).toBe('ProjectorFn');
    const records = (event as { Records: LambdaDynamoDbRecord[] }).Records;
    calls.push(records);
    return behaviour(records, calls.length);
  };
  const delivered = () => calls.flat();
  return { calls, invoke, delivered };
}

function mapping(table: string, properties: Record<string, unknown> = {}): StreamMappingSpec {
  return {
    logicalId: 'ProjectorStreamMapping',
    tableName: table,
    functionLogicalId: 'ProjectorFn',
    properties: { StartingPosition: 'TRIM_HORIZON', ...properties },
  };
}

function newPoller(options: Partial<StreamPollerOptions> & Pick<StreamPollerOptions, 'mappings' | 'invoke'>, local: DynamoDbLocal = ddb): StreamPoller & { lines: string[] } {
  const lines: string[] = [];
  const poller = new StreamPoller({
    endpoint: local.endpoint,
    region: REGION,
    pollIntervalMs: 20,
    maxIdleIntervalMs: 200,
    log: (line) => lines.push(line),
    ...options,
  });
  pollers.push(poller);
  return Object.assign(poller, { lines });
}

const seqs = (records: LambdaDynamoDbRecord[]) => records.map((r) => r.dynamodb.SequenceNumber);
const fail = (errorType = 'Error'): InvokeOutcome => ({ ok: false, errorType, errorMessage: 'failed on purpose' });

describe('StreamPoller against DynamoDB Local', () => {
  it('delivers INSERT, MODIFY and REMOVE with their images in the shape Lambda delivers', async () => {
    const table = await newTable();
    const fn = recorder();
    const poller = newPoller({ mappings: [mapping(table)], invoke: fn.invoke });
    await poller.start();

    await put(table, caseItem('1', { version: { N: '1' }, tags: { SS: ['a', 'b'] }, meta: { M: { open: { BOOL: true } } } }));
    await client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: { pk: { S: 'CASE#1' }, sk: { S: 'CASE' } },
        UpdateExpression: 'SET version = :v',
        ExpressionAttributeValues: { ':v': { N: '2' } },
      }),
    );
    await client.send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: 'CASE#1' }, sk: { S: 'CASE' } } }));
    await poller.idle();

    const records = fn.delivered();
    expect(records.map((r) => r.eventName)).toEqual(['INSERT', 'MODIFY', 'REMOVE']);
    const [insert, modify, remove] = records as [LambdaDynamoDbRecord, LambdaDynamoDbRecord, LambdaDynamoDbRecord];
    // The fields and their order as in a Lambda event; the region is the stack's, not DynamoDB Local's `ddblocal`.
    expect(Object.keys(insert)).toEqual(['eventID', 'eventName', 'eventVersion', 'eventSource', 'awsRegion', 'dynamodb', 'eventSourceARN']);
    expect(insert).toMatchObject({ eventVersion: '1.1', eventSource: 'aws:dynamodb', awsRegion: REGION });
    expect(insert.eventID).toMatch(/^[0-9a-f-]{36}$/);
    expect(insert.eventSourceARN).toMatch(new RegExp(`^arn:aws:dynamodb:${REGION}:000000000000:table/${table}/stream/\\d{4}-\\d\\d-\\d\\dT[\\d:.]+$`));
    expect(insert.dynamodb).toEqual({
      ApproximateCreationDateTime: expect.any(Number),
      Keys: { pk: { S: 'CASE#1' }, sk: { S: 'CASE' } },
      // DynamoDB JSON, as Lambda delivers it: numbers stay strings, sets and maps keep their type keys.
      NewImage: { pk: { S: 'CASE#1' }, sk: { S: 'CASE' }, entity: { S: 'case' }, version: { N: '1' }, tags: { SS: ['a', 'b'] }, meta: { M: { open: { BOOL: true } } } },
      SequenceNumber: expect.stringMatching(/^\d+$/),
      SizeBytes: expect.any(Number),
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    });
    expect(modify.dynamodb.OldImage?.version).toEqual({ N: '1' });
    expect(modify.dynamodb.NewImage?.version).toEqual({ N: '2' });
    expect(remove.dynamodb.NewImage).toBeUndefined();
    expect(remove.dynamodb.OldImage?.version).toEqual({ N: '2' });
    expect(asAwsLambdaRecord(insert).eventSourceARN).toBe(insert.eventSourceARN);
    const event: DynamoDBStreamEvent = { Records: records.map(asAwsLambdaRecord) };
    expect(event.Records).toHaveLength(3);
    expect(poller.stats).toEqual({ delivered: 3, failed: 0, retried: 0, filteredOut: 0 });
  });

  it('drops records no filter matches (eventName INSERT and NewImage.entity.S = case) and counts them', async () => {
    const table = await newTable();
    const fn = recorder();
    const pattern = { eventName: ['INSERT'], dynamodb: { NewImage: { entity: { S: ['case'] } } } };
    const poller = newPoller({ mappings: [mapping(table, { FilterCriteria: { Filters: [{ Pattern: JSON.stringify(pattern) }] } })], invoke: fn.invoke });
    await poller.start();

    await put(table, caseItem('1'));
    await put(table, { pk: { S: 'CASE#1' }, sk: { S: 'NOTE#1' }, entity: { S: 'note' } });
    await put(table, caseItem('1', { state: { S: 'open' } })); // MODIFY of a case
    await client.send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: 'CASE#1' }, sk: { S: 'NOTE#1' } } }));
    await put(table, caseItem('2'));
    await poller.idle();

    expect(fn.delivered().map((r) => [r.eventName, r.dynamodb.Keys?.pk?.S])).toEqual([
      ['INSERT', 'CASE#1'],
      ['INSERT', 'CASE#2'],
    ]);
    expect(poller.stats).toMatchObject({ delivered: 2, filteredOut: 3 });
  });

  it('keeps stream order per key and never exceeds BatchSize', async () => {
    const table = await newTable();
    const fn = recorder();
    const poller = newPoller({ mappings: [mapping(table, { BatchSize: 3 })], invoke: fn.invoke });
    await poller.start();

    for (let version = 1; version <= 7; version += 1) {
      await put(table, caseItem('A', { version: { N: String(version) } }));
      await put(table, caseItem('B', { version: { N: String(version) } }));
    }
    await poller.idle();

    expect(fn.calls.length).toBeGreaterThanOrEqual(5);
    expect(fn.calls.every((batch) => batch.length >= 1 && batch.length <= 3)).toBe(true);
    const all = fn.delivered();
    expect(all).toHaveLength(14);
    const numbers = seqs(all).map(BigInt);
    expect(numbers.every((n, i) => i === 0 || n > numbers[i - 1]!)).toBe(true);
    for (const key of ['CASE#A', 'CASE#B']) {
      const versions = all.filter((r) => r.dynamodb.Keys?.pk?.S === key).map((r) => Number(r.dynamodb.NewImage?.version?.N));
      expect(versions).toEqual([1, 2, 3, 4, 5, 6, 7]);
    }
  });

  it('retries a failing batch until the function succeeds, then moves on', async () => {
    const table = await newTable();
    const fn = recorder((_records, call) => (call <= 2 ? fail('Runtime.TransientError') : { ok: true, result: null }));
    const poller = newPoller({ mappings: [mapping(table, { MaximumRetryAttempts: 5 })], invoke: fn.invoke });
    await poller.start();

    await put(table, caseItem('1'));
    await poller.idle();
    await put(table, caseItem('2'));
    await poller.idle();

    expect(fn.calls.map(seqs)).toEqual([
      seqs(fn.calls[0]!),
      seqs(fn.calls[0]!),
      seqs(fn.calls[0]!),
      [fn.calls[3]![0]!.dynamodb.SequenceNumber],
    ]);
    expect(fn.calls[3]![0]!.dynamodb.Keys?.pk?.S).toBe('CASE#2');
    expect(poller.stats).toEqual({ delivered: 2, failed: 0, retried: 2, filteredOut: 0 });
  });

  it('with ReportBatchItemFailures retries from the first failed record only', async () => {
    const table = await newTable();
    let failedOnce = false;
    const fn = recorder((records) => {
      const third = records.find((r) => r.dynamodb.Keys?.pk?.S === 'CASE#3');
      if (third && !failedOnce) {
        failedOnce = true;
        // Also report a later one: Lambda retries from the lowest sequence number reported.
        return { ok: true, result: { batchItemFailures: [{ itemIdentifier: records.at(-1)!.dynamodb.SequenceNumber }, { itemIdentifier: third.dynamodb.SequenceNumber }] } };
      }
      return { ok: true, result: { batchItemFailures: [] } };
    });
    // The batching window gathers the five writes below into one batch, however the polls fall.
    const poller = newPoller({
      mappings: [mapping(table, { FunctionResponseTypes: ['ReportBatchItemFailures'], MaximumRetryAttempts: 3, BatchSize: 5, MaximumBatchingWindowInSeconds: 5 })],
      invoke: fn.invoke,
    });
    await poller.start();
    for (let i = 1; i <= 5; i += 1) await put(table, caseItem(String(i)));
    await poller.idle();

    const keys = (batch: LambdaDynamoDbRecord[]) => batch.map((r) => r.dynamodb.Keys?.pk?.S);
    expect(fn.calls.map(keys)).toEqual([
      ['CASE#1', 'CASE#2', 'CASE#3', 'CASE#4', 'CASE#5'],
      ['CASE#3', 'CASE#4', 'CASE#5'],
    ]);
    expect(poller.stats).toEqual({ delivered: 5, failed: 0, retried: 1, filteredOut: 0 });
  });

  it('skips a batch once the retries are exhausted, counts it, and logs no record contents', async () => {
    const table = await newTable();
    const fn = recorder((records) => (records.some((r) => r.dynamodb.NewImage?.poison) ? fail('PoisonError') : { ok: true, result: null }));
    const poller = newPoller({ mappings: [mapping(table, { MaximumRetryAttempts: 2 })], invoke: fn.invoke });
    await poller.start();

    await put(table, caseItem('1', { poison: { BOOL: true }, name: { S: 'Jan Jansen' } }));
    await poller.idle();
    await put(table, caseItem('2'));
    await poller.idle();

    expect(fn.calls).toHaveLength(4); // first attempt + 2 retries, then the next record
    expect(fn.calls[3]!.map((r) => r.dynamodb.Keys?.pk?.S)).toEqual(['CASE#2']);
    expect(poller.stats).toEqual({ delivered: 1, failed: 1, retried: 2, filteredOut: 0 });
    const discarded = poller.lines.find((l) => l.includes('discarded'));
    expect(discarded).toContain(fn.calls[0]![0]!.dynamodb.SequenceNumber);
    expect(discarded).toContain('PoisonError');
    expect(poller.lines.join('\n')).not.toMatch(/Jan Jansen|CASE#1/);
  });

  it('bisects a failing batch to isolate the bad record (BisectBatchOnFunctionError)', async () => {
    const table = await newTable();
    const fn = recorder((records) => (records.some((r) => r.dynamodb.NewImage?.poison) ? fail() : { ok: true, result: null }));
    const poller = newPoller({
      mappings: [mapping(table, { BatchSize: 4, MaximumBatchingWindowInSeconds: 5, BisectBatchOnFunctionError: true, MaximumRetryAttempts: 3 })],
      invoke: fn.invoke,
    });
    await poller.start();
    for (let i = 1; i <= 4; i += 1) await put(table, caseItem(String(i), i === 2 ? { poison: { BOOL: true } } : {}));
    await poller.idle();

    const keys = (batch: LambdaDynamoDbRecord[]) => batch.map((r) => r.dynamodb.Keys?.pk?.S?.replace('CASE#', ''));
    expect(fn.calls.map(keys)).toEqual([
      ['1', '2', '3', '4'],
      ['1', '2'], // halves, in order
      ['1'],
      ['2'],
      ['2'], // retried alone until the attempts run out (1 + 3 retries)
      ['3', '4'],
    ]);
    expect(poller.stats).toMatchObject({ delivered: 3, failed: 1 });
  });

  it('idle() resolves as soon as everything written is delivered, and times out naming what is stuck', async () => {
    const table = await newTable();
    const fn = recorder((records) => (records.some((r) => r.dynamodb.NewImage?.stuck) ? fail('StuckError') : { ok: true, result: null }));
    const poller = newPoller({ mappings: [mapping(table, { MaximumRetryAttempts: 10 })], invoke: fn.invoke, maxIdleIntervalMs: 5000 });
    await poller.start();
    await new Promise((resolve) => setTimeout(resolve, 2500)); // idle polling has backed off to seconds by now

    await put(table, caseItem('1'));
    const started = Date.now();
    await poller.idle();
    expect(fn.delivered()).toHaveLength(1);
    // idle() wakes the poller instead of waiting out its back-off.
    expect(Date.now() - started).toBeLessThan(1500);

    await put(table, caseItem('2', { stuck: { BOOL: true } }));
    await expect(poller.idle(300)).rejects.toThrow(/not idle after 300 ms.*retrying.*StuckError/);
  });

  it('resumes after the last delivered record when the twin restarts on the same data and state', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'esm-data-'));
    const stateDir = mkdtempSync(path.join(tmpdir(), 'esm-state-'));
    try {
      let local = await startDynamoDbLocal({ dataDir });
      let localClient = clientFor(local);
      const table = await newTable(localClient, 'esm-restart');
      const first = recorder();
      const spec = mapping(table);
      let poller = newPoller({ mappings: [spec], invoke: first.invoke, stateDir }, local);
      await poller.start();
      for (const id of ['1', '2', '3']) await put(table, caseItem(id), localClient);
      await poller.idle();
      expect(first.delivered().map((r) => r.dynamodb.Keys?.pk?.S)).toEqual(['CASE#1', 'CASE#2', 'CASE#3']);
      await poller.stop();
      expect(readdirSync(stateDir)).toEqual([`${table}.ProjectorStreamMapping.json`]);

      // Written while the poller is down, then the whole twin restarts.
      await put(table, caseItem('4'), localClient);
      localClient.destroy();
      await local.stop();
      local = await startDynamoDbLocal({ dataDir });
      localClient = clientFor(local);
      await newTable(localClient, 'esm-restart'); // the twin's ensureTables on restart: keeps the data

      const second = recorder();
      poller = newPoller({ mappings: [spec], invoke: second.invoke, stateDir }, local);
      await poller.start();
      await put(table, caseItem('5'), localClient);
      await poller.idle();
      expect(second.delivered().map((r) => r.dynamodb.Keys?.pk?.S)).toEqual(['CASE#4', 'CASE#5']);
      await poller.stop();
      localClient.destroy();
      await local.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(stateDir, { recursive: true, force: true });
    }
  });

  it('runs a bundled-style handler in a FunctionHost, partial failures included', async () => {
    const table = await newTable();
    const lines: string[] = [];
    const host = new FunctionHost(
      { name: 'test/StreamConsumer', codeDir: path.join(FIXTURES, 'stream-consumer'), handler: 'index.handler', environment: { AWS_REGION: REGION }, timeoutSeconds: 5 },
      { quiet: true, onLog: (line) => lines.push(line) },
    );
    try {
      const poller = newPoller({
        mappings: [mapping(table, { FunctionResponseTypes: ['ReportBatchItemFailures'], MaximumRetryAttempts: 2, BatchSize: 3, MaximumBatchingWindowInSeconds: 5 })],
        invoke: (id, event) => (id === 'ProjectorFn' ? host.invoke(event) : Promise.resolve(fail('ResourceNotFoundException'))),
      });
      await poller.start();
      await put(table, caseItem('1'));
      await put(table, caseItem('2', { failOnce: { BOOL: true } }));
      await put(table, caseItem('3'));
      await poller.idle();

      const seen = lines.flatMap((l) => /record (\w+) (\d+) aws:dynamodb (\S+)/.exec(l)?.slice(1, 4) ?? []);
      expect(seen.filter((_, i) => i % 3 === 2).every((region) => region === REGION)).toBe(true);
      const sequence = lines.flatMap((l) => /record \w+ (\d+)/.exec(l)?.[1] ?? []);
      // 1, 2 (fails), 3 in the first invoke; 2 and 3 again in the retry.
      expect(sequence).toHaveLength(5);
      expect(sequence.slice(3)).toEqual(sequence.slice(1, 3));
      expect(poller.stats).toEqual({ delivered: 3, failed: 0, retried: 1, filteredOut: 0 });
    } finally {
      await host.stop();
    }
  });

  it('stops cleanly: no more invocations, no timers left behind', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    const table = await newTable();
    const fn = recorder(() => fail());
    const poller = newPoller({ mappings: [mapping(table, { MaximumRetryAttempts: 10 })], invoke: fn.invoke });
    await poller.start();
    await put(table, caseItem('1'));
    await vi.waitFor(() => expect(fn.calls.length).toBeGreaterThanOrEqual(2));
    await poller.stop(); // while a retry is scheduled
    const calls = fn.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fn.calls.length).toBe(calls);
    expect(timers()).toBeLessThanOrEqual(before);
    await poller.stop(); // twice is fine
    await expect(poller.idle()).resolves.toBeUndefined();
  });

  it('fails start() when the table has no stream', async () => {
    const name = `esm-test-${++tableCount}`;
    await ensureTables(client, [
      {
        localName: name,
        properties: { AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] },
      },
    ]);
    const poller = newPoller({ mappings: [mapping(name)], invoke: recorder().invoke });
    await expect(poller.start()).rejects.toThrow(/has no stream/);
  });
});

describe('mapping properties', () => {
  const build = (properties: Record<string, unknown>) =>
    new StreamPoller({ endpoint: 'http://127.0.0.1:1', region: REGION, mappings: [mapping('t-x', properties)], invoke: async () => ({ ok: true, result: null }), log: () => undefined });

  it('refuses what it cannot emulate faithfully', () => {
    expect(() => build({ TumblingWindowInSeconds: 30 })).toThrow(/property TumblingWindowInSeconds is not supported/);
    expect(() => build({ Queues: ['q'] })).toThrow(/property Queues is not supported/);
    expect(() => build({ StartingPosition: 'AT_TIMESTAMP' })).toThrow(/StartingPosition must be TRIM_HORIZON/);
    expect(() => build({ BatchSize: 0 })).toThrow(/BatchSize must be an integer from 1 to 10000/);
    expect(() => build({ FilterCriteria: { Filters: [{ Pattern: '{"eventName":"INSERT"}' }] } })).toThrow(FilterPatternError);
    expect(() => build({ FilterCriteria: { Filters: [{ Pattern: '{"eventName":[{"wildcard":"IN*"}]}' }] } })).toThrow(/wildcard is not supported/);
    expect(() => build({ DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:eu-central-1:1:dlq' } }, MaximumRetryAttempts: '3', BisectBatchOnFunctionError: 'true' })).not.toThrow();
  });
});

describe('filter patterns (Lambda event filtering)', () => {
  const record = {
    eventName: 'MODIFY',
    eventSource: 'aws:dynamodb',
    dynamodb: {
      Keys: { pk: { S: 'CASE#42' } },
      NewImage: { entity: { S: 'case' }, state: { S: 'Open' }, priority: { N: '3' }, urgent: { BOOL: true }, tags: { SS: ['school', 'police'] }, note: { NULL: true } },
      OldImage: { entity: { S: 'case' }, state: { S: 'new' } },
      SizeBytes: 120,
    },
  };
  const matches = (...patterns: unknown[]) => compileFilterCriteria({ Filters: patterns.map((p) => ({ Pattern: JSON.stringify(p) })) }, 'test')(record);

  it('matches exact values, nested keys, OR within arrays, AND across keys, OR across filters', () => {
    expect(matches({ eventName: ['MODIFY'] })).toBe(true);
    expect(matches({ eventName: ['INSERT', 'MODIFY'] })).toBe(true);
    expect(matches({ eventName: ['INSERT'] })).toBe(false);
    expect(matches({ eventName: ['MODIFY'], dynamodb: { NewImage: { entity: { S: ['case'] } } } })).toBe(true);
    expect(matches({ eventName: ['MODIFY'], dynamodb: { NewImage: { entity: { S: ['note'] } } } })).toBe(false);
    expect(matches({ eventName: ['INSERT'] }, { dynamodb: { Keys: { pk: { S: ['CASE#42'] } } } })).toBe(true);
    expect(matches({ dynamodb: { NewImage: { urgent: { BOOL: [true] } } } })).toBe(true);
    expect(matches({ dynamodb: { NewImage: { note: { NULL: [true] } } } })).toBe(true);
    expect(matches({ dynamodb: { NewImage: { tags: { SS: ['police'] } } } })).toBe(true); // any element of a list
    expect(matches({ dynamodb: { NewImage: { missing: { S: ['x'] } } } })).toBe(false);
  });

  it('supports prefix, suffix, equals-ignore-case, anything-but, numeric and exists', () => {
    expect(matches({ dynamodb: { Keys: { pk: { S: [{ prefix: 'CASE#' }] } } } })).toBe(true);
    expect(matches({ dynamodb: { Keys: { pk: { S: [{ prefix: 'NOTE#' }] } } } })).toBe(false);
    expect(matches({ dynamodb: { Keys: { pk: { S: [{ suffix: '#42' }] } } } })).toBe(true);
    expect(matches({ dynamodb: { NewImage: { state: { S: [{ 'equals-ignore-case': 'OPEN' }] } } } })).toBe(true);
    expect(matches({ eventName: [{ 'anything-but': ['REMOVE'] }] })).toBe(true);
    expect(matches({ eventName: [{ 'anything-but': 'MODIFY' }] })).toBe(false);
    expect(matches({ dynamodb: { Keys: { pk: { S: [{ 'anything-but': { prefix: 'CASE#' } }] } } } })).toBe(false);
    expect(matches({ dynamodb: { SizeBytes: [{ numeric: ['>', 100, '<=', 200] }] } })).toBe(true);
    expect(matches({ dynamodb: { SizeBytes: [{ numeric: ['<', 100] }] } })).toBe(false);
    // DynamoDB numbers are strings in the record: numeric never matches them (in AWS neither).
    expect(matches({ dynamodb: { NewImage: { priority: { N: [{ numeric: ['>', 1] }] } } } })).toBe(false);
    expect(matches({ dynamodb: { NewImage: { priority: { N: ['3'] } } } })).toBe(true);
    expect(matches({ dynamodb: { NewImage: { entity: { S: [{ exists: true }] } } } })).toBe(true);
    expect(matches({ dynamodb: { NewImage: { deletedAt: { S: [{ exists: false }] } } } })).toBe(true);
    expect(matches({ dynamodb: { NewImage: { entity: { S: [{ exists: false }] } } } })).toBe(false);
    // exists only sees leaves: an attribute's map of type keys is no leaf.
    expect(matches({ dynamodb: { NewImage: { entity: [{ exists: true }] } } })).toBe(false);
  });

  it('reads batch item failures as Lambda does', () => {
    const ids = ['10', '11', '12'];
    expect(batchItemFailures(null, ids)).toEqual({ kind: 'success' });
    expect(batchItemFailures({ batchItemFailures: [] }, ids)).toEqual({ kind: 'success' });
    expect(batchItemFailures({ batchItemFailures: [{ itemIdentifier: '12' }, { itemIdentifier: '11' }] }, ids)).toEqual({ kind: 'partial', firstFailed: 1 });
    expect(batchItemFailures({ batchItemFailures: [{ itemIdentifier: '' }] }, ids)).toMatchObject({ kind: 'failure' });
    expect(batchItemFailures({ batchItemFailures: [{ itemIdentifier: '99' }] }, ids)).toMatchObject({ kind: 'failure' });
    expect(batchItemFailures({ batchItemFailures: [{ id: '10' }] }, ids)).toMatchObject({ kind: 'failure' });
  });
});

describe('streamMappingsOf', () => {
  it('reads the DynamoDB stream mappings CDK synthesizes (DynamoEventSource) and leaves other sources out', () => {
    const stack: StackArtifact = {
      stageName: 'kennemerland',
      stackName: 'cter-kennemerland',
      awsRegion: REGION,
      directory: '/nowhere',
      template: {
        Resources: {
          Cases80582F3E: {
            Type: 'AWS::DynamoDB::Table',
            Properties: {
              AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
              KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
              BillingMode: 'PAY_PER_REQUEST',
              StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
            },
          },
          ProjectorA28C91BB: { Type: 'AWS::Lambda::Function', Properties: { Handler: 'index.handler', Runtime: 'nodejs22.x' } },
          ProjectorDynamoDBEventSourceSCases3EC635D995EAB3E1: {
            Type: 'AWS::Lambda::EventSourceMapping',
            Properties: {
              BatchSize: 10,
              BisectBatchOnFunctionError: true,
              EventSourceArn: { 'Fn::GetAtt': ['Cases80582F3E', 'StreamArn'] },
              FilterCriteria: { Filters: [{ Pattern: '{"eventName":["INSERT"],"dynamodb":{"NewImage":{"entity":{"S":["case"]}}}}' }] },
              FunctionName: { Ref: 'ProjectorA28C91BB' },
              FunctionResponseTypes: ['ReportBatchItemFailures'],
              MaximumBatchingWindowInSeconds: 1,
              MaximumRetryAttempts: 3,
              StartingPosition: 'TRIM_HORIZON',
            },
          },
          Queue: { Type: 'AWS::SQS::Queue' },
          QueueMapping: {
            Type: 'AWS::Lambda::EventSourceMapping',
            Properties: { EventSourceArn: { 'Fn::GetAtt': ['Queue', 'Arn'] }, FunctionName: { Ref: 'ProjectorA28C91BB' } },
          },
        },
      },
    };
    const specs = streamMappingsOf(stack, (id) => `${stack.stackName}-${id}`);
    expect(specs).toEqual([
      {
        logicalId: 'ProjectorDynamoDBEventSourceSCases3EC635D995EAB3E1',
        tableName: 'cter-kennemerland-Cases80582F3E',
        functionLogicalId: 'ProjectorA28C91BB',
        properties: stack.template.Resources.ProjectorDynamoDBEventSourceSCases3EC635D995EAB3E1!.Properties,
      },
    ]);
    // The specs are accepted by the poller as they are.
    expect(() => new StreamPoller({ endpoint: 'http://127.0.0.1:1', region: REGION, mappings: specs, invoke: async () => ({ ok: true, result: null }), log: () => undefined })).not.toThrow();

    const foreign: StackArtifact = {
      ...stack,
      template: {
        Resources: {
          Fn: { Type: 'AWS::Lambda::Function' },
          M: {
            Type: 'AWS::Lambda::EventSourceMapping',
            Properties: { EventSourceArn: 'arn:aws:dynamodb:eu-central-1:111111111111:table/other/stream/2024-01-01T00:00:00.000', FunctionName: { Ref: 'Fn' }, StartingPosition: 'LATEST' },
          },
        },
      },
    };
    expect(() => streamMappingsOf(foreign, (id) => id)).toThrow(/outside this stack/);
  });
});

// Checks the DynamoDB Local process wrapper: clear errors before spawning, and no java left behind.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoDbLocal, type DynamoDbLocal } from '../src/dynamodb-local';
import { assertPortFree, freePort } from '../src/ports';

// The JVM needs a few seconds to start; stopping waits for the process to exit.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

/** Pids of DynamoDB Local processes listening on `port`, found the way a person would: with ps. */
function dynamoDbLocalPids(port: number): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => line.includes('DynamoDBLocal.jar') && new RegExp(`-port ${port}(\\s|$)`).test(line))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function listen(port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

const started: DynamoDbLocal[] = [];
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((d) => d.stop()));
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

describe('ports', () => {
  it('freePort returns a port that can be bound', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    await expect(assertPortFree(port, '127.0.0.1', 'test')).resolves.toBeUndefined();
  });

  it('assertPortFree names the port, the part and the way out', async () => {
    const server = await listen(0, '127.0.0.1');
    servers.push(server);
    const { port } = server.address() as { port: number };
    await expect(assertPortFree(port, '127.0.0.1', 'DynamoDB Local')).rejects.toThrow(
      `port ${port} is already in use (DynamoDB Local); stop the other process or set CTER_TWIN_PORT_BASE`,
    );
  });
});

describe('startDynamoDbLocal', () => {
  // First in the file: a successful check is cached for the rest of the process.
  it('says how to install Java when there is none', async () => {
    const path = process.env.PATH;
    const empty = mkdtempSync(join(tmpdir(), 'no-java-'));
    process.env.PATH = empty;
    try {
      await expect(startDynamoDbLocal({})).rejects.toThrow(
        'Java 17 or newer is needed to run DynamoDB Local: apt-get install openjdk-17-jdk-headless',
      );
    } finally {
      process.env.PATH = path;
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('refuses a port that is already taken, before spawning java', async () => {
    const server = await listen(0, '127.0.0.1');
    servers.push(server);
    const { port } = server.address() as { port: number };
    await expect(startDynamoDbLocal({ port })).rejects.toThrow(
      `port ${port} is already in use (DynamoDB Local); stop the other process or set CTER_TWIN_PORT_BASE`,
    );
    expect(dynamoDbLocalPids(port)).toEqual([]);
  });

  it('answers on its endpoint and leaves no java process after stop()', async () => {
    const t0 = performance.now();
    const ddb = await startDynamoDbLocal({});
    started.push(ddb);
    console.info(`DynamoDB Local answered after ${Math.round(performance.now() - t0)} ms`);
    expect(ddb.endpoint).toBe(`http://127.0.0.1:${ddb.port}`);

    const client = new DynamoDBClient({ endpoint: ddb.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    await expect(client.send(new ListTablesCommand({}))).resolves.toMatchObject({ TableNames: [] });
    client.destroy();

    const pids = dynamoDbLocalPids(ddb.port);
    expect(pids).toHaveLength(1);
    const [pid] = pids as [number];
    expect(isAlive(pid)).toBe(true);

    await ddb.stop();
    expect(isAlive(pid)).toBe(false);
    expect(dynamoDbLocalPids(ddb.port)).toEqual([]);
    // Stopping twice is harmless (the twin's shutdown and a test's afterEach may both do it).
    await expect(ddb.stop()).resolves.toBeUndefined();
  });
});

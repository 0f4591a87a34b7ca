// The typed client against a local HTTP server that plays the API: signatures (checked with the
// twin's verifier), idempotency keys, retries with backoff and Retry-After, and typed errors.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';

import { verifySigV4 } from '../../twin/src/sigv4-verifier';
import { ROUTES } from '@cter/routes';
import {
  backoffDelay,
  ConflictError,
  CterApiError,
  CterClient,
  CterNetworkError,
  DEFAULT_RETRY,
  ForbiddenError,
  NotFoundError,
  retryAfterMs,
  ServiceUnavailableError,
  ValidationError,
  type RetryEvent,
} from '../src/index';

const KEY = { accessKeyId: 'AKIATESTCLIENT000001', secretAccessKey: 'test-secret-of-the-client-tests-0000000' };
const CASE_ID = '3f2b8c1e-7a4d-4e0b-9c61-2d5e8f9a0b13';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  signatureOk: boolean;
}
type Reply = { status: number; body?: unknown; headers?: Record<string, string> } | 'reset';

let server: Server;
let baseUrl: string;
let seen: Seen[] = [];
let replies: Reply[] = [];

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const verified = await verifySigV4({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body }, (id) => (id === KEY.accessKeyId ? { secretAccessKey: KEY.secretAccessKey } : undefined), {
    service: 'execute-api',
    region: 'eu-west-1',
  });
  seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: body.toString('utf8'), signatureOk: verified.ok });
  const reply = replies.shift() ?? { status: 200, body: {} };
  if (reply === 'reset') {
    req.socket.destroy();
    return;
  }
  res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
  res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
}

beforeAll(async () => {
  server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
afterEach(() => {
  seen = [];
  replies = [];
});

function client(extra: Partial<ConstructorParameters<typeof CterClient>[0]> = {}, retries: RetryEvent[] = []) {
  return new CterClient({ region: 'kennemerland', baseUrl, credentials: KEY, awsRegion: 'eu-west-1', retry: { baseDelayMs: 1, maxDelayMs: 2_000 }, onRetry: (e) => retries.push(e), ...extra });
}

const signal = {
  subject: { name: 'Test Persoon', bsn: '111222333', birthDate: '2005-03-14', municipality: 'haarlem' },
  reason: 'Zorgen',
  reporter: { name: 'Mentor', phone: '+31 6 1234 5678' },
};
const created = { caseId: CASE_ID, caseNumber: 'KEN-2026-000001', state: 'signal-received', createdAt: '2026-01-01T00:00:00Z' };

describe('signing', () => {
  it('signs path, query and body as execute-api verifies them', async () => {
    replies = [{ status: 200, body: { items: [] } }, { status: 201, body: created }];
    const c = client();
    await c.listCases({ state: 'weighing', limit: 10, municipality: 'haarlem' });
    await c.registerSignal(signal);
    expect(seen.map((s) => s.signatureOk)).toEqual([true, true]);
    expect(seen[0]!.url).toBe('/v1/cases?state=weighing&limit=10&municipality=haarlem');
    expect(JSON.parse(seen[1]!.body)).toEqual(signal);
    expect(seen[1]!.headers['content-type']).toBe('application/json');
  });

  it('signs any query key, __proto__ included', async () => {
    replies = [{ status: 200, body: { items: [] } }];
    const query = JSON.parse('{"__proto__":"x","limit":5}') as { limit: number };
    await client().listCases(query);
    expect(seen[0]!.url).toBe('/v1/cases?__proto__=x&limit=5');
    expect(seen[0]!.signatureOk).toBe(true);
  });

  it('takes credentials from a shared credentials file and profile (the default chain)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cter-client-'));
    const saved = { file: process.env.AWS_SHARED_CREDENTIALS_FILE, profile: process.env.AWS_PROFILE };
    try {
      writeFileSync(path.join(dir, 'credentials'), `[kennemerland.politie]\naws_access_key_id = ${KEY.accessKeyId}\naws_secret_access_key = ${KEY.secretAccessKey}\nregion = eu-west-1\n`);
      process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, 'credentials');
      process.env.AWS_PROFILE = 'kennemerland.politie';
      replies = [{ status: 200, body: { caseId: CASE_ID, state: 'weighing', tasks: [] } }];
      await new CterClient({ region: 'kennemerland', baseUrl }).listTasks(CASE_ID);
      expect(seen[0]!.signatureOk).toBe(true);
    } finally {
      for (const [k, v] of [['AWS_SHARED_CREDENTIALS_FILE', saved.file], ['AWS_PROFILE', saved.profile]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds the region API in the twin endpoints file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cter-client-'));
    try {
      writeFileSync(path.join(dir, 'endpoints.json'), JSON.stringify({ regions: { kennemerland: { api: baseUrl, awsRegion: 'eu-west-1' } } }));
      replies = [{ status: 200, body: { caseId: CASE_ID, events: [] } }];
      const c = new CterClient({ region: 'kennemerland', endpointsFile: path.join(dir, 'endpoints.json'), credentials: KEY });
      expect(c.api).toEqual({ baseUrl, awsRegion: 'eu-west-1' });
      await c.getCaseHistory(CASE_ID);
      expect(seen[0]!.url).toBe(`/v1/cases/${CASE_ID}/history`);
      expect(() => new CterClient({ region: 'utrecht', endpointsFile: path.join(dir, 'endpoints.json'), credentials: KEY }).api).toThrow(/no region utrecht/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('idempotency', () => {
  it('sends one Idempotency-Key per signal, the same on every retry', async () => {
    replies = [{ status: 503, headers: { 'retry-after': '0' }, body: { error: { code: 'ServiceUnavailable', message: 'retry later', details: [] } } }, 'reset', { status: 201, body: created }];
    const result = await client().registerSignal(signal);
    expect(result.caseId).toBe(CASE_ID);
    const keys = seen.map((s) => s.headers['idempotency-key']);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('uses the key the caller gives', async () => {
    replies = [{ status: 201, body: created }];
    await client().registerSignal(signal, { idempotencyKey: 'signal-2026-0001' });
    expect(seen[0]!.headers['idempotency-key']).toBe('signal-2026-0001');
  });
});

describe('retries', () => {
  it('retries 429 and 503 for any request, waiting what Retry-After says', async () => {
    const retries: RetryEvent[] = [];
    replies = [{ status: 429, body: { message: 'Too Many Requests' } }, { status: 503, headers: { 'retry-after': '1' }, body: { error: { code: 'ServiceUnavailable', message: 'x', details: [] } } }, { status: 202, body: { caseId: CASE_ID } }];
    const started = Date.now();
    await client({}, retries).decide(CASE_ID, { task: CASE_ID, outcome: 'contributed', reasoning: 'r' });
    expect(seen).toHaveLength(3);
    expect(retries.map((r) => [r.attempt, r.status])).toEqual([
      [1, 429],
      [2, 503],
    ]);
    expect(retries[1]!.delayMs).toBe(1000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
  });

  it('retries 502, 504 and dropped connections only where repeating is safe', async () => {
    replies = [{ status: 502, body: { message: 'Internal server error' } }, 'reset', { status: 200, body: { caseId: CASE_ID, state: 'weighing', tasks: [] } }];
    await client().listTasks(CASE_ID);
    expect(seen).toHaveLength(3);

    // A write carries an Idempotency-Key, the same on every attempt, so it is retried too.
    seen = [];
    replies = [{ status: 504, body: { message: 'Endpoint request timed out' } }, 'reset', { status: 202, body: { caseId: CASE_ID, taskId: CASE_ID, outcome: 'x', caseVersion: 2 } }];
    await client().decide(CASE_ID, { task: CASE_ID, outcome: 'x', reasoning: 'r' });
    expect(seen).toHaveLength(3);
    const keys = seen.map((r) => r.headers['idempotency-key']);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(keys).size).toBe(1);

    // A POST without one (asking the covenant) may have been handled: not repeated.
    seen = [];
    replies = [{ status: 504, body: { message: 'Endpoint request timed out' } }];
    await expect(client().askCovenant({ sender: 'politie', recipients: ['ggz'], categories: ['criminal-data'], purpose: 'case-consultation', caseState: 'consultation' } as never)).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.headers['idempotency-key']).toBeUndefined();

    seen = [];
    replies = ['reset'];
    await expect(client().askCovenant({ sender: 'politie', recipients: ['ggz'], categories: ['criminal-data'], purpose: 'case-consultation', caseState: 'consultation' } as never)).rejects.toBeInstanceOf(CterNetworkError);
    expect(seen).toHaveLength(1);
  });

  it('gives up after maxAttempts with the last error, and when Retry-After is longer than the longest wait', async () => {
    replies = [0, 1, 2].map(() => ({ status: 503, headers: { 'retry-after': '0' }, body: { error: { code: 'ServiceUnavailable', message: 'store unavailable', details: [], requestId: 'r-1' } } }));
    const error = await client({ maxAttempts: 2 }).getCase(CASE_ID).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error).toMatchObject({ status: 503, code: 'ServiceUnavailable', requestId: 'r-1', retryAfterSeconds: 0 });
    expect(seen).toHaveLength(2);

    seen = [];
    replies = [{ status: 503, headers: { 'retry-after': '60' }, body: { error: { code: 'ServiceUnavailable', message: 'x', details: [] } } }];
    await expect(client().getCase(CASE_ID)).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(seen).toHaveLength(1);
  });

  it('retries a refused connection (nothing was sent), then reports the network error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const retries: RetryEvent[] = [];
    const error = await client({ baseUrl: `http://127.0.0.1:${port}/v1` }, retries)
      .decide(CASE_ID, { task: CASE_ID, outcome: 'x', reasoning: 'r' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CterNetworkError);
    expect(retries.map((r) => r.error)).toEqual(['ECONNREFUSED', 'ECONNREFUSED']);
  });

  it('backs off exponentially with full jitter, capped', () => {
    const options = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1_000 };
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, options, () => 0.999999))).toEqual([99, 199, 399, 799, 999]);
    expect(backoffDelay(3, options, () => 0)).toBe(0);
    expect(retryAfterMs('7')).toBe(7000);
    expect(retryAfterMs(new Date(Date.now() + 5_000).toUTCString())).toBeGreaterThan(3_000);
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});

describe('typed errors', () => {
  it.each([
    [422, { error: { code: 'ValidationFailed', message: 'the request body is not valid', details: [{ path: 'subject.bsn', message: 'not a valid BSN' }], requestId: 'q' } }, ValidationError, 'ValidationFailed'],
    [404, { error: { code: 'NotFound', message: 'case not found', details: [] } }, NotFoundError, 'NotFound'],
    [409, { error: { code: 'StaleVersion', message: 'stale', details: [] } }, ConflictError, 'StaleVersion'],
    [403, { error: { code: 'NotAllowed', message: 'no', details: [] } }, ForbiddenError, 'NotAllowed'],
    [500, { error: { code: 'InternalError', message: 'internal error', details: [], requestId: 'q' } }, CterApiError, 'InternalError'],
  ] as const)('%i becomes its class', async (status, body, type, code) => {
    replies = [{ status, body }];
    const error = await client().getCase(CASE_ID).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect(error).toBeInstanceOf(CterApiError);
    expect(error).toMatchObject({ status, code, details: body.error.details, fromGateway: false, route: 'GET /cases/{caseId}' });
  });

  it("reads the gateway's AWS-shaped refusals", async () => {
    replies = [{ status: 403, headers: { 'x-amzn-errortype': 'AccessDeniedException', 'x-amzn-requestid': 'gw-1' }, body: { message: 'User is not authorized', __type: 'AccessDeniedException' } }];
    const error = await client().getCase(CASE_ID).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).toMatchObject({ code: 'AccessDeniedException', requestId: 'gw-1', fromGateway: true, details: [] });
  });
});

describe('coverage', () => {
  it('has a method for every route of the route table, named after its operation id', () => {
    const c = client() as unknown as Record<string, unknown>;
    const missing = Object.entries(ROUTES).filter(([, spec]) => typeof c[spec.operationId] !== 'function').map(([route, spec]) => `${route} (${spec.operationId})`);
    expect(missing, 'add these methods to packages/client/src/client.ts').toEqual([]);
  });
});

describe('types', () => {
  it('types every method from the route table', () => {
    const c = client();
    expectTypeOf(c.registerSignal).parameter(0).toHaveProperty('subject');
    expectTypeOf<Awaited<ReturnType<typeof c.registerSignal>>>().toHaveProperty('caseNumber').toEqualTypeOf<string>();
    expectTypeOf<Awaited<ReturnType<typeof c.listTasks>>['tasks'][number]['allowedOutcomes']>().toEqualTypeOf<string[]>();
    expectTypeOf<Awaited<ReturnType<typeof c.listCases>>['nextCursor']>().toEqualTypeOf<string | undefined>();
    // @ts-expect-error a decision needs its reasoning
    void (() => c.decide(CASE_ID, { task: CASE_ID, outcome: 'x' }));
    // @ts-expect-error unknown query parameter
    void (() => c.listCases({ organisation: 'politie' }));
  });
});

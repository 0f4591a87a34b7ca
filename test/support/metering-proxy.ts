// A metering pass-through in front of DynamoDB Local or a twin endpoint (KMS, EventBridge), for the
// cost suite (bench/cost.ts) and for tests that check what the functions send (the twin points them
// at it through `functionEnvironment`): who called (the SigV4 access key, which the twin issues per
// function), which operation, and what AWS bills for it. DynamoDB requests get
// `ReturnConsumedCapacity: TOTAL` and their answers' ConsumedCapacity is summed; PutEvents requests
// count their entries. With `keepRequests`, each call keeps the request body it arrived with.
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MeteredCall {
  operation: string;
  /** The access key id the request was signed with (undefined: unsigned). */
  accessKeyId?: string;
  status: number;
  /** DynamoDB: capacity units the answer reported, split by the kind of operation. */
  readUnits: number;
  writeUnits: number;
  /** DynamoDB: the answer carried no ConsumedCapacity (the units above are then 0). */
  unmetered: boolean;
  /** DynamoDB: a write whose condition failed; DynamoDB bills it (at least 1 write unit, counted so) though Local reports none. */
  failedCondition: boolean;
  /** EventBridge PutEvents: the entries in the request. */
  entries: number;
  /** The request's JSON body as the caller sent it (`keepRequests` only). */
  request?: unknown;
}

export interface MeteringProxy {
  endpoint: string;
  readonly calls: MeteredCall[];
  /** Where requests go; requests that arrive before it is known wait for it. */
  setUpstream(target: string): void;
  stop(): Promise<void>;
}

/** DynamoDB operations that accept ReturnConsumedCapacity; the others (DescribeTable, streams) are billed differently or not at all. */
const READS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

type Capacity = { CapacityUnits?: number; ReadCapacityUnits?: number; WriteCapacityUnits?: number };

function accessKeyOf(headers: IncomingHttpHeaders): string | undefined {
  return /Credential=([^/]+)\//.exec(String(headers.authorization ?? ''))?.[1];
}

/**
 * DynamoDB Local reports 0 units for a Query or Scan that reads nothing; DynamoDB bills such a read its
 * minimum, 0.5 read units (1 when strongly consistent), as it does for a GetItem of a missing key.
 */
function atLeastMinimum(operation: string, request: Buffer, units: ReturnType<typeof unitsOf>) {
  if ((operation !== 'Query' && operation !== 'Scan') || units.unmetered || units.readUnits > 0) return units;
  const consistent = (JSON.parse(request.toString('utf8')) as { ConsistentRead?: boolean }).ConsistentRead === true;
  return { ...units, readUnits: consistent ? 1 : 0.5 };
}

function unitsOf(operation: string, body: Buffer): { readUnits: number; writeUnits: number; unmetered: boolean; failedCondition: boolean } {
  let answer: { ConsumedCapacity?: Capacity | Capacity[]; __type?: string } = {};
  try {
    answer = JSON.parse(body.toString('utf8')) as typeof answer;
  } catch {
    /* not JSON: unmetered */
  }
  const consumed = answer.ConsumedCapacity;
  const failedCondition = WRITES.has(operation) && operation !== 'TransactWriteItems' && String(answer.__type).endsWith('#ConditionalCheckFailedException');
  if (failedCondition) return { readUnits: 0, writeUnits: 1, unmetered: false, failedCondition };
  if (consumed === undefined) return { readUnits: 0, writeUnits: 0, unmetered: true, failedCondition };
  let readUnits = 0;
  let writeUnits = 0;
  for (const c of Array.isArray(consumed) ? consumed : [consumed]) {
    if (c.ReadCapacityUnits !== undefined || c.WriteCapacityUnits !== undefined) {
      readUnits += c.ReadCapacityUnits ?? 0;
      writeUnits += c.WriteCapacityUnits ?? 0;
    } else if (READS.has(operation)) readUnits += c.CapacityUnits ?? 0;
    else writeUnits += c.CapacityUnits ?? 0;
  }
  return { readUnits, writeUnits, unmetered: false, failedCondition };
}

function entriesOf(operation: string, body: Buffer): number {
  if (operation !== 'PutEvents') return 0;
  try {
    return ((JSON.parse(body.toString('utf8')) as { Entries?: unknown[] }).Entries ?? []).length;
  } catch {
    return 0;
  }
}

/** Listens on a free loopback port; `stop` closes the server and its open connections. */
export async function serveOnLoopback(server: Server): Promise<{ endpoint: string; stop(): Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function parsed(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return body.toString('utf8');
  }
}

/**
 * `dynamodb`: ask for and sum consumed capacity (DynamoDB Local ignores signatures, so the body may
 * change); `passthrough`: forward requests unchanged.
 */
export async function startMeteringProxy(kind: 'dynamodb' | 'passthrough', options: { keepRequests?: boolean } = {}): Promise<MeteringProxy> {
  const calls: MeteredCall[] = [];
  let resolveUpstream: (url: URL) => void = () => undefined;
  const upstream = new Promise<URL>((resolve) => (resolveUpstream = resolve));
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const operation = String(req.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
      const received = Buffer.concat(chunks);
      let body = received;
      const metered = kind === 'dynamodb' && (READS.has(operation) || WRITES.has(operation));
      if (metered) body = Buffer.from(JSON.stringify({ ...(JSON.parse(body.toString('utf8')) as object), ReturnConsumedCapacity: 'TOTAL' }));
      const headers = { ...req.headers, 'content-length': String(body.length) };
      void upstream.then((target) => {
        const forward = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers }, (answer) => {
          const answerChunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => answerChunks.push(chunk));
          answer.on('end', () => {
            const answerBody = Buffer.concat(answerChunks);
            const accessKeyId = accessKeyOf(req.headers);
            calls.push({
              operation,
              ...(accessKeyId ? { accessKeyId } : {}),
              status: answer.statusCode ?? 0,
              ...(metered ? atLeastMinimum(operation, body, unitsOf(operation, answerBody)) : { readUnits: 0, writeUnits: 0, unmetered: false, failedCondition: false }),
              entries: entriesOf(operation, body),
              ...(options.keepRequests ? { request: parsed(received) } : {}),
            });
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(answerBody);
          });
        });
        forward.on('error', () => {
          if (!res.headersSent) res.writeHead(502);
          res.end();
        });
        forward.end(body);
      });
    });
  });
  const { endpoint, stop } = await serveOnLoopback(server);
  return { endpoint, calls, setUpstream: (target) => resolveUpstream(new URL(target)), stop };
}

// A counting pass-through in front of DynamoDB Local (or the twin's KMS, Step Functions, EventBridge):
// which operations (X-Amz-Target) a process sends, and when (wall-clock ms, to split them by request and to find which overlap). Used only
// for diagnostic runs, never for timed ones (the extra hop costs time).
import { createServer, request, type Server } from 'node:http';
import { serveOnLoopback } from '../../test/support/metering-proxy';

export interface ProxiedCall {
  operation: string;
  startedEpochMs: number;
  endedEpochMs: number;
}

export interface DynamoDbProxy {
  endpoint: string;
  /** Calls answered since the last reset, in the order they started. */
  readonly calls: ProxiedCall[];
  /** Their operations, e.g. ['GetItem', 'PutItem']. */
  readonly operations: string[];
  reset(): void;
  stop(): Promise<void>;
}

const epochMs = () => performance.timeOrigin + performance.now();

/**
 * Round trips: calls that overlap in time were sent side by side (Promise.all) and cost one wait;
 * a call that starts after every earlier one has answered is a new round trip.
 */
export function roundTrips(calls: readonly ProxiedCall[]): number {
  let trips = 0;
  let answeredBy = -Infinity;
  for (const call of [...calls].sort((a, b) => a.startedEpochMs - b.startedEpochMs)) {
    if (call.startedEpochMs >= answeredBy) trips++;
    answeredBy = Math.max(answeredBy, call.endedEpochMs);
  }
  return trips;
}

/** `service` prefixes the operations (e.g. `kms:GenerateMac`); DynamoDB's stay bare. */
export async function startDynamoDbProxy(target: string, service = ''): Promise<DynamoDbProxy> {
  const upstream = new URL(target);
  const calls: ProxiedCall[] = [];
  const server: Server = createServer((req, res) => {
    const operation = String(req.headers['x-amz-target'] ?? '').split('.').pop();
    const call = operation ? { operation: service ? `${service}:${operation}` : operation, startedEpochMs: epochMs(), endedEpochMs: Infinity } : undefined;
    if (call) calls.push(call);
    const forward = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('end', () => call && (call.endedEpochMs = epochMs()));
      },
    );
    forward.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(forward);
  });
  const { endpoint, stop } = await serveOnLoopback(server);
  return {
    endpoint,
    calls,
    get operations() {
      return calls.map((c) => c.operation);
    },
    reset: () => void calls.splice(0),
    stop,
  };
}

// Lambda's Invoke API in the twin, for the ops tools (the redrive in docs/runbook.md invokes a
// function again with the request its failure record kept). SigV4 for service `lambda`, the
// twin-ops profile only: no function or partner role of the platform may invoke functions directly.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EndpointGuard } from './endpoint-auth';
import { sendRefusal } from './endpoint-auth';
import { BodyTooLarge, JsonHttpServer, MAX_BODY_BYTES, readBody, send } from './json-http';

export type InvokeByArn = (functionArn: string, payload: unknown) => Promise<{ ok: true; result: unknown } | { ok: false; errorType: string; errorMessage: string }>;

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

export class LambdaApi extends JsonHttpServer {
  constructor(
    private readonly options: {
      guard: EndpointGuard;
      /** Every function's ARN; a request may name the function by name or ARN. */
      functionArns: string[];
      invoke: InvokeByArn;
    },
  ) {
    super('Lambda twin');
  }

  async start(port: number): Promise<void> {
    await this.listen(port, '127.0.0.1');
  }

  async stop(): Promise<void> {
    await this.close();
  }

  protected async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const refusal = await this.options.guard.check(req, body, 'ops');
    if (refusal) return sendRefusal(res, refusal, 'application/json');
    const match = INVOKE_PATH.exec(new URL(req.url ?? '/', 'http://twin').pathname);
    if (req.method !== 'POST' || !match) return sendRefusal(res, { status: 404, code: 'UnknownOperationException', message: 'the twin serves Invoke only' }, 'application/json');
    const name = decodeURIComponent(match[1]!);
    const arn = this.options.functionArns.find((a) => a === name || a.endsWith(`:function:${name}`));
    if (!arn) return sendRefusal(res, { status: 404, code: 'ResourceNotFoundException', message: `Function not found: ${name}` }, 'application/json');
    let payload: unknown;
    try {
      payload = body === '' ? {} : JSON.parse(body);
    } catch {
      return sendRefusal(res, { status: 400, code: 'InvalidRequestContentException', message: 'Could not parse request body into json' }, 'application/json');
    }
    // The redrive waits for each function's answer; nothing invokes asynchronously or dry through this door.
    const type = String(req.headers['x-amz-invocation-type'] ?? 'RequestResponse');
    if (type !== 'RequestResponse') return sendRefusal(res, { status: 400, code: 'InvalidParameterValueException', message: 'the twin invokes RequestResponse only' }, 'application/json');
    const outcome = await this.options.invoke(arn, payload);
    if (outcome.ok) return send(res, 200, 'application/json', JSON.stringify(outcome.result ?? null));
    // A function error is a 200 with X-Amz-Function-Error, as Lambda answers it.
    const reply = JSON.stringify({ errorType: outcome.errorType, errorMessage: outcome.errorMessage });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(reply), 'x-amz-function-error': 'Unhandled', 'x-amz-executed-version': '$LATEST' });
    res.end(reply);
  }

  protected failed(res: ServerResponse, error: unknown): void {
    if (error instanceof BodyTooLarge) return sendRefusal(res, { status: 413, code: 'RequestEntityTooLargeException', message: `the twin's Invoke takes bodies up to ${MAX_BODY_BYTES} bytes` }, 'application/json');
    send(res, 500, 'application/json', JSON.stringify({ __type: 'ServiceException', message: 'the Lambda twin failed' }));
  }
}

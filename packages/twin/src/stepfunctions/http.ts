// The twin's HTTP face: the Step Functions JSON API on POST /, the virtual clock on /_twin/clock,
// and the monitor pages on /monitor. With a guard (as the twin runs it) the API needs SigV4 for
// `states` and the signer's IAM permission, and the controls the twin-ops profile and a JSON body;
// reading the clock and the monitor pages (no input, output or tokens) stay open.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { JsonHttpServer, readBody, send, sendJson } from '../json-http';
import { controlRefusal, sendRefusal, type Access, type EndpointGuard } from '../endpoint-auth';
import { handleApiRequest } from './api';
import { executionMarks, renderExecution, renderMonitor, renderStateMachine, stateMachineGraph } from './monitor';
import { regionDocument } from '../work-process';
import type { SfnService } from './service';

/** A twin control endpoint: JSON in, JSON out. */
export type TwinControl = (method: string, body: unknown) => Promise<{ status: number; body: unknown }>;

type ClockCommand = { advanceSeconds?: unknown; set?: unknown } | null;

export class SfnHttpServer extends JsonHttpServer {
  private readonly controls: Record<string, TwinControl>;

  constructor(
    private readonly service: SfnService,
    controls: Record<string, TwinControl> = {},
    private readonly guard?: EndpointGuard,
  ) {
    super('Step Functions twin');
    this.controls = { clock: (method, body) => this.clockControl(method, body as ClockCommand), ...controls };
  }

  /** Also a body over the limit: this endpoint has always answered that with a 500. */
  protected failed(res: ServerResponse, error: unknown): void {
    send(res, 500, 'text/plain', `internal error: ${(error as Error).message}`);
  }

  protected async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://twin');
    const body = await readBody(req);
    if (url.pathname.startsWith('/_twin/') && !(req.method === 'GET' && url.pathname === '/_twin/clock')) {
      const refused = controlRefusal(req) ?? (await this.guard?.check(req, body, 'ops'));
      if (refused) return sendRefusal(res, refused, 'application/json');
    }
    const control = url.pathname.startsWith('/_twin/') ? this.controls[url.pathname.slice('/_twin/'.length)] : undefined;
    if (control) {
      let parsed: unknown;
      try {
        parsed = body.length ? JSON.parse(body) : {};
      } catch {
        return sendJson(res, 400, { message: 'the body is not valid JSON' });
      }
      const reply = await control(req.method ?? 'GET', parsed);
      return sendJson(res, reply.status, reply.body);
    }
    if (req.method === 'GET' && url.pathname === '/monitor') {
      return send(res, 200, 'text/html; charset=utf-8', renderMonitor(this.service.snapshot(), this.service.clock.now()));
    }
    if (req.method === 'GET' && url.pathname === '/monitor/execution') {
      const view = this.service.executionSnapshot(url.searchParams.get('arn') ?? '');
      if (!view) return send(res, 404, 'text/plain; charset=utf-8', 'No such execution');
      const graph = view.spec ? await stateMachineGraph(view.spec, executionMarks(view)) : undefined;
      return send(res, 200, 'text/html; charset=utf-8', renderExecution(view, this.service.clock.now(), graph));
    }
    // The findable work process of a region, generated from the definitions this twin runs.
    const workProcess = /^\/work-process\/([a-z-]+)\/?$/.exec(url.pathname);
    if (req.method === 'GET' && workProcess) {
      const specs = this.service.snapshot().map((m) => m.spec);
      if (!specs.some((s) => s.regionId === workProcess[1])) return send(res, 404, 'text/plain; charset=utf-8', 'No such region');
      return send(res, 200, 'text/html; charset=utf-8', (await regionDocument(specs, workProcess[1]!)).html);
    }
    if (req.method === 'GET' && url.pathname === '/monitor/state-machine') {
      const spec = this.service.snapshot().find((m) => m.spec.arn === url.searchParams.get('arn'))?.spec;
      if (!spec) return send(res, 404, 'text/plain; charset=utf-8', 'No such state machine');
      return send(res, 200, 'text/html; charset=utf-8', renderStateMachine(spec, await stateMachineGraph(spec), this.service.clock.now()));
    }
    if (req.method === 'POST' && (url.pathname === '/' || url.pathname === '')) {
      const header = req.headers['x-amz-target'];
      const target = Array.isArray(header) ? header[0] : header;
      const refused = await this.guard?.check(req, body, this.accessFor(target, body));
      if (refused) return sendRefusal(res, refused);
      const result = await handleApiRequest(this.service, target, body);
      res.setHeader('x-amzn-RequestId', randomUUID());
      if (result.errorType) res.setHeader('x-amzn-ErrorType', result.errorType);
      return send(res, result.status, 'application/x-amz-json-1.0', result.body);
    }
    send(res, 404, 'text/plain; charset=utf-8', 'Not found');
  }

  /** The IAM action and resources of an API call, as Step Functions authorizes them. */
  private accessFor(target: string | undefined, body: string): Access {
    let fields: Record<string, unknown> = {};
    try {
      fields = (JSON.parse(body || '{}') ?? {}) as Record<string, unknown>;
    } catch {
      return 'signature'; // the API answers malformed JSON itself
    }
    const operation = target?.startsWith('AWSStepFunctions.') ? target.slice('AWSStepFunctions.'.length) : '';
    const action = `states:${operation}`;
    const arn = (name: string) => (typeof fields[name] === 'string' ? [fields[name] as string] : ['*']);
    if (operation.startsWith('SendTask')) {
      // The token names its execution; a token the twin does not know is answered by the service (TaskTimedOut, InvalidToken).
      const executionArn = this.service.pendingTaskExecution(fields.taskToken);
      return executionArn ? { action, resources: [executionArn.replace(':execution:', ':stateMachine:').replace(/:[^:]+$/, '')] } : 'signature';
    }
    if ('executionArn' in fields) return { action, resources: arn('executionArn') };
    if ('stateMachineArn' in fields) return { action, resources: arn('stateMachineArn') };
    return { action, resources: ['*'] };
  }

  /** GET -> {"now": iso}; POST {"advanceSeconds": n} or {"set": iso} moves the virtual clock forward. */
  private async clockControl(method: string, command: ClockCommand): Promise<{ status: number; body: unknown }> {
    const clock = this.service.clock;
    if (method === 'POST') {
      try {
        if (typeof command?.advanceSeconds === 'number') clock.advance(command.advanceSeconds * 1000);
        else if (typeof command?.set === 'string') clock.set(new Date(command.set));
        else return { status: 400, body: { message: 'send {"advanceSeconds": n} or {"set": "<ISO 8601>"}' } };
      } catch (error) {
        return { status: 400, body: { message: (error as Error).message } };
      }
    } else if (method !== 'GET') {
      return { status: 405, body: { message: 'GET or POST' } };
    }
    return { status: 200, body: { now: clock.now().toISOString() } };
  }
}

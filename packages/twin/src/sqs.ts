// SQS in the twin: the queues the templates define (the dead-letter queues and on-failure
// destinations), served by local-aws-sqs (a maintained SQS server, JSON and Query protocols) behind
// the twin's SigV4 guard. Failed stream batches, undeliverable events and failed asynchronous
// invocations land here in the shapes AWS gives them, so the runbook's redrive works on the twin.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { createRequestHandler } from 'local-aws-sqs';
import { resourcesOfType, type StackArtifact } from './assembly';
import { CfnResolver, LOCAL_ACCOUNT } from './cfn-resolver';
import type { EndpointGuard } from './endpoint-auth';
import { sendRefusal } from './endpoint-auth';
import { BodyTooLarge, JsonHttpServer, readBody, send, signedRegion } from './json-http';

export interface QueueSpec {
  name: string;
  arn: string;
  region: string;
}

/** The AWS::SQS::Queue resources of a stack, as the twin names them. */
export function queuesOf(stack: StackArtifact): QueueSpec[] {
  const resolver = new CfnResolver(stack);
  return resourcesOfType(stack, 'AWS::SQS::Queue').map(([id]) => ({ name: resolver.physicalId(id), arn: resolver.attribute(id, 'Arn'), region: stack.awsRegion }));
}

/** A message attribute as SendMessage takes it (strings only: what AWS's failure records carry). */
export type StringAttributes = Record<string, string>;

/** Sends a failure record to a queue by ARN; the twin wires it to SqsTwin.send. */
export type DeadLetterSink = (queueArn: string, body: string, attributes?: StringAttributes) => void;

type Handler = ReturnType<typeof createRequestHandler>;

export class SqsTwin extends JsonHttpServer {
  /** One SQS service per AWS region, as queue URLs and ARNs carry the region. */
  private readonly services = new Map<string, Handler>();
  private readonly byArn = new Map<string, { region: string; name: string }>();
  private port = 0;

  constructor(
    private readonly options: {
      queues: QueueSpec[];
      /** SigV4 for service `sqs`; only the twin-ops profile may read and move failed work. */
      guard: EndpointGuard;
      log?: (line: string) => void;
    },
  ) {
    super('SQS twin');
    for (const queue of options.queues) this.byArn.set(queue.arn, { region: queue.region, name: queue.name });
  }

  async start(port: number): Promise<void> {
    await this.listen(port, '127.0.0.1');
    this.port = Number(new URL(this.endpoint).port);
    const regions = new Set(this.options.queues.map((q) => q.region));
    for (const region of regions) {
      const queues = this.options.queues.filter((q) => q.region === region).map((q) => ({ QueueName: q.name }));
      this.services.set(region, createRequestHandler({ port: this.port, hostname: '127.0.0.1', region, accountId: LOCAL_ACCOUNT, queues, emulateQueueCreationLifecycle: false }));
    }
  }

  async stop(): Promise<void> {
    await this.close();
  }

  queues(): QueueSpec[] {
    return [...this.options.queues];
  }

  /** The queue's URL on this endpoint. */
  queueUrl(arn: string): string {
    const queue = this.byArn.get(arn);
    if (!queue) throw new Error(`no queue ${arn} in the twin`);
    return `${this.endpoint}/${LOCAL_ACCOUNT}/${queue.name}`;
  }

  /** What the Lambda service or EventBridge does when it gives up: one message on the destination queue. */
  send(queueArn: string, body: string, attributes: StringAttributes = {}): void {
    const queue = this.byArn.get(queueArn);
    const service = queue ? this.services.get(queue.region) : undefined;
    const target = service?.service.Queues.find((q) => q.QueueName === queue!.name);
    if (!target) {
      this.options.log?.(`dead letter for ${queueArn}: no such queue in the twin, dropped`);
      return;
    }
    target.setRecord({
      MessageBody: body,
      MessageAttributes: Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, { DataType: 'String', StringValue: v }])),
    });
    this.options.log?.(`dead letter for ${queue!.name}: 1 message (${Buffer.byteLength(body)} bytes)`);
  }

  protected async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const refusal = await this.options.guard.check(req, body, 'ops');
    if (refusal) return sendRefusal(res, refusal, String(req.headers['content-type'] ?? '').includes('json') ? 'application/x-amz-json-1.0' : 'text/xml');
    const region = signedRegion(req) ?? this.options.queues[0]?.region ?? 'eu-west-1';
    const service = this.services.get(region);
    if (!service) return sendRefusal(res, { status: 400, code: 'InvalidAddress', message: `the twin has no queues in ${region}` });
    // local-aws-sqs reads the request as a stream; the guard has read it already, so hand it a fresh one.
    const replay = Object.assign(Readable.from([Buffer.from(body)]), { headers: req.headers, method: req.method, url: req.url });
    await service.requestHandler(replay as unknown as IncomingMessage, res);
  }

  protected failed(res: ServerResponse, error: unknown): void {
    if (error instanceof BodyTooLarge) return sendRefusal(res, { status: 413, code: 'RequestEntityTooLarge', message: 'Request Too Long' });
    send(res, 500, 'application/json', JSON.stringify({ __type: 'InternalError', message: 'the SQS twin failed' }));
  }
}

// The guard of the twin's AWS endpoints beside the API (Step Functions, EventBridge): SigV4 for the
// endpoint's service as AWS requires, then the signer's role policies for the action, as IAM decides
// (the twin-ops profile may do everything; the twin's controls under /_twin/ are for twin-ops only).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { IamAuthorizer } from './iam-authorizer';
import { OPS_PROFILE, principalArnOf, type TwinIdentities } from './identity';

export interface Refusal {
  status: number;
  code: string;
  message: string;
}

/** What a request needs beyond a valid signature: an IAM action on resources, or the ops profile. */
export type Access = { action: string; resources: string[] } | 'signature' | 'ops';

export class EndpointGuard {
  constructor(
    private readonly identities: TwinIdentities,
    private readonly authorizer: IamAuthorizer,
    /** The signing name: 'states', 'events'. */
    readonly service: string,
    private readonly regions: string[],
  ) {}

  /** undefined when the request may go on. */
  async check(req: IncomingMessage, body: string, access: Access): Promise<Refusal | undefined> {
    const verified = await this.identities.verify({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.from(body) }, this.service, this.regions);
    if (!verified.ok) return verified;
    const principal = verified.principal;
    if (principal.kind === 'ops' || access === 'signature') return undefined;
    const arn = principalArnOf(principal);
    if (access === 'ops') return { status: 403, code: 'AccessDeniedException', message: `User: ${arn} may not use the twin's controls: sign with the ${OPS_PROFILE} profile` };
    for (const resource of access.resources) {
      const decision = await this.authorizer.authorize(principal.roleArn, arn, resource, resource, access.action);
      if (!decision.allowed) return { status: 400, code: 'AccessDeniedException', message: `User: ${arn} is not authorized to perform: ${access.action} on resource: ${resource}` };
    }
    return undefined;
  }
}

/** The AWS JSON protocol's error reply. */
export function sendRefusal(res: ServerResponse, refusal: Refusal, contentType = 'application/x-amz-json-1.0'): void {
  const body = JSON.stringify({ __type: refusal.code, message: refusal.message });
  res.writeHead(refusal.status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), 'x-amzn-errortype': refusal.code });
  res.end(body);
}

/**
 * A control call that changes the twin must say it sends JSON: a cross-site form post (text/plain,
 * form encodings) cannot set that content type without a CORS preflight, which the twin never grants.
 */
export function controlRefusal(req: IncomingMessage): Refusal | undefined {
  if (req.method === 'GET' || req.method === 'HEAD') return undefined;
  const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' ? undefined : { status: 415, code: 'UnsupportedMediaTypeException', message: 'twin controls take content-type: application/json' };
}

// The twin's STS endpoint (Query protocol, XML replies like sts.amazonaws.com): AssumeRole, so a
// partner system can take a role session with its own session name (a mentor, an officer), and
// GetCallerIdentity. Every request is SigV4-signed for service `sts`.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLarge, JsonHttpServer, readBody, send } from './json-http';
import { principalArnOf, roleIdOf, type TwinIdentities } from './identity';
import { LOCAL_ACCOUNT } from './cfn-resolver';

const XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';

const escapeXml = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

function reply(res: ServerResponse, action: string, result: string): void {
  const requestId = randomUUID();
  res.setHeader('x-amzn-requestid', requestId);
  send(res, 200, 'text/xml', `<${action}Response xmlns="${XMLNS}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`);
}

function error(res: ServerResponse, status: number, code: string, message: string): void {
  const requestId = randomUUID();
  res.setHeader('x-amzn-requestid', requestId);
  send(res, status, 'text/xml', `<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`);
}

export class StsServer extends JsonHttpServer {
  constructor(
    private readonly identities: TwinIdentities,
    /** The AWS regions a request may be signed for (the regional endpoints; us-east-1 for the global one). */
    private readonly regions: string[],
  ) {
    super('STS twin');
  }

  protected failed(res: ServerResponse, err: unknown): void {
    if (err instanceof BodyTooLarge) error(res, 413, 'RequestEntityTooLarge', 'Request Too Long');
    else error(res, 500, 'InternalFailure', 'internal error');
  }

  protected async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://twin');
    if (url.pathname !== '/' || (req.method !== 'POST' && req.method !== 'GET')) return error(res, 404, 'UnknownOperation', 'Not found');
    const body = await readBody(req);
    const verified = await this.identities.verify({ method: req.method, url: req.url ?? '/', headers: req.headers, body: Buffer.from(body) }, 'sts', this.regions);
    if (!verified.ok) return error(res, verified.status, verified.code, verified.message);
    const params = new URLSearchParams(url.search);
    if (req.method === 'POST') for (const [k, v] of new URLSearchParams(body)) params.set(k, v);
    const action = params.get('Action');
    if (params.get('Version') !== '2011-06-15') return error(res, 400, 'InvalidAction', `Could not find operation ${action ?? ''} for version ${params.get('Version') ?? 'NO_VERSION_SPECIFIED'}`);
    const caller = verified.principal;

    if (action === 'GetCallerIdentity') {
      return reply(res, action, `<Arn>${escapeXml(principalArnOf(caller))}</Arn><UserId>${escapeXml(`${roleIdOf(caller.roleArn)}:${caller.sessionName}`)}</UserId><Account>${LOCAL_ACCOUNT}</Account>`);
    }
    if (action === 'AssumeRole') {
      const assumed = this.identities.assumeRole(caller, {
        roleArn: params.get('RoleArn') ?? undefined,
        sessionName: params.get('RoleSessionName') ?? undefined,
        durationSeconds: params.get('DurationSeconds') ?? undefined,
      });
      if (!assumed.ok) return error(res, assumed.status, assumed.code, assumed.message);
      const p = assumed.principal;
      return reply(
        res,
        action,
        `<Credentials><AccessKeyId>${p.accessKeyId}</AccessKeyId><SecretAccessKey>${escapeXml(p.secretAccessKey)}</SecretAccessKey><SessionToken>${escapeXml(p.sessionToken)}</SessionToken><Expiration>${new Date(p.expiresAt).toISOString()}</Expiration></Credentials>` +
          `<AssumedRoleUser><AssumedRoleId>${escapeXml(`${roleIdOf(p.roleArn)}:${p.sessionName}`)}</AssumedRoleId><Arn>${escapeXml(principalArnOf(p))}</Arn></AssumedRoleUser>`,
      );
    }
    return error(res, 400, 'InvalidAction', `The twin's STS serves AssumeRole and GetCallerIdentity, not ${action ?? '(no Action)'}`);
  }
}

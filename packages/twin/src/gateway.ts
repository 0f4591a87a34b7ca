// The twin's API Gateway for one region: serves the synthesized REST API's routes as Lambda proxy
// events. Every request passes SigV4 verification against the credentials the twin issued, then
// the caller role's own IAM policies for the method ARN, before a function sees it.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiRoute, RestApiDefinition } from './api-routes';
import { matchRoute } from './api-routes';
import { LOCAL_ACCOUNT } from './cfn-resolver';
import type { IamAuthorizer } from './iam-authorizer';
import { principalArnOf, roleIdOf, type Principal, type TwinIdentities } from './identity';
import { BodyTooLarge, JsonHttpServer, readBytes } from './json-http';

/** API Gateway's own payload limit. */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

export interface FunctionInvoker {
  invoke(functionLogicalId: string, event: unknown): Promise<{ ok: true; result: unknown } | { ok: false; errorType: string; errorMessage: string }>;
}

export interface GatewayOptions {
  regionId: string;
  awsRegion: string;
  api: RestApiDefinition;
  /** The keys the twin issued (profiles, functions, STS sessions): who signed a request. */
  identities: TwinIdentities;
  authorizer: IamAuthorizer;
  functions: FunctionInvoker;
  port: number;
  host?: string;
  /** The API's OpenAPI document, served unsigned at `GET /openapi.json` (outside the stage, like a published spec). */
  openApi?: () => object;
  /** Called once per request with facts that carry no personal data. */
  onRequest?: (line: { regionId: string; method: string; resourcePath: string; status: number; durationMs: number; caller?: string; authorizationMicros?: number }) => void;
}

export interface RequestTiming {
  /** Microseconds spent in SigV4 verification and IAM evaluation of the last requests. */
  authorizationMicros: number[];
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(payload);
}

/** AWS error shape of API Gateway's own refusals. */
function gatewayError(res: ServerResponse, status: number, type: string, message: string, requestId: string): void {
  send(res, status, { message, __type: type }, { 'x-amzn-errortype': type, 'x-amzn-requestid': requestId });
}

export class Gateway extends JsonHttpServer {
  private openApiDocument: string | undefined;
  readonly timing: RequestTiming = { authorizationMicros: [] };

  constructor(private readonly options: GatewayOptions) {
    super(`API of ${options.regionId}`);
  }

  get baseUrl(): string {
    return `${this.endpoint}/${this.options.api.stageName}`;
  }

  async start(): Promise<void> {
    await this.listen(this.options.port, this.options.host ?? '127.0.0.1');
  }

  async stop(): Promise<void> {
    await this.close();
  }

  protected failed(res: ServerResponse, error: unknown): void {
    console.error(`[twin gateway ${this.options.regionId}] ${error instanceof Error ? error.stack : String(error)}`);
    if (!res.headersSent) send(res, 500, { message: 'Internal server error' });
  }

  protected async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const requestId = randomUUID();
    const { api, regionId } = this.options;
    const url = new URL(req.url ?? '/', 'http://twin.local');
    const method = (req.method ?? 'GET').toUpperCase();
    let resourcePath = url.pathname;
    let caller: string | undefined;
    let authorizationMicros: number | undefined;
    const finish = (status: number) => this.options.onRequest?.({ regionId, method, resourcePath, status, durationMs: Math.round(performance.now() - started), ...(caller ? { caller } : {}), ...(authorizationMicros !== undefined ? { authorizationMicros } : {}) });

    if (url.pathname === '/openapi.json' && this.options.openApi && (method === 'GET' || method === 'HEAD')) {
      send(res, 200, method === 'HEAD' ? '' : (this.openApiDocument ??= JSON.stringify(this.options.openApi())), { 'cache-control': 'no-cache' });
      return finish(200);
    }
    const stagePrefix = `/${api.stageName}`;
    if (url.pathname !== stagePrefix && !url.pathname.startsWith(`${stagePrefix}/`)) {
      gatewayError(res, 403, 'MissingAuthenticationTokenException', `Missing Authentication Token (the API is served under ${stagePrefix})`, requestId);
      return finish(403);
    }
    const path = url.pathname.slice(stagePrefix.length) || '/';
    let match: ReturnType<typeof matchRoute>;
    try {
      match = matchRoute(api.routes, method, path);
    } catch {
      gatewayError(res, 400, 'BadRequestException', 'the path is not validly percent-encoded', requestId);
      return finish(400);
    }
    if (!match || 'methodNotAllowed' in match) {
      // API Gateway answers unknown routes of an IAM-authorized API with 403 Missing Authentication Token.
      gatewayError(res, 403, 'MissingAuthenticationTokenException', `Missing Authentication Token (no route ${method} ${path})`, requestId);
      return finish(403);
    }
    const { route, pathParameters } = match;
    resourcePath = route.resourcePath;

    // What the headers alone refuse is refused before the body is read, so a stranger cannot make the
    // twin buffer 10 MB: a declared length over the limit, an unsigned request, an unknown key.
    const refusal = this.refusalBeforeBody(req, route);
    if (refusal) {
      res.setHeader('connection', 'close');
      gatewayError(res, refusal.status, refusal.code, refusal.message, requestId);
      return finish(refusal.status);
    }
    const body = await readBytes(req, MAX_PAYLOAD_BYTES).catch((error: unknown) => {
      if (error instanceof BodyTooLarge) return undefined;
      throw error;
    });
    if (!body) {
      gatewayError(res, 413, 'RequestEntityTooLarge', 'Request Too Long', requestId);
      return finish(413);
    }

    // 1. SigV4: who signed it, and is the signature over exactly this request?
    const authStarted = performance.now();
    let credential: Principal | undefined;
    if (route.authorizationType === 'AWS_IAM') {
      const verified = await this.options.identities.verify({ method, url: req.url ?? '/', headers: req.headers, body }, 'execute-api', [this.options.awsRegion]);
      if (!verified.ok) {
        gatewayError(res, verified.status, verified.code, verified.message, requestId);
        return finish(verified.status);
      }
      credential = verified.principal;
      caller = credential.name;
      // 2. IAM: may this role invoke this method ARN? Its own synthesized policies decide.
      const principalArn = principalArnOf(credential);
      const methodArn = `arn:aws:execute-api:${this.options.awsRegion}:${LOCAL_ACCOUNT}:${api.apiId}/${api.stageName}/${method}${path}`;
      const decision = await this.options.authorizer.authorize(credential.roleArn, principalArn, methodArn, `${method} ${route.resourcePath}`);
      authorizationMicros = Math.round((performance.now() - authStarted) * 1000);
      this.recordAuthorization(authorizationMicros);
      if (!decision.allowed) {
        gatewayError(res, 403, 'AccessDeniedException', `User: ${principalArn} is not authorized to perform: execute-api:Invoke on resource: ${methodArn}`, requestId);
        return finish(403);
      }
    }

    const event = this.proxyEvent(req, url, method, path, route, pathParameters, body, requestId, credential);
    const outcome = await this.options.functions.invoke(route.functionLogicalId, event);
    if (!outcome.ok) {
      const timedOut = outcome.errorType === 'Sandbox.Timedout';
      console.error(`[twin gateway ${regionId}] ${method} ${route.resourcePath}: function failed (${outcome.errorType})`);
      gatewayError(res, timedOut ? 504 : 502, timedOut ? 'IntegrationTimeout' : 'InternalServerErrorException', timedOut ? 'Endpoint request timed out' : 'Internal server error', requestId);
      return finish(timedOut ? 504 : 502);
    }
    const result = outcome.result as { statusCode?: number; headers?: Record<string, string>; multiValueHeaders?: Record<string, string[]>; body?: string; isBase64Encoded?: boolean } | undefined;
    if (!result || typeof result.statusCode !== 'number') {
      gatewayError(res, 502, 'InternalServerErrorException', 'Internal server error (malformed Lambda proxy response)', requestId);
      return finish(502);
    }
    const headers: Record<string, string> = { 'x-amzn-requestid': requestId };
    for (const [k, v] of Object.entries(result.headers ?? {})) headers[k.toLowerCase()] = String(v);
    for (const [k, v] of Object.entries(result.multiValueHeaders ?? {})) headers[k.toLowerCase()] = v.join(', ');
    const payload = result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? '');
    res.writeHead(result.statusCode, headers);
    res.end(payload);
    return finish(result.statusCode);
  }

  private refusalBeforeBody(req: IncomingMessage, route: ApiRoute): { status: number; code: string; message: string } | undefined {
    if (Number(req.headers['content-length'] ?? 0) > MAX_PAYLOAD_BYTES) return { status: 413, code: 'RequestEntityTooLarge', message: 'Request Too Long' };
    if (route.authorizationType !== 'AWS_IAM') return undefined;
    const authorization = req.headers.authorization;
    const query = new URL(req.url ?? '/', 'http://twin.local').searchParams;
    const keyId = typeof authorization === 'string' ? /Credential=([^/,\s]+)\//.exec(authorization)?.[1] : query.get('X-Amz-Credential')?.split('/')[0];
    if (keyId === undefined) return { status: 403, code: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' };
    if (!this.options.identities.lookup(keyId)) return { status: 403, code: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' };
    return undefined;
  }

  private recordAuthorization(micros: number): void {
    const samples = this.timing.authorizationMicros;
    samples.push(micros);
    if (samples.length > 10_000) samples.splice(0, samples.length - 10_000);
  }

  private proxyEvent(req: IncomingMessage, url: URL, method: string, path: string, route: ApiRoute, pathParameters: Record<string, string>, body: Buffer, requestId: string, credential: Principal | undefined) {
    const headers: Record<string, string> = Object.create(null);
    const multiValueHeaders: Record<string, string[]> = Object.create(null);
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined) continue;
      const values = Array.isArray(value) ? value : [value];
      headers[name] = values[values.length - 1]!;
      multiValueHeaders[name] = values;
    }
    // No prototype (here and for the headers): a key such as `__proto__` is data, as it is to API Gateway.
    const query: Record<string, string> = Object.create(null);
    const multiQuery: Record<string, string[]> = Object.create(null);
    for (const [k, v] of url.searchParams) {
      query[k] = v;
      (multiQuery[k] ??= []).push(v);
    }
    const hasQuery = Object.keys(query).length > 0;
    const now = new Date();
    const userId = credential ? `${roleIdOf(credential.roleArn)}:${credential.sessionName}` : null;
    const { api } = this.options;
    const isText = body.length === 0 || /json|text|xml|urlencoded/i.test(String(req.headers['content-type'] ?? 'application/json'));
    return {
      resource: route.resourcePath,
      path,
      httpMethod: method,
      headers,
      multiValueHeaders,
      queryStringParameters: hasQuery ? query : null,
      multiValueQueryStringParameters: hasQuery ? multiQuery : null,
      pathParameters: Object.keys(pathParameters).length ? pathParameters : null,
      stageVariables: null,
      requestContext: {
        accountId: LOCAL_ACCOUNT,
        apiId: api.apiId,
        resourceId: route.resourceId,
        resourcePath: route.resourcePath,
        httpMethod: method,
        stage: api.stageName,
        path: `/${api.stageName}${path}`,
        protocol: `HTTP/${req.httpVersion}`,
        requestId,
        extendedRequestId: requestId,
        requestTime: now.toUTCString(),
        requestTimeEpoch: now.getTime(),
        domainName: String(req.headers.host ?? 'localhost'),
        identity: {
          accessKey: credential?.accessKeyId ?? null,
          accountId: credential ? LOCAL_ACCOUNT : null,
          caller: userId,
          user: userId,
          userArn: credential ? principalArnOf(credential) : null,
          sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
          userAgent: String(req.headers['user-agent'] ?? ''),
          cognitoAuthenticationProvider: null,
          cognitoAuthenticationType: null,
          cognitoIdentityId: null,
          cognitoIdentityPoolId: null,
          principalOrgId: null,
        },
        authorizer: null,
      },
      body: body.length ? (isText ? body.toString('utf8') : body.toString('base64')) : null,
      isBase64Encoded: body.length > 0 && !isText,
    };
  }
}

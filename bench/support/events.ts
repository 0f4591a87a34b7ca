// API Gateway REST (Lambda proxy) events as the twin's gateway and API Gateway itself build them
// for an IAM-authorized request, for handlers invoked outside the gateway.
import { randomUUID } from 'node:crypto';
import { uniqueBsn } from '../../test/support/bsn';

export const LOCAL_ACCOUNT = '000000000000';

export interface ProxyEventInput {
  method: string;
  /** Route template, e.g. `/cases/{caseId}`. */
  resource: string;
  /** Concrete path, e.g. `/cases/0b7c...`. */
  path: string;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  /** IAM role name of the signing partner, e.g. `cter-kennemerland-politie`. */
  roleName: string;
  /** The role session's name (default `twin`): a ONE-on-ONE mentor signs in a session named by their mentor id. */
  sessionName?: string;
  apiId?: string;
  stage?: string;
}

export function proxyEvent(input: ProxyEventInput): Record<string, unknown> {
  const requestId = randomUUID();
  const now = new Date();
  const stage = input.stage ?? 'v1';
  const apiId = input.apiId ?? 'benchapi01';
  const body = input.body === undefined ? null : JSON.stringify(input.body);
  const headers: Record<string, string> = {
    accept: '*/*',
    host: `${apiId}.execute-api.eu-west-1.amazonaws.com`,
    'user-agent': 'cter-bench',
    'x-amz-date': now.toISOString().replace(/[-:]|\.\d{3}/g, ''),
    authorization: 'AWS4-HMAC-SHA256 Credential=AKIABENCH/20250101/eu-west-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=0',
    ...(body !== null ? { 'content-type': 'application/json' } : {}),
  };
  const query = input.query && Object.keys(input.query).length > 0 ? input.query : null;
  const roleId = `AROA${Buffer.from(input.roleName).toString('hex').slice(0, 17).toUpperCase()}`;
  const session = input.sessionName ?? 'twin';
  return {
    resource: input.resource,
    path: input.path,
    httpMethod: input.method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: query,
    multiValueQueryStringParameters: query ? Object.fromEntries(Object.entries(query).map(([k, v]) => [k, [v]])) : null,
    pathParameters: input.pathParameters && Object.keys(input.pathParameters).length > 0 ? input.pathParameters : null,
    stageVariables: null,
    requestContext: {
      accountId: LOCAL_ACCOUNT,
      apiId,
      resourceId: 'bench0',
      resourcePath: input.resource,
      httpMethod: input.method,
      stage,
      path: `/${stage}${input.path}`,
      protocol: 'HTTP/1.1',
      requestId,
      extendedRequestId: requestId,
      requestTime: now.toUTCString(),
      requestTimeEpoch: now.getTime(),
      domainName: headers.host,
      identity: {
        accessKey: 'AKIABENCH',
        accountId: LOCAL_ACCOUNT,
        caller: `${roleId}:${session}`,
        user: `${roleId}:${session}`,
        userArn: `arn:aws:sts::${LOCAL_ACCOUNT}:assumed-role/${input.roleName}/${session}`,
        sourceIp: '127.0.0.1',
        userAgent: 'cter-bench',
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
      },
      authorizer: null,
    },
    body,
    isBase64Encoded: false,
  };
}


export function signalBody(municipality: string): Record<string, unknown> {
  return {
    subject: { name: 'Bench Persoon', bsn: uniqueBsn(), birthDate: '2005-03-14', municipality },
    reason: 'Zorgen over uitingen in de klas',
    reporter: { name: 'Mentor Van Dijk', phone: '+31 6 1234 5678' },
  };
}

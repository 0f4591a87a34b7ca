// Calls a route's exported `handler` as API Gateway would: a REST proxy event signed by a partner's
// role (bench/support/events.ts builds the same events the twin's gateway does), a Lambda context,
// and the reply's JSON body parsed.
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { partnerRoleName } from '@cter/config';
import { proxyEvent, type ProxyEventInput } from '../../../bench/support/events';
import { REGION } from './local-env';

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

export interface Reply {
  status: number;
  headers: Record<string, string | number | boolean>;
  body: any;
}

function lambdaContext(): Context {
  const requestId = randomUUID();
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'integration',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:integration',
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: '/aws/lambda/integration',
    logStreamName: 'integration',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Invokes `handler` for `organisation` (an organisation id of the region, e.g. `politie`). */
export async function invoke(handler: Handler, organisation: string, request: Omit<ProxyEventInput, 'roleName'> & { headers?: Record<string, string> }): Promise<Reply> {
  const event = proxyEvent({ ...request, roleName: partnerRoleName(REGION, organisation) }) as unknown as APIGatewayProxyEvent;
  if (request.headers) event.headers = { ...event.headers, ...request.headers };
  const result = await handler(event, lambdaContext());
  return { status: result.statusCode, headers: result.headers ?? {}, body: result.body ? JSON.parse(result.body) : undefined };
}

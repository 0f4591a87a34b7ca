// httpRoute with registry entries and stub handle functions: what reaches a handler is the caller
// and the input parsed with the entry's schemas; everything else is refused before it.
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENV, partnerRoleName } from '@cter/config';
import { CaseNotFound, StaleVersion } from '@cter/domain';
import * as routes from '@cter/routes';
import { uniqueBsn } from '../../../test/support/bsn';

// httpRoute reads the region when a route is built; the metrics must not need a namespace here.
process.env[ENV.regionId] = 'kennemerland';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env[ENV.logLevel] = 'SILENT';
const { httpRoute } = await import('../src/route');

const CASE_ID = '0b7c3a52-3f7e-4f0a-9d51-2f3c7f0a1b2c';

function event(organisation: string, input: { pathParameters?: Record<string, string>; body?: string; headers?: Record<string, string> }): APIGatewayProxyEvent {
  return {
    headers: { 'content-type': 'application/json', ...input.headers },
    pathParameters: input.pathParameters ?? null,
    queryStringParameters: null,
    body: input.body ?? null,
    isBase64Encoded: false,
    requestContext: { requestId: randomUUID(), identity: { userArn: `arn:aws:sts::000000000000:assumed-role/${partnerRoleName('kennemerland', organisation)}/session` } },
  } as unknown as APIGatewayProxyEvent;
}
const context = { awsRequestId: 'aws-request', functionName: 'route-test' } as Context;

async function call(handler: ReturnType<typeof httpRoute>, ev: APIGatewayProxyEvent) {
  const result = await handler(ev, context);
  return { status: result.statusCode, headers: result.headers ?? {}, body: result.body ? JSON.parse(result.body) : undefined };
}

const signal = { subject: { name: 'Test Persoon', bsn: uniqueBsn(), birthDate: '2005-03-14', municipality: 'haarlem' }, reason: 'Zorgen', reporter: { name: 'Mentor', phone: '+31 6 1234 5678' } };

describe('httpRoute', () => {
  let seen: Array<{ body: unknown; path: unknown; organisation: string; route: string }>;
  let registerSignal: ReturnType<typeof httpRoute>;
  let getCase: ReturnType<typeof httpRoute>;
  beforeAll(() => {
    registerSignal = httpRoute(routes.registerSignal, {
      handle: async (request) => {
        seen.push({ body: request.body, path: request.path, organisation: request.caller.organisation.id, route: request.route });
        return { status: 201, body: { ok: true } };
      },
    });
    getCase = httpRoute(routes.getCase, {
      handle: async (request) => {
        seen.push({ body: request.body, path: request.path, organisation: request.caller.organisation.id, route: request.route });
        if (request.caller.organisation.id === 'om') throw new CaseNotFound(request.path.caseId);
        if (request.caller.organisation.id === 'zvh') throw new StaleVersion(3, 4);
        throw new Error('secret detail from deep inside: bsn 123456782');
      },
    });
  });

  it('hands the handler the caller and the body parsed with the entry schema', async () => {
    seen = [];
    const reply = await call(registerSignal, event('politie', { body: JSON.stringify(signal) }));
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({ ok: true });
    expect(reply.headers['x-correlation-id']).toEqual(expect.any(String));
    expect(seen).toEqual([{ body: signal, path: undefined, organisation: 'politie', route: 'POST /signals' }]);
  });

  it('refuses an organisation type the entry does not allow with 403, before the handler', async () => {
    seen = [];
    const reply = await call(registerSignal, event('onderwijs', { body: JSON.stringify(signal) }));
    expect(reply.status).toBe(403);
    expect(reply.body.error.code).toBe('NotAllowed');
    expect(seen).toEqual([]);
  });

  it('refuses a request not signed by a partner role of the region with 403', async () => {
    const unsigned = event('politie', { body: JSON.stringify(signal) });
    unsigned.requestContext.identity.userArn = 'arn:aws:sts::000000000000:assumed-role/cter-zaanstreek-waterland-politie/session';
    const reply = await call(registerSignal, unsigned);
    expect(reply.status).toBe(403);
    expect(reply.body.error.code).toBe('NotAuthenticated');
  });

  it('refuses a body that fails the schema (422, naming the field), bad JSON (400) and a missing body (400)', async () => {
    seen = [];
    const invalid = await call(registerSignal, event('politie', { body: JSON.stringify({ ...signal, extra: 1 }) }));
    expect(invalid.status).toBe(422);
    expect(invalid.body.error).toMatchObject({ code: 'ValidationFailed', details: [{ path: 'extra', message: 'unknown field' }] });
    const malformed = await call(registerSignal, event('politie', { body: '{"subject":' }));
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('MalformedRequest');
    const missing = await call(registerSignal, event('politie', {}));
    expect(missing.status).toBe(400);
    expect(seen).toEqual([]);
  });

  it('refuses a body that is not JSON (415) and one above the limit (413)', async () => {
    const text = await call(registerSignal, event('politie', { body: JSON.stringify(signal), headers: { 'content-type': 'text/plain' } }));
    expect(text.status).toBe(415);
    const large = await call(registerSignal, event('politie', { body: JSON.stringify({ ...signal, reason: 'x'.repeat(70_000) }) }));
    expect(large.status).toBe(413);
  });

  it('parses the path with the entry schema', async () => {
    seen = [];
    const bad = await call(getCase, event('om', { pathParameters: { caseId: 'not-a-uuid' } }));
    expect(bad.status).toBe(422);
    expect(bad.body.error.details[0].path).toBe('caseId');
    expect(seen).toEqual([]);
  });

  it('maps a thrown domain error to its status and message', async () => {
    const notFound = await call(getCase, event('om', { pathParameters: { caseId: CASE_ID } }));
    expect(notFound.status).toBe(404);
    expect(notFound.body.error).toMatchObject({ code: 'NotFound' });
    expect(notFound.body.error.message).toContain(CASE_ID);
    const stale = await call(getCase, event('zvh', { pathParameters: { caseId: CASE_ID } }));
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'StaleVersion', message: 'version 3 is not the current version 4; read the case again and retry' });
  });

  it('answers any other error with a 500 that exposes no message', async () => {
    const reply = await call(getCase, event('politie', { pathParameters: { caseId: CASE_ID } }));
    expect(reply.status).toBe(500);
    expect(reply.body.error.code).toBe('InternalError');
    expect(JSON.stringify(reply.body)).not.toMatch(/secret|123456782/);
  });

  it('will not build a route whose entry needs an idempotency runner without one', () => {
    expect(() => httpRoute(routes.draftPlan, { handle: async () => ({ status: 201 }) })).toThrow(/idempotency/);
  });
});

// Builds an API Gateway (REST, proxy) handler for a route of the registry (@cter/routes). The middy
// chain is the same for every route: tracing, context, logger and metrics -> correlation id ->
// caller, refused unless the entry allows its organisation type -> body parsing -> validation with
// the entry's schemas -> handler -> error mapping. A handler only receives validated input and an
// authenticated, allowed caller.
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { callerFromIdentity, type Caller } from '@cter/access';
import { IDEMPOTENCY_KEY_PATTERN, type RouteContract, type Validator } from '@cter/routes/contract';
import { MalformedRequest, NotAllowed, PayloadTooLarge, UnsupportedMediaType, ValidationFailed } from '@cter/domain';
import { logger } from './logger';
import { errorResponse } from './errors';
import { correlate, CORRELATION_HEADER } from './correlation';
import { observability } from './observability';
import type { ReplayRenderer } from '@cter/store';
import { ENV } from '@cter/config';

/** Bodies above this are refused with 413 before parsing (API Gateway itself allows 10 MB). */
export const MAX_BODY_BYTES = 64 * 1024;

export interface HttpRequest<Body, Query, Path> {
  body: Body;
  query: Query;
  path: Path;
  headers: Record<string, string | undefined>;
  caller: Caller;
  requestId: string;
  /** e.g. `POST /signals`: the route template, never the concrete path. */
  route: string;
}

export interface HttpResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A body that is not JSON (e.g. CSV), sent as is; `headers` then names its content-type. */
  raw?: string;
}

/**
 * Runs a write at most once per Idempotency-Key (`idempotencyIn(table)` of @cter/store). Given by
 * the handler, so functions that write nothing do not carry the store. A repeat is answered from
 * the stored status, headers and ids, after reading the case again with the caller's visibility
 * (`replay`), audited.
 */
export type IdempotencyRunner = (
  scope: { organisationId: string; key: string; route: string; request: unknown; replay: { caller: Caller; requestId: string; caseId: string; render?: ReplayRenderer } },
  write: () => Promise<HttpResult>,
) => Promise<HttpResult & { replayed: boolean }>;

/** The validated value (the schema's output), or `unknown` for a part the route does not take. */
type PartOf<E extends RouteContract, K extends 'body' | 'query' | 'path'> = E['validate'] extends { [P in K]: Validator<infer T> } ? T : unknown;

/** What a handler adds to its registry entry. */
export interface RouteHandler<E extends RouteContract> {
  handle: (request: HttpRequest<PartOf<E, 'body'>, PartOf<E, 'query'>, PartOf<E, 'path'>>) => Promise<HttpResult>;
  /** Required for the routes whose entry says `idempotency: 'runner'` (checked when the function loads). */
  idempotency?: IdempotencyRunner;
  /**
   * How a repeat of this write shows the case again (read now, visible to the caller now), with the
   * data categories it shows for the audit record. Without it a repeat answers the stored ids.
   */
  replay?: ReplayRenderer;
}

function regionId(): string {
  const id = process.env[ENV.regionId];
  if (!id) throw new Error('environment variable REGION_ID is not set');
  return id;
}

async function validate(validator: Validator<unknown> | undefined, value: unknown, where: string): Promise<unknown> {
  if (!validator) return undefined;
  const outcome = await validator(value);
  if (!outcome.ok) throw new ValidationFailed(`the request ${where} is not valid`, outcome.details);
  return outcome.value;
}

function parseBody(event: APIGatewayProxyEvent): unknown {
  if (event.body === null || event.body === undefined || event.body === '') return undefined;
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (Buffer.byteLength(raw, 'utf8') > MAX_BODY_BYTES) {
    throw new PayloadTooLarge(`the body exceeds ${MAX_BODY_BYTES} bytes`);
  }
  const contentType = Object.entries(event.headers ?? {}).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
  if (contentType && !/^application\/(.+\+)?json\b/i.test(contentType)) {
    throw new UnsupportedMediaType('send the body as application/json');
  }
  try {
    return JSON.parse(raw);
  } catch {
    throw new MalformedRequest('the body is not valid JSON');
  }
}

function lowerCaseHeaders(headers: APIGatewayProxyEvent['headers'] | null): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(headers ?? {})) out[k.toLowerCase()] = v ?? undefined;
  return out;
}

/** The caller's Idempotency-Key on a write that accepts one, checked; none is fine. */
export function idempotencyKeyOf(headers: Record<string, string | undefined>): string | undefined {
  const key = headers['idempotency-key'];
  if (key !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(key)) {
    throw new ValidationFailed('the Idempotency-Key header is not valid', [{ path: 'Idempotency-Key', message: '8 to 128 characters of A-Z, a-z, 0-9, _ . : -' }]);
  }
  return key;
}

export function httpRoute<const E extends RouteContract>(entry: E, definition: RouteHandler<E>) {
  const region = regionId();
  const { route } = entry;
  if ((entry.idempotency === 'runner') !== Boolean(definition.idempotency)) {
    throw new Error(`${route}: routes whose registry entry says idempotency 'runner' (and only those) pass an idempotency runner`);
  }
  // A replay shows nothing before the case is read again with the caller's visibility.
  if (definition.idempotency && !route.includes('/cases/{caseId}')) throw new Error(`${route}: an idempotent route writes on a case (/cases/{caseId}/...)`);
  const core = async (event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> => {
    const requestId = event.requestContext?.requestId ?? context.awsRequestId;
    const headers = lowerCaseHeaders(event.headers);
    const correlationId = correlate(headers[CORRELATION_HEADER], requestId);
    logger.appendKeys({ route, requestId });
    const started = Date.now();
    let result: APIGatewayProxyResult;
    try {
      const caller = callerFromIdentity(event.requestContext?.identity, region);
      logger.appendKeys({ organisation: caller.organisation.id });
      // Defence in depth behind IAM at the gateway, which allows the same organisation types.
      if (!entry.allowed.includes(caller.organisation.type)) throw new NotAllowed(`organisation type ${caller.organisation.type} may not call ${route}`);
      const path = (await validate(entry.validate.path, event.pathParameters ?? {}, 'path')) as PartOf<E, 'path'>;
      const query = (await validate(entry.validate.query, event.queryStringParameters ?? {}, 'query')) as PartOf<E, 'query'>;
      const rawBody = parseBody(event);
      if (entry.validate.body && rawBody === undefined) throw new MalformedRequest('a JSON body is required');
      const body = (await validate(entry.validate.body, rawBody, 'body')) as PartOf<E, 'body'>;
      const handle = () => definition.handle({ body, query, path, headers, caller, requestId, route });
      const key = definition.idempotency ? idempotencyKeyOf(headers) : undefined;
      const reply = definition.idempotency && key
        ? await definition.idempotency(
            {
              organisationId: caller.organisation.id,
              key,
              route,
              request: { path, query, body },
              replay: { caller, requestId, caseId: String((path as { caseId?: unknown }).caseId), ...(definition.replay ? { render: definition.replay } : {}) },
            },
            handle,
          )
        : { ...(await handle()), replayed: false };
      result = {
        statusCode: reply.status,
        headers: { 'content-type': 'application/json', ...reply.headers, ...(reply.replayed ? { 'idempotent-replayed': 'true' } : {}) },
        body: reply.raw ?? (reply.body === undefined ? '' : JSON.stringify(reply.body)),
      };
    } catch (error) {
      result = errorResponse(error, requestId);
    }
    // Echoed on every reply, errors included, so the caller can quote it.
    result.headers = { ...result.headers, [CORRELATION_HEADER]: correlationId };
    logger.info('request handled', { status: result.statusCode, durationMs: Date.now() - started });
    return result;
  };
  // The entry rides along, so a test can tell which route a handler file serves.
  return Object.assign(middy<APIGatewayProxyEvent, APIGatewayProxyResult>().use(observability()).handler(core), { entry });
}

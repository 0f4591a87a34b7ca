// The OpenAPI 3.1 document of a region's API (or of all three), generated from the route registry
// (@cter/routes). Nothing here is written by hand per route: add the route to the registry, and the
// document, the request models and the typed client follow.
import { REGIONS, type RegionId } from '@cter/config';
import { IDEMPOTENCY_KEY_PATTERN, ROUTE_ENTRIES, routeEntry, splitRoute, type RouteEntry as RouteSpec, type Service } from '@cter/routes';
import { CORRELATION_HEADER, CORRELATION_ID_PATTERN } from '@cter/domain';
import { ErrorResponse } from '@cter/domain/schemas';
import type * as core from 'zod/v4/core';
import {
  createDocument,
  type ZodObjectInput,
  type ZodOpenApiContentObject,
  type ZodOpenApiOperationObject,
  type ZodOpenApiParameterObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponsesObject,
} from 'zod-openapi';
import { gatewayModelSchema, type JsonSchema } from './json-schema';

/** The API Gateway stage every region's API is deployed as (infra/lib/api.ts). */
export const API_STAGE = 'v1';
export const API_VERSION = '1.0.0';

const TAGS: Record<Service, string> = {
  cases: 'Signals open cases; partners list, read and correct them as their access allows.',
  workflow: 'The integral work process: the human steps (tasks) of a case and the decisions on them.',
  covenant: 'The covenant (convenant): sharing decisions, disclosures, consent, informing the person, the audit trail and subject access.',
  measures: 'The plan of action, its measures, ONE-on-ONE mentoring and the de-identified evaluation export.',
};
const UNDOCUMENTED_TAG = 'undocumented';

export interface OpenApiOptions {
  /** The server URL to list (the twin's gateway); default: the region's API in AWS. */
  serverUrl?: string;
  /** `METHOD /path` routes to document; default: every route of the registry. */
  routes?: readonly string[];
}

export type OpenApiDocument = Record<string, unknown> & { paths: Record<string, Record<string, Record<string, unknown>>> };

/** PascalCase of an operation id: the name of its request model and component schemas. */
const pascal = (id: string) => id.charAt(0).toUpperCase() + id.slice(1);

/** `POST /cases/{caseId}/decisions` -> `postCasesCaseIdDecisions`: an operation id for routes missing from the table. */
function fallbackOperationId(route: string): string {
  const { method, path } = splitRoute(route);
  const words = path.split(/[/{}_-]+/).filter(Boolean);
  return method.toLowerCase() + words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

function awsServer(region: RegionId) {
  const config = REGIONS[region];
  return {
    url: `https://{restApiId}.execute-api.${config.awsRegion}.amazonaws.com/${API_STAGE}`,
    description: `${config.name} (${region}) in AWS ${config.awsRegion}`,
    variables: { restApiId: { default: 'restApiId', description: `The REST API id of the ${region} stack (its API Gateway console or stack resources)` } },
  };
}

const ERROR_RESPONSES: Record<number, { name: string; description: string; gatewayShaped?: boolean; retryAfter?: boolean }> = {
  400: { name: 'MalformedRequest', description: 'The body is not valid JSON, or a required body is missing.' },
  403: {
    name: 'Forbidden',
    gatewayShaped: true,
    description:
      "Refused. By the gateway (AWS-shaped: a missing or invalid SigV4 signature, or the caller's role may not invoke this route), or by the handler for this object (`NotAllowed`, e.g. a disclosure the covenant refuses).",
  },
  404: { name: 'NotFound', description: 'Unknown, or not visible to the caller: the platform does not tell them apart.' },
  409: { name: 'Conflict', description: 'The state changed: a stale `version` (`StaleVersion`), a task no longer open, a plan that changed meanwhile, an id used before.' },
  413: { name: 'PayloadTooLarge', gatewayShaped: true, description: 'The body exceeds 64 KiB (the handler) or 10 MB (the gateway).' },
  415: { name: 'UnsupportedMediaType', description: 'Send the body as application/json.' },
  422: {
    name: 'ValidationFailed',
    description:
      'Fields are not valid; `details` names each (`path` like `subject.bsn`). In AWS the gateway checks the structure of a body first (request models) and answers its refusals in this shape without details.',
  },
  429: { name: 'TooManyRequests', gatewayShaped: true, description: 'Throttled by the gateway: retry with backoff.' },
  500: { name: 'InternalError', description: 'Unexpected; quote the `requestId` when reporting it.' },
  503: { name: 'ServiceUnavailable', retryAfter: true, description: 'A backing service is unavailable: retry after `Retry-After` seconds.' },
};

function errorStatuses(spec: RouteSpec | undefined, hasPath: boolean, idempotent: boolean): number[] {
  const statuses = new Set<number>([403, 422, 429, 500, 503]);
  // A request with the same Idempotency-Key still in progress.
  if (idempotent) statuses.add(409);
  if (spec?.body) for (const s of [400, 413, 415]) statuses.add(s);
  if (hasPath) statuses.add(404);
  for (const s of spec?.errors ?? []) statuses.add(s);
  return [...statuses].sort((a, b) => a - b);
}

function pathParameterNames(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
}

/** The OpenAPI 3.1 document: of one region (its server), or of the platform (a server per region). */
export function generateOpenApi(region?: string, options: OpenApiOptions = {}): OpenApiDocument {
  const config = region !== undefined ? (REGIONS as Record<string, (typeof REGIONS)[RegionId] | undefined>)[region] : undefined;
  if (region !== undefined && !config && !options.serverUrl) throw new Error(`unknown region ${region}; one of ${Object.keys(REGIONS).join(', ')}`);
  const routes = [...(options.routes ?? ROUTE_ENTRIES.map((c) => c.route))];
  // Components by schema: a request body as `<Operation>Request`, a response as `<Operation>Response`
  // (the first operation using it names it); zod-openapi writes each once and refers to it.
  const schemas = new Map<core.$ZodType, string>([[ErrorResponse, 'Error']]);
  const name = (schema: core.$ZodType, preferred: string) => {
    const existing = schemas.get(schema);
    if (existing) return schema;
    const taken = new Set(schemas.values());
    let id = preferred;
    for (let i = 2; taken.has(id); i++) id = `${preferred}${i}`;
    schemas.set(schema, id);
    return schema;
  };

  const paths: ZodOpenApiPathsObject = {};
  const usedTags = new Set<string>();
  for (const route of routes) {
    const { method, path } = splitRoute(route);
    const spec = routeEntry(route);
    const operationId = spec?.operationId ?? fallbackOperationId(route);
    const tag = spec?.service ?? UNDOCUMENTED_TAG;
    usedTags.add(tag);
    const idempotent = spec?.idempotency === 'runner';

    const templateParams = pathParameterNames(path);
    const parameters: ZodOpenApiParameterObject[] = spec?.path ? [] : templateParams.map((p) => ({ name: p, in: 'path', required: true, schema: { type: 'string' } }));
    for (const [header, h] of Object.entries(spec?.headers ?? {})) parameters.push({ name: header, in: 'header', required: h.required ?? false, description: h.description, schema: h.schema });
    if (idempotent) parameters.push({ $ref: '#/components/parameters/IdempotencyKey' });
    parameters.push({ $ref: '#/components/parameters/CorrelationId' });

    const who = spec ? `**May call:** ${spec.allowed.join(', ')}.${spec.personalData ? ' Reads or writes personal data: every call is audited.' : ''}` : '**May call:** nobody (the route is missing from the route registry).';
    const description = [spec?.description, who, spec ? undefined : 'Not yet described in the route registry (packages/routes).'].filter(Boolean).join('\n\n');

    const responses: ZodOpenApiResponsesObject = {};
    if (spec) {
      for (const [status, response] of Object.entries(spec.responses)) {
        const content: ZodOpenApiContentObject = { 'application/json': { schema: name(response.schema, `${pascal(operationId)}Response`) } };
        if (response.alternative) content[response.alternative.mediaType] = { schema: { type: 'string', description: response.alternative.description } };
        responses[status as `${1 | 2 | 3 | 4 | 5}${string}`] = {
          description: response.description,
          ...(response.headers ? { headers: Object.fromEntries(Object.entries(response.headers).map(([h, v]) => [h, { description: v.description, schema: v.schema }])) } : {}),
          content,
        };
      }
    } else {
      responses['200'] = { description: 'Success (the response is not described yet)', content: { 'application/json': { schema: { type: 'object' } } } };
    }
    for (const status of errorStatuses(spec, templateParams.length > 0, idempotent)) responses[String(status) as `${1 | 2 | 3 | 4 | 5}${string}`] = { $ref: `#/components/responses/${ERROR_RESPONSES[status]!.name}` };

    const operation: ZodOpenApiOperationObject = {
      operationId,
      summary: spec?.summary ?? route,
      description,
      tags: [tag],
      ...(spec?.path || spec?.query ? { requestParams: { ...(spec.path ? { path: spec.path as ZodObjectInput } : {}), ...(spec.query ? { query: spec.query as ZodObjectInput } : {}) } } : {}),
      parameters,
      ...(spec?.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: name(spec.body, `${pascal(operationId)}Request`), ...(spec.example !== undefined ? { example: spec.example } : {}) } } } }
        : {}),
      responses,
      'x-cter-allowed': spec ? [...spec.allowed] : [],
      'x-cter-personal-data': spec?.personalData ?? false,
    };
    (paths[path] ??= {})[method.toLowerCase() as 'get'] = operation;
  }

  const regionName = config ? `${config.name} (${region})` : region;
  const info = {
    title: region ? `CTER case platform API: ${config?.name ?? region}` : 'CTER case platform API',
    version: API_VERSION,
    summary: 'Cases, the integral work process, the covenant and measures of the CTER approach in Noord-Holland.',
    description: INFO_DESCRIPTION,
  };
  const document = createDocument(
    {
      openapi: '3.1.0',
      // OpenAPI 3.1's info.summary, which zod-openapi's 3.0-shaped InfoObject type does not name.
      info: info as { title: string; version: string },
      servers: region ? [options.serverUrl ? { url: options.serverUrl, description: `${regionName}: the local twin` } : awsServer(region as RegionId)] : (Object.keys(REGIONS) as RegionId[]).map(awsServer),
      security: [{ sigv4: [] }],
      tags: [...Object.entries(TAGS), [UNDOCUMENTED_TAG, 'Routes the route registry does not describe yet.'] as const].filter(([t]) => usedTags.has(t)).map(([t, d]) => ({ name: t, description: d })),
      paths,
      components: {
        securitySchemes: {
          sigv4: {
            type: 'apiKey',
            name: 'Authorization',
            in: 'header',
            description:
              "AWS Signature Version 4 (service `execute-api`, the region's AWS region) with the credentials of your organisation's role for this region: one IAM role per partner organisation and region, reached with IAM Roles Anywhere certificates.",
            'x-amazon-apigateway-authtype': 'awsSigv4',
          },
        },
        schemas: { ...Object.fromEntries([...schemas].filter(([, id]) => id !== 'Error').map(([schema, id]) => [id, schema])), Error: ErrorResponse, GatewayError: GATEWAY_ERROR },
        parameters: {
          IdempotencyKey: {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            description:
              'Your key for this write (a UUID fits), kept 24 hours. The same key with the same request answers the first outcome again (header `Idempotent-Replayed: true`) instead of writing twice, so the write may be retried after a timeout or a 5xx; with another request 422; while the first is still being handled 409. The typed client sends one with every write.',
            schema: { type: 'string', pattern: IDEMPOTENCY_KEY_PATTERN.source },
          },
          CorrelationId: {
            name: CORRELATION_HEADER,
            in: 'header',
            required: false,
            description: 'Your own id for this request (opaque: never a name or a BSN). It comes back in the response header of the same name and ties together the log lines of the request; without it (or when malformed) the request id is used.',
            schema: { type: 'string', pattern: CORRELATION_ID_PATTERN.source },
          },
        },
        headers: { RetryAfter: { description: 'Seconds to wait before retrying', schema: { type: 'integer', minimum: 0 } } },
        responses: Object.fromEntries(
          Object.values(ERROR_RESPONSES).map((e) => [
            e.name,
            {
              description: e.description,
              ...(e.retryAfter ? { headers: { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } } } : {}),
              content: { 'application/json': { schema: e.gatewayShaped ? { oneOf: [ref('Error'), ref('GatewayError')] } : ref('Error') } },
            },
          ]),
        ),
      },
    },
    {
      // Responses are open: a partner must ignore fields it does not know, so the closed objects zod
      // emits for output become open. Requests stay closed (unknown fields are refused).
      override: ({ jsonSchema, io }) => {
        if (io === 'output' && jsonSchema.additionalProperties === false) delete jsonSchema.additionalProperties;
      },
    },
  );
  // A path or query property's description describes the parameter: say it there, where readers look;
  // and say `required` of every parameter, also when it is not.
  for (const operations of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(operations as Record<string, { parameters?: Array<Record<string, unknown>> }>)) {
      for (const parameter of operation.parameters ?? []) {
        if (!('$ref' in parameter)) parameter.required ??= false;
        const schema = parameter.schema as Record<string, unknown> | undefined;
        if (schema && typeof schema.description === 'string') {
          const { description, ...rest } = schema;
          Object.assign(parameter, { description: parameter.description ?? description, schema: rest });
        }
      }
    }
  }
  return document as unknown as OpenApiDocument;
}

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

const GATEWAY_ERROR: JsonSchema = {
  type: 'object',
  description: "API Gateway's own refusal (signature, IAM, throttling, size), AWS-shaped",
  properties: { message: { type: 'string' }, __type: { type: 'string', description: 'e.g. AccessDeniedException, IncompleteSignatureException' } },
  required: ['message'],
};

const INFO_DESCRIPTION = [
  'The case platform of the integral approach against terrorism, extremism and radicalisation (CTER) in Noord-Holland: one API per care and safety house (ZVH) region.',
  '',
  "**Signing.** Every request is signed with AWS Signature Version 4 (service `execute-api`) as your organisation's role in the region. Your role may call the routes of the capability matrix for your organisation type (each operation lists them); the handler then checks the case itself.",
  '',
  '**Errors** are JSON `{"error":{"code","message","details":[{"path","message"}],"requestId"}}`; the gateway\'s own refusals are AWS-shaped (`{"message"}`). Retry 429 and 503 (after `Retry-After`) with backoff; retry other failures only for reads, `PUT` and signals sent with an `Idempotency-Key`.',
  '',
  'The typed TypeScript client `@cter/client` signs, retries and raises typed errors for you.',
].join('\n');

/** The API Gateway request model of a route with a JSON body: its name and draft 4 schema. */
export function requestModel(route: string): { name: string; schema: JsonSchema } | undefined {
  const spec = routeEntry(route);
  if (!spec?.body) return undefined;
  const name = `${pascal(spec.operationId)}Body`;
  return { name, schema: gatewayModelSchema(spec.body, name) };
}

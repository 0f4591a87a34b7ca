// What the registry knows of one API route. Each route is one exported constant (cases.ts,
// workflow.ts, ...), so a handler bundles its own entry and validators, not every route's.
import type { OrganisationType } from '@cter/config';
import type * as z from 'zod/v4/core';
import type { Validator } from './validation';

export type Service = 'cases' | 'workflow' | 'covenant' | 'measures';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A DynamoDB action a function may be granted on the cases table. */
export type TableAction = 'GetItem' | 'Query' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'ConditionCheckItem';

/** A request or response header, described for the document (JSON Schema). */
export interface HeaderSpec {
  description: string;
  schema: Record<string, unknown>;
  required?: boolean;
}

export interface ResponseSpec {
  description: string;
  schema: z.$ZodType;
  headers?: Readonly<Record<string, HeaderSpec>>;
  /** The route can also answer this media type (e.g. text/csv), as a string. */
  alternative?: { mediaType: string; description: string };
}

/** The function behind a route (infra builds it; a construct id keeps its logical ids stable). */
export interface HandlerSpec {
  id: string;
  /** Entry file relative to the repository root. */
  entry: string;
  /** The function's description (the region id is appended). */
  description: string;
  /** Decides under the covenant: bundles Cedar's wasm beside the function, more memory for its first compile. */
  cedar?: boolean;
}

/** Exactly what the route's function may do with the region's data (infra/lib/grants.ts). */
export interface TableGrants {
  /** Actions on the cases table (none: the function is not given the table). */
  cases: readonly TableAction[];
  /** Indexes of the cases table the `cases` actions also cover (Query). */
  casesIndexes?: readonly string[];
  /** Query on this index of the cases table, and on nothing else of it. */
  indexQuery?: string;
  /** Query on the case partitions for the process figures' attributes only (IAM conditions). */
  attributeQuery?: 'process-figures';
  /** `append`: may add audit records, nothing more; `append-and-read`: also read them; `none`: no grant. */
  audit: 'append' | 'append-and-read' | 'none';
  /** Computes subject lookup keys or case pseudonyms (kms:GenerateMac on the region's HMAC key). */
  pseudonyms?: boolean;
}

export interface RouteEntry {
  /** `METHOD /path/{param}` exactly as the API defines it. */
  route: `${HttpMethod} /${string}`;
  /** Also the method name on the typed client. */
  operationId: string;
  service: Service;
  /** One line, the operation's summary. */
  summary: string;
  /** Longer text under the summary in the document. */
  description?: string;
  /** Organisation types whose role may invoke the route (IAM at the gateway, httpRoute behind it). */
  allowed: readonly OrganisationType[];
  /** Whether the route reads or writes personal data (then every call is audited). */
  personalData: boolean;
  /**
   * Accepts an `Idempotency-Key`: `runner` through httpRoute's idempotency runner (the handler
   * passes one), `in-handler` inside the handler's own transaction. Either way the function may
   * keep idempotency records, and a client may retry the write.
   */
  idempotency?: 'runner' | 'in-handler';
  handler: HandlerSpec;
  grants: TableGrants;
  /** The request's schemas: the document's, the gateway's model's, and the source of `validate`. */
  path?: z.$ZodType;
  query?: z.$ZodType;
  body?: z.$ZodType;
  /** How the function validates each part at run time: generated from the schemas (src/compiled/). */
  validate: RouteValidation;
  /** Request headers the route reads. */
  headers?: Readonly<Record<string, HeaderSpec>>;
  /** Success responses by status; the first is the usual one. */
  responses: Readonly<Record<number, ResponseSpec>>;
  /** Error statuses beyond the ones every route of its kind has (see @cter/api-spec openapi.ts). */
  errors?: readonly number[];
  /** A valid request body, shown in the document and checked against the schema by a test. */
  example?: unknown;
}

/** A route's validators per request part (a part the route does not take has none). */
export interface RouteValidation {
  path?: Validator<unknown>;
  query?: Validator<unknown>;
  body?: Validator<unknown>;
}

/**
 * What a function needs of its route at run time (httpRoute: who may call, its validators, personal data,
 * idempotency). Each route exports it apart from its documentation and deployment facts (`<name>Docs`:
 * summary, responses, examples, handler, grants), so a function's bundle carries its own contract and
 * no response schemas or prose; the registry joins both into the RouteEntry infra and the document read.
 */
export type RouteContract = Pick<RouteEntry, 'route' | 'allowed' | 'personalData' | 'idempotency' | 'validate'>;
export type RouteDocs = Omit<RouteEntry, keyof RouteContract>;

/** The key a caller chooses per request: 8 to 128 of A-Z a-z 0-9 _ . : - (a UUID fits). */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,128}$/;

export const ETAG: Readonly<Record<string, HeaderSpec>> = { ETag: { description: 'The version of the resource, quoted', schema: { type: 'string' } } };

export function splitRoute(route: string): { method: HttpMethod; path: string } {
  const [method, path] = route.split(' ');
  if (!method || !path?.startsWith('/')) throw new Error(`route '${route}' is not 'METHOD /path'`);
  return { method: method as HttpMethod, path };
}

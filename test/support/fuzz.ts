// Property-based fuzzing of every API route (fast-check): generated paths, queries, headers and
// bodies, signed by an organisation allowed to call the route, through the twin's gateway. The
// property: bad input gets a 4xx with the JSON error shape (or the gateway's AWS-shaped refusal),
// nothing ever gets a 5xx, and nothing is written (every item of the region's tables is compared
// before and after each route's run). Routes and their schemas come from the route registry
// (@cter/routes), the same entries the handlers validate with, so a new route is fuzzed without
// touching this file.
import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import fc from 'fast-check';
import { CASE_STATES } from '@cter/domain';
import { organisationsOf, type OrganisationType } from '@cter/config';
import type { Reply } from './signed-client';
import type { RegionTables } from './covenant';
import type { RouteEntry } from '@cter/routes';
import { safeParse } from 'zod/mini';
import type * as z from 'zod/v4/core';

/** The schemas a route validates its request with (its registry entry's). */
type RouteContract = Pick<RouteEntry, 'path' | 'query' | 'body'>;

/** Whether `value` passes `schema`; a part without a schema takes anything. */
function accepts(schema: z.$ZodType | undefined, value: unknown): boolean {
  return schema === undefined || safeParse(schema, value).success;
}

/** Runs per route: the suite's own count (50 in `npm test`, 1,000 in `npm run test:reliability`) unless FUZZ_RUNS says. */
export function fuzzRuns(suiteDefault: number): number {
  return process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : suiteDefault;
}
/** A fixed seed reproduces a run (printed with every report); default: a new one per run. */
export const FUZZ_SEED = process.env.FUZZ_SEED === undefined ? Date.now() % 2 ** 31 : Number(process.env.FUZZ_SEED);

/** The answers bad input may get. */
export const BAD_INPUT_STATUSES = new Set([400, 403, 404, 409, 413, 415, 422]);

export interface FuzzTarget {
  region: string;
  tables: RegionTables;
  call(profile: string, method: string, pathAndQuery: string, options: { rawBody?: string; headers?: Record<string, string> }): Promise<Reply>;
}

export interface FuzzReport {
  route: string;
  profile: string;
  runs: number;
  /** Generated inputs the contract accepts on a writing route (sending them would write): not sent. */
  skipped: number;
  /** Status code -> count over every request sent (including shrinking). */
  statuses: Record<string, number>;
  /** Requests answered by the gateway itself (AWS-shaped), not by the route's function. */
  gatewayAnswers: number;
  /** Those by error type (MissingAuthenticationTokenException: the path did not reach the route, ...). */
  gatewayTypes: Record<string, number>;
  seed: number;
  ms: number;
}

// ---------------------------------------------------------------------------------------------
// Who calls

const PREFERRED: OrganisationType[] = ['zvh', 'municipality', 'police', 'prosecutor', 'specialist-re', 'mentoring', 'privacy-officer'];

/** An organisation of the region whose role may call the route (IAM allows it), as `<region>.<org>`. */
export function profileFor(region: string, capability: RouteEntry): string {
  const organisations = organisationsOf(region);
  const types = [...PREFERRED, ...capability.allowed.filter((t) => !PREFERRED.includes(t))].filter((t) => capability.allowed.includes(t));
  for (const type of types) {
    const found = organisations.find((o) => o.type === type);
    if (found) return `${region}.${found.id}`;
  }
  throw new Error(`no organisation of ${region} may call ${capability.route}`);
}

// ---------------------------------------------------------------------------------------------
// Examples of valid bodies, the starting point of near-valid mutations

const inAMonth = () => new Date(Date.now() + 30 * 86_400_000).toISOString();
const today = () => new Date().toISOString().slice(0, 10);

function validExample(route: string, municipality: string): unknown {
  switch (route) {
    case 'POST /signals':
      return { subject: { name: 'Fuzz Persoon', bsn: '111222333', birthDate: '2005-03-14', municipality, address: { street: 'Dorpsstraat', houseNumber: '1a', postalCode: '1811 AB', city: 'Alkmaar' } }, reason: 'Zorgen over uitingen', reporter: { name: 'Mentor', phone: '+31 6 1234 5678' }, detention: { releaseDate: inAMonth() } };
    case 'PATCH /cases/{caseId}':
      return { version: 1, subject: { name: 'Nieuwe Naam', birthDate: '2005-03-14' }, reasoning: 'rectificatie' };
    case 'POST /cases/{caseId}/decisions':
      return { task: randomUUID(), outcome: 'contributed', reasoning: 'criteria', planVersion: 1 };
    case 'POST /cases/{caseId}/participants':
      return { version: 1, organisationId: 'ggz', role: 'consultation', until: inAMonth(), reasoning: 'nodig' };
    case 'POST /cases/{caseId}/consultations':
      return { scheduledAt: inAMonth(), attendees: ['zvh', 'politie', 'ggz'], agenda: ['Gedeeld beeld', 'Plan van aanpak'] };
    case 'POST /cases/{caseId}/consultations/{consultationId}/outcome':
      return { summary: 'Plan besproken', decisions: [{ text: 'GGZ start behandeling', owner: 'ggz' }], absent: ['politie'] };
    case 'POST /covenant/decisions':
      return { sender: 'politie', recipients: [{ organisationId: 'om', invited: false }], categories: ['identity'], purpose: 'weighing', stage: 'weighing', basis: { kind: 'legal-basis', reference: 'wpg-20' }, at: new Date().toISOString() };
    case 'POST /cases/{caseId}/disclosures':
      return { recipients: ['politie'], categories: ['identity'], items: [{ category: 'identity', label: 'naam', content: 'inhoud' }], purpose: 'case-consultation', basis: { kind: 'legal-basis', reference: 'wpg-20' }, proportionality: 'zo weinig', subsidiarity: 'geen alternatief' };
    case 'POST /cases/{caseId}/consents':
      return { recipients: ['ggz'], categories: ['care-information'], purposes: ['case-consultation'], givenAt: new Date().toISOString(), form: 'written', reference: 'DOC-1' };
    case 'POST /cases/{caseId}/consents/{consentId}/withdrawal':
      return { withdrawnAt: new Date().toISOString(), note: 'ingetrokken' };
    case 'POST /cases/{caseId}/informing':
      return { kind: 'deferred', ground: 'safety', reason: 'veiligheid', reviewAt: inAMonth().slice(0, 10) };
    case 'POST /subjects/report':
      return { bsn: '111222333' };
    case 'POST /cases/{caseId}/plan':
      return {
        basedOnVersion: 1,
        targetGroups: ['young-adults'],
        riskFactors: ['social-isolation'],
        protectiveFactors: ['school-attendance'],
        goals: [{ goalId: 'g-1', lifeDomain: 'education-and-work', statement: 'Volgt vier dagen per week een opleiding' }],
        measures: [{ measureId: 'm-1', catalogueId: 'one-on-one-mentoring', owner: { organisationId: 'one-on-one', organisationType: 'mentoring' }, goalIds: ['g-1'], start: today(), plannedEnd: inAMonth().slice(0, 10) }],
      };
    case 'POST /cases/{caseId}/measures/{measureId}/transitions':
      return { action: 'complete', endedOn: today(), outcome: 'goals-achieved', explanation: 'klaar' };
    case 'POST /cases/{caseId}/measures/{measureId}/notes':
      return { noteId: 'n-1', text: 'voortgang' };
    case 'POST /cases/{caseId}/measures/{measureId}/sessions':
      return { date: today(), durationMinutes: 60, themes: ['identity'], progress: { 'working-relationship': 3, 'self-reliance': 3, 'social-connection': 3, 'future-perspective': 3, resilience: 3 } };
    case 'POST /cases/{caseId}/measures/{measureId}/mentor':
      return { mentorId: 'mentor-1', preferences: { language: 'nl', mentorGender: 'female' } };
    case 'PUT /measures/mentors/{mentorId}':
      return { capacity: 2, languages: ['nl', 'ar'], gender: 'female' };
    default:
      return {};
  }
}

function exampleQuery(route: string, municipality: string): Record<string, string> {
  switch (route) {
    case 'GET /cases':
      return { limit: '25', state: 'consultation', municipality };
    case 'GET /cases/{caseId}/audit':
      return { limit: '100' };
    case 'GET /tasks':
      return { limit: '25' };
    case 'GET /cases/{caseId}/plan':
      return { version: '1', mentorId: 'mentor-1' };
    case 'GET /measures/catalogue':
      return { version: '2026.1' };
    case 'GET /measures/evaluation-export':
      return { format: 'csv', period: '2025-Q3..2026-Q2' };
    case 'GET /reports/process':
      return { format: 'csv', from: '2026-01-01', to: '2026-03-31' };
    case 'GET /exports/one-on-one':
      return { from: '2025-01-01', to: '2026-06-30' };
    default:
      return {};
  }
}

/** The keys of an object schema (zod and zod/mini keep them in `_zod.def.shape`). */
export function schemaKeys(schema: unknown): string[] {
  const shape = (schema as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod?.def?.shape;
  return shape ? Object.keys(shape) : [];
}

// ---------------------------------------------------------------------------------------------
// Arbitraries

const TRICKY = [
  '',
  ' ',
  '\t\n',
  'null',
  'undefined',
  'true',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e309',
  '9007199254740993',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  '\u0000',
  '\ud800',
  '\udfff',
  '😀',
  '\u202e',
  'ÄÖÜ ß',
  'ｆｕｌｌ',
  '<script>alert(1)</script>',
  "' OR '1'='1",
  '${jndi:ldap://x}',
  '{{7*7}}',
  'CASE#x',
  'COUNTER#case-number#NHN-2026',
  '../../etc/passwd',
  '%00',
  '%',
];

const weirdString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...TRICKY) },
  { weight: 2, arbitrary: fc.string() },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.integer({ min: 201, max: 9000 }).map((n) => 'ä'.repeat(n)) },
);

const numberText = fc.oneof(fc.constantFrom('0', '-1', '1.5', '1e3', '101', '501', '0x10', ' 5', '5 ', '+5', '05', '1e-7', '-0'), fc.integer().map(String), fc.double().map(String));

/** UTF-16 that encodeURIComponent accepts: lone surrogates become U+FFFD, as a UTF-8 client sends them. */
function wellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}
const encode = (text: string) => encodeURIComponent(wellFormed(text));

/** A path parameter: `value` is what the gateway hands the function, `segment` what goes in the URL. */
interface PathValue {
  segment: string;
  /** Undefined when the segment does not reach the route as one parameter (normalized away, split, not decodable). */
  value: string | undefined;
}

const pathValue: fc.Arbitrary<PathValue> = fc.oneof(
  { weight: 4, arbitrary: fc.uuid().map((u) => ({ segment: u, value: u })) },
  { weight: 1, arbitrary: fc.uuid().map((u) => ({ segment: u.toUpperCase(), value: u.toUpperCase() })) },
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/).map((s) => ({ segment: s, value: s })) },
  {
    weight: 3,
    arbitrary: weirdString.map(fitted).map((s) => {
      const segment = encode(s);
      // `.` and `..` (even encoded, per the URL standard) are dot segments: the path changes.
      const dots = segment === '.' || segment === '..' || /^(%2e|\.){1,2}$/i.test(segment);
      return { segment, value: segment === '' || dots ? undefined : wellFormed(s) };
    }),
  },
  { weight: 1, arbitrary: fc.constantFrom('..', '.', '%2e%2e', '%2E.', '..%2f..%2fsignals', '%2F', 'a%2Fb', '%00', '%', '%zz', '%c0%ae%c0%ae', '%u002e', ';', 'a;b=c', '*', '~').map((segment) => ({ segment, value: undefined })) },
);

const base64url = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
/** Cursors: garbage, and well-formed ones (the right key names) pointing anywhere. */
const cursor = fc.oneof(
  fc.string().map(base64url),
  fc.jsonValue().map(base64url),
  fc
    .record({ names: fc.constantFrom(['pk', 'sk', 'gsi1pk', 'gsi1sk'], ['pk', 'sk', 'gsi2pk', 'gsi2sk'], ['pk', 'sk', 'gsi3pk', 'gsi3sk'], ['pk', 'sk']), values: fc.array(fc.oneof(weirdString, fc.constantFrom('CASE', 'CASE#x', 'STATE#consultation', 'MUNICIPALITY#alkmaar')), { minLength: 4, maxLength: 4 }) })
    .map(({ names, values }) => base64url(Object.fromEntries(names.map((n, i) => [n, values[i]])))),
  weirdString,
);

function queryArbitrary(route: string, contract: RouteContract | undefined, municipality: string): fc.Arbitrary<Array<[string, string]>> {
  const example = exampleQuery(route, municipality);
  const known = [...new Set([...schemaKeys(contract?.query), ...Object.keys(example), 'limit', 'cursor'])];
  const key = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'limit[]', 'a.b') }, { weight: 1, arbitrary: weirdString });
  const value = fc.oneof(
    { weight: 2, arbitrary: weirdString },
    { weight: 2, arbitrary: numberText },
    { weight: 2, arbitrary: cursor },
    { weight: 2, arbitrary: fc.constantFrom(...CASE_STATES, 'json', 'csv', 'xml', '2026', '2026-Q1', '2026-Q5', '2025-Q3..2026-Q2', '2020-Q1..2026-Q4', '2026.1', '9999.9', municipality, 'haarlem', 'mentor-1') },
    { weight: 1, arbitrary: fc.integer({ min: 2000, max: 3000 }).map((n) => 'q'.repeat(n)) },
  );
  const exampleEntries = Object.entries(example);
  // As sent: cut to fit the URL, lone surrogates as U+FFFD (what a UTF-8 client can send).
  const pair = fc.tuple(key.map((k) => wellFormed(fitted(k))), value.map((v) => wellFormed(fitted(v))));
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant([] as Array<[string, string]>) },
    { weight: 1, arbitrary: fc.constant(exampleEntries) },
    { weight: 4, arbitrary: fc.array(pair, { maxLength: 4 }) },
    // Near-valid: the example with one value replaced or one key added.
    {
      weight: 3,
      arbitrary: fc.tuple(fc.nat(), value.map((v) => wellFormed(fitted(v))), fc.option(pair)).map(([i, v, extra]) => {
        const entries = exampleEntries.map((e) => [...e] as [string, string]);
        if (entries.length) entries[i % entries.length]![1] = v;
        return extra ? [...entries, extra] : entries;
      }),
    },
  );
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonPath = Array<string | number>;

function pathsOf(value: Json, prefix: JsonPath = []): JsonPath[] {
  const here = [prefix];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => pathsOf(v, [...prefix, i]))];
  if (value && typeof value === 'object') return [...here, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
  return here;
}

const MUTATIONS = ['delete', 'json', 'string', 'number', 'null', 'unknown-key', 'wrap-array', 'empty', 'huge', 'bool', 'object'] as const;
type Mutation = { at: number; op: (typeof MUTATIONS)[number]; json: Json; text: string; key: string; size: number };

/** Applies a mutation at one node of a (cloned) JSON tree; returns the new root. */
function mutate(root: Json, m: Mutation): Json {
  const paths = pathsOf(root);
  const at = paths[m.at % paths.length]!;
  const replacement = (current: Json): Json | typeof DELETE => {
    switch (m.op) {
      case 'delete':
        return DELETE;
      case 'json':
        return m.json;
      case 'string':
        return m.text;
      case 'number':
        return typeof current === 'number' ? current + 1.5 : Number(m.size) * -1;
      case 'null':
        return null;
      case 'unknown-key':
        return current && typeof current === 'object' && !Array.isArray(current) ? { ...current, [m.key]: m.json } : { [m.key]: current };
      case 'wrap-array':
        return [current];
      case 'empty':
        return Array.isArray(current) ? [] : typeof current === 'object' && current ? {} : '';
      case 'huge':
        return 'x'.repeat(m.size);
      case 'bool':
        return true;
      case 'object':
        return { value: current };
    }
  };
  if (at.length === 0) {
    const r = replacement(root);
    return r === DELETE ? null : r;
  }
  const parent = at.slice(0, -1).reduce<Json>((node, k) => (node as Record<string | number, Json>)[k]!, root) as Record<string | number, Json> | Json[];
  const last = at[at.length - 1]!;
  const r = replacement((parent as Record<string | number, Json>)[last]!);
  if (r === DELETE) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete (parent as Record<string, Json>)[last];
  } else (parent as Record<string | number, Json>)[last] = r;
  return root;
}
const DELETE = Symbol('delete');

const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  op: fc.constantFrom(...MUTATIONS),
  json: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
  text: weirdString,
  key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'organisationId', 'reportingOrganisation', 'regionId', 'caseId', 'version', 'pk', 'sk'), fc.string({ maxLength: 12 })),
  size: fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 60_000, max: 70_000 })),
});

/** A body as sent: `raw` (undefined: no body) and its content type. */
interface BodyValue {
  raw: string | undefined;
  contentType: string;
}

const POLLUTERS = ['{"__proto__":{"polluted":"yes","isAdmin":true}}', '{"constructor":{"prototype":{"polluted":"yes"}}}', '{"__proto__":null}', '{"prototype":{"polluted":"yes"}}'];

/** `example` with one to three mutations (a field deleted, retyped, emptied, huge, wrapped, an unknown key added). */
export function mutatedArbitrary(example: Json): fc.Arbitrary<Json> {
  return fc.array(mutation, { minLength: 1, maxLength: 3 }).map((ms) => ms.reduce<Json>((tree, m) => mutate(tree, m), structuredClone(example)));
}

function bodyArbitrary(route: string, municipality: string): fc.Arbitrary<BodyValue> {
  const example = validExample(route, municipality) as Json;
  const json = (text: string) => ({ raw: text, contentType: 'application/json' });
  const mutated = mutatedArbitrary(example).map((tree) => JSON.stringify(tree));
  // `{"__proto__": ...}` spliced in as text: JSON.parse makes it an own property, as a hostile client sends it.
  const polluted = fc.tuple(fc.constantFrom(...POLLUTERS), fc.boolean()).map(([polluter, nested]) => {
    const text = JSON.stringify(example);
    if (!text.startsWith('{') || text === '{}') return polluter;
    if (nested) {
      const brace = text.indexOf('{', 1);
      if (brace > 0) return `${text.slice(0, brace + 1)}${polluter.slice(1, -1)},${text.slice(brace + 1)}`;
    }
    return `{${polluter.slice(1, -1)},${text.slice(1)}`;
  });
  const contentType = fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/jsonp', 'json');
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant({ raw: undefined, contentType: 'application/json' }) },
    { weight: 8, arbitrary: mutated.map(json) },
    { weight: 1, arbitrary: fc.constant(json(JSON.stringify(example))) },
    { weight: 2, arbitrary: fc.jsonValue().map((v) => json(JSON.stringify(v))) },
    { weight: 2, arbitrary: polluted.map(json) },
    { weight: 1, arbitrary: fc.oneof(fc.string(), fc.constantFrom('{', '{"a":', '[1,]', '{"a":1}}', "{'a':1}", 'NaN', '\u0000', '\ufeff{}', '{"a":1e999}', `{"a":"${'\\'.repeat(3)}"}`)).map(json) },
    { weight: 1, arbitrary: fc.tuple(mutated, contentType).map(([raw, type]) => ({ raw, contentType: type })) },
    { weight: 1, arbitrary: fc.constantFrom('application/json; charset=utf-8', 'application/problem+json', 'APPLICATION/JSON').map((type) => ({ raw: JSON.stringify(example), contentType: type })) },
  );
}

const idempotencyKey = fc.option(
  fc.oneof(fc.string({ unit: 'binary-ascii', maxLength: 200 }).map((s) => s.replace(/[^\x21-\x7e]/g, '')), fc.constantFrom('short', 'x'.repeat(129), 'valid-key-123', 'has space')),
  { nil: undefined, freq: 4 },
);

// ---------------------------------------------------------------------------------------------
// The request, and whether it is bad

interface FuzzRequest {
  params: PathValue[];
  query: Array<[string, string]>;
  body: BodyValue | undefined;
  idempotencyKey: string | undefined;
}

function requestArbitrary(capability: RouteEntry, contract: RouteContract | undefined, municipality: string): fc.Arbitrary<FuzzRequest> {
  const [method] = capability.route.split(' ') as [string, string];
  const names = [...capability.route.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  return fc.record({
    params: fc.tuple(...names.map(() => pathValue)).map((values) => values as PathValue[]),
    query: queryArbitrary(capability.route, contract, municipality),
    // fetch sends no body with GET (and API Gateway drops it); every other method gets one.
    body: method === 'GET' ? fc.constant(undefined) : bodyArbitrary(capability.route, municipality),
    idempotencyKey,
  });
}

/**
 * API Gateway refuses a request line and headers over 10 KB before any route sees it (the twin's
 * HTTP server at 16 KB, with a bare 431): the fuzz stays under that, since those requests never reach
 * a handler. Long parameters are cut, then query pairs dropped from the end, until the URL fits.
 */
const MAX_URL_CHARS = 8_000;
const MAX_PART_CHARS = 2_000;

function fitted(text: string): string {
  let cut = text;
  while (encode(cut).length > MAX_PART_CHARS) cut = cut.slice(0, Math.floor(cut.length * 0.7));
  return cut;
}

function urlOf(capability: RouteEntry, request: FuzzRequest): string {
  let i = 0;
  const resource = capability.route.split(' ')[1]!;
  const pathname = resource.replace(/\{\w+\}/g, () => request.params[i++]!.segment);
  const pairs = request.query.map(([k, v]) => `${encode(k)}=${encode(v)}`);
  while (pairs.length && pathname.length + pairs.join('&').length + 1 > MAX_URL_CHARS) pairs.pop();
  return pairs.length ? `${pathname}?${pairs.join('&')}` : pathname;
}

const MAX_BODY_BYTES = 64 * 1024;

/**
 * Whether the request is bad input: a part its contract refuses, a path that does not reach the
 * route, or a case that does not exist (every case id the fuzz sends is random). Unknown contract
 * parts count as accepting anything.
 */
function isBad(capability: RouteEntry, contract: RouteContract | undefined, request: FuzzRequest): boolean {
  const names = [...capability.route.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const method = capability.route.split(' ')[0]!;
  // The path leads elsewhere (`/cases/` is `/cases`): a read may find another route; a write may not.
  if (request.params.some((p) => p.value === undefined)) return method !== 'GET';
  const path = Object.fromEntries(names.map((n, i) => [n, request.params[i]!.value]));
  if (!accepts(contract?.path, path)) return true;
  // Every case the fuzz names is random: none exists.
  if (names.includes('caseId')) return true;
  if (contract?.query) {
    if (!accepts(contract.query, Object.fromEntries(request.query))) return true;
  }
  if (request.idempotencyKey !== undefined && capability.route === 'POST /signals' && !/^[A-Za-z0-9_.:-]{8,128}$/.test(request.idempotencyKey)) return true;
  if (method === 'GET') return false;
  const body = request.body;
  if (body?.raw === undefined) return contract?.body !== undefined;
  if (Buffer.byteLength(body.raw) > MAX_BODY_BYTES) return true;
  if (!/^application\/(.+\+)?json\b/i.test(body.contentType)) return true;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.raw);
  } catch {
    return true;
  }
  return !accepts(contract?.body, parsed);
}

/** The JSON error shape of the handlers, or the gateway's own AWS-shaped refusal. */
function errorShapeProblem(reply: Reply): string | undefined {
  const body = reply.body as Record<string, any> | undefined;
  if (reply.headers.get('x-amzn-errortype')) {
    return typeof body?.message === 'string' && typeof body?.__type === 'string' ? undefined : 'gateway refusal without {message, __type}';
  }
  const error = body?.error;
  if (!error || typeof error.code !== 'string' || typeof error.message !== 'string' || !Array.isArray(error.details)) return 'not {error: {code, message, details}}';
  if (!String(reply.headers.get('content-type')).startsWith('application/json')) return 'content-type is not application/json';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Writes

/** Every item of the region's tables, by key, with a fingerprint of its content (test-only scans). */
export async function tableSnapshot(tables: RegionTables): Promise<Map<string, string>> {
  const snapshot = new Map<string, string>();
  for (const [name, table] of [['cases', tables.cases], ['audit', tables.audit]] as const) {
    let startKey: Record<string, any> | undefined;
    do {
      const out = await tables.client.send(new ScanCommand({ TableName: table, ConsistentRead: true, ExclusiveStartKey: startKey }));
      for (const item of out.Items ?? []) {
        const plain = unmarshall(item);
        snapshot.set(`${name}:${plain.pk}|${plain.sk}`, JSON.stringify(plain, Object.keys(plain).sort()));
      }
      startKey = out.LastEvaluatedKey;
    } while (startKey);
  }
  return snapshot;
}

export function writesBetween(before: Map<string, string>, after: Map<string, string>): string[] {
  const changes: string[] = [];
  for (const [key, value] of after) {
    if (!before.has(key)) changes.push(`added ${key}`);
    else if (before.get(key) !== value) changes.push(`changed ${key}`);
  }
  for (const key of before.keys()) if (!after.has(key)) changes.push(`removed ${key}`);
  return changes;
}

// ---------------------------------------------------------------------------------------------
// The property

export async function fuzzRoute(target: FuzzTarget, capability: RouteEntry, contract: RouteContract | undefined, options: { runs: number; seed?: number }): Promise<FuzzReport> {
  const started = performance.now();
  const runs = options.runs;
  const seed = options.seed ?? FUZZ_SEED;
  const profile = profileFor(target.region, capability);
  const municipality = organisationsOf(target.region).find((o) => o.type === 'municipality')!.municipality!;
  const method = capability.route.split(' ')[0]!;
  const statuses: Record<string, number> = {};
  let gatewayAnswers = 0;
  const gatewayTypes: Record<string, number> = {};
  let skipped = 0;

  const property = fc.asyncProperty(requestArbitrary(capability, contract, municipality), async (request) => {
    const bad = isBad(capability, contract, request);
    // A valid request to a writing route would legitimately write: not the fuzz's business.
    if (!bad && method !== 'GET') {
      skipped += 1;
      fc.pre(false);
    }
    const pathAndQuery = urlOf(capability, request);
    const headers: Record<string, string> = {};
    if (request.body) headers['content-type'] = request.body.contentType;
    if (request.idempotencyKey !== undefined) headers['idempotency-key'] = request.idempotencyKey;
    const reply = await target.call(profile, method, pathAndQuery, { ...(request.body?.raw !== undefined ? { rawBody: request.body.raw } : {}), headers });
    statuses[reply.status] = (statuses[reply.status] ?? 0) + 1;
    const gatewayType = reply.headers.get('x-amzn-errortype');
    if (gatewayType) {
      gatewayAnswers += 1;
      gatewayTypes[gatewayType] = (gatewayTypes[gatewayType] ?? 0) + 1;
      // FUZZ_DEBUG=1 lists every request the gateway answered itself (a path that reached no route, ...).
      if (process.env.FUZZ_DEBUG) console.log(`[fuzz] gateway ${gatewayType}: ${method} ${pathAndQuery.slice(0, 300)} ${JSON.stringify(reply.body).slice(0, 200)}`);
    }
    const what = `${method} ${pathAndQuery.slice(0, 200)} -> ${reply.status} ${JSON.stringify(reply.body)?.slice(0, 300)}`;
    if (reply.status >= 500) {
      const source = reply.headers.get('x-amzn-errortype') ? 'the gateway refused it' : (reply.body as { error?: unknown } | undefined)?.error ? 'the function answered it' : "the twin's gateway failed (no function answer)";
      throw new Error(`5xx (${source}): ${what}`);
    }
    if (bad && !BAD_INPUT_STATUSES.has(reply.status)) throw new Error(`bad input not refused with a 4xx: ${what}`);
    if (!bad && !(reply.status >= 200 && reply.status < 300) && !BAD_INPUT_STATUSES.has(reply.status)) throw new Error(`unexpected status: ${what}`);
    if (reply.status >= 400) {
      const problem = errorShapeProblem(reply);
      if (problem) throw new Error(`error shape: ${problem}: ${what}`);
    }
  });
  const details = await fc.check(property, { numRuns: runs, seed, maxSkipsPerRun: 1000 });
  if (details.failed) {
    const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(
      `${capability.route} as ${profile}, after ${details.numRuns} runs (seed ${seed}, path "${details.counterexamplePath}", shrunk ${details.numShrinks} times):\n` +
        `${error}\ncounterexample: ${compact(details.counterexample)}`,
    );
  }
  return { route: capability.route, profile, runs: details.numRuns, skipped, statuses, gatewayAnswers, gatewayTypes, seed, ms: Math.round(performance.now() - started) };
}

/** A counterexample short enough to read: long strings cut, with their length. */
function compact(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) => (typeof v === 'string' && v.length > 120 ? `${v.slice(0, 60)}…(${v.length} chars)` : v === undefined ? '<none>' : v));
}

/** One line per route for the console. */
export function formatReport(report: FuzzReport): string {
  const statuses = Object.entries(report.statuses)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([s, n]) => `${s}:${n}`)
    .join(' ');
  const gateway = Object.entries(report.gatewayTypes)
    .map(([type, n]) => `${type.replace(/Exception$/, '')}:${n}`)
    .join(' ');
  return `${report.route.padEnd(58)} ${String(report.runs).padStart(5)} runs  ${(report.ms / 1000).toFixed(1).padStart(6)} s  as ${report.profile}  [${statuses}]  by the gateway [${gateway}]  skipped valid ${report.skipped}`;
}

/** A request's parts as its function receives them: path and query parameters, and the body parsed (undefined when it is not JSON). */
export interface RequestParts {
  path: Record<string, string | undefined>;
  query: Record<string, string>;
  body: unknown;
}

/** The fuzz's generated requests of a route (valid, near-valid and hostile), as parts. */
export function requestPartsArbitrary(capability: RouteEntry, municipality: string): fc.Arbitrary<RequestParts> {
  const names = [...capability.route.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  return requestArbitrary(capability, capability, municipality).map((request) => {
    let body: unknown;
    try {
      body = request.body?.raw === undefined ? undefined : JSON.parse(request.body.raw);
    } catch {
      body = undefined;
    }
    return { path: Object.fromEntries(names.map((n, i) => [n, request.params[i]!.value])), query: Object.fromEntries(request.query), body };
  });
}

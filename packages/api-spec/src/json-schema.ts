// zod -> JSON Schema, twice: JSON Schema 2020-12 for the OpenAPI 3.1 document (which embeds it as
// is), and a deliberately looser draft 4 for API Gateway request models (the only draft they take).
import * as z from 'zod/mini';
import type * as core from 'zod/v4/core';

export type JsonSchema = Record<string, unknown>;

/** Removes the keys that make no sense inside an OpenAPI component. */
function stripDocumentKeys(schema: JsonSchema): JsonSchema {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

/** Walks every subschema (properties, items, unions) and lets `visit` change it in place. */
function walk(schema: unknown, visit: (node: JsonSchema) => void): void {
  if (!schema || typeof schema !== 'object') return;
  if (Array.isArray(schema)) {
    for (const item of schema) walk(item, visit);
    return;
  }
  const node = schema as JsonSchema;
  visit(node);
  for (const key of ['properties', 'patternProperties', '$defs', 'definitions']) {
    const children = node[key];
    if (children && typeof children === 'object') for (const child of Object.values(children)) walk(child, visit);
  }
  for (const key of ['items', 'additionalProperties', 'not', 'contains', 'propertyNames']) walk(node[key], visit);
  for (const key of ['anyOf', 'oneOf', 'allOf', 'prefixItems']) walk(node[key], visit);
}

// --- API Gateway request models ------------------------------------------------------------------

/**
 * Keywords a request model keeps. API Gateway validates draft 4 with its own engine and answers a
 * refusal with a bare 400 before the function runs, so the model must never refuse a body the
 * zod schema accepts: it checks structure (types, required and unknown fields, enums, array and
 * number bounds) and leaves content (patterns, formats, string lengths that zod counts after
 * trimming, refinements) to the function, which answers with field-level details.
 */
export const MODEL_KEYWORDS = new Set([
  '$schema',
  'title',
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'enum',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'anyOf',
  'oneOf',
  'allOf',
]);
const DROPPED_KEYWORDS = new Set(['pattern', 'format', 'minLength', 'maxLength', 'description', 'default', 'examples', 'readOnly', 'writeOnly', 'deprecated', 'contentEncoding', 'contentMediaType']);

export function gatewayModelSchema(schema: core.$ZodType, title: string): JsonSchema {
  const converted = z.toJSONSchema(schema, {
    target: 'draft-04',
    io: 'input',
    unrepresentable: 'any',
    // A coerced value arrives as another type (a query string's number): the model does not judge its type.
    override: ({ zodSchema, jsonSchema }) => {
      if ((zodSchema._zod.def as { coerce?: boolean }).coerce) delete jsonSchema.type;
    },
  }) as JsonSchema;
  walk(converted, (node) => {
    for (const key of Object.keys(node)) {
      if (DROPPED_KEYWORDS.has(key)) delete node[key];
      else if (!MODEL_KEYWORDS.has(key)) throw new Error(`request model ${title}: JSON Schema keyword '${key}' is not in the draft 4 subset the models use`);
    }
  });
  return { $schema: 'http://json-schema.org/draft-04/schema#', title, ...stripDocumentKeys(converted) };
}

/**
 * Validates `value` against a request model (the keyword subset above, draft 4 semantics), as API
 * Gateway would. Returns the paths that fail; empty when the value passes. Used by tests to prove
 * the models accept what the contract accepts.
 */
export function modelViolations(schema: JsonSchema, value: unknown, path = ''): string[] {
  const at = path || '(body)';
  const problems: string[] = [];
  const type = schema.type as string | string[] | undefined;
  if (type !== undefined) {
    const types = Array.isArray(type) ? type : [type];
    if (!types.some((t) => matchesType(t, value))) return [`${at}: not ${types.join(' or ')}`];
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) problems.push(`${at}: not one of the enum`);
  if (typeof value === 'number') {
    const { minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf } = schema as Record<string, number | boolean | undefined>;
    if (typeof minimum === 'number' && (exclusiveMinimum === true ? value <= minimum : value < minimum)) problems.push(`${at}: below minimum`);
    if (typeof maximum === 'number' && (exclusiveMaximum === true ? value >= maximum : value > maximum)) problems.push(`${at}: above maximum`);
    if (typeof multipleOf === 'number' && !Number.isInteger(value / multipleOf)) problems.push(`${at}: not a multiple of ${multipleOf}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) problems.push(`${at}: too few items`);
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) problems.push(`${at}: too many items`);
    if (schema.uniqueItems === true && new Set(value.map((v) => JSON.stringify(v))).size !== value.length) problems.push(`${at}: items not unique`);
    if (schema.items && typeof schema.items === 'object' && !Array.isArray(schema.items)) value.forEach((item, i) => problems.push(...modelViolations(schema.items as JsonSchema, item, `${path}[${i}]`)));
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    for (const name of (schema.required as string[] | undefined) ?? []) if (!(name in record)) problems.push(`${path ? `${path}.` : ''}${name}: required`);
    for (const [name, child] of Object.entries(record)) {
      const childPath = path ? `${path}.${name}` : name;
      if (properties[name]) problems.push(...modelViolations(properties[name]!, child, childPath));
      else if (schema.additionalProperties === false) problems.push(`${childPath}: not allowed`);
      else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') problems.push(...modelViolations(schema.additionalProperties as JsonSchema, child, childPath));
    }
  }
  const branches = (key: 'anyOf' | 'oneOf' | 'allOf') => ((schema[key] as JsonSchema[] | undefined) ?? []).map((s) => modelViolations(s, value, path).length === 0);
  if (schema.allOf && branches('allOf').some((ok) => !ok)) problems.push(`${at}: fails allOf`);
  if (schema.anyOf && !branches('anyOf').some(Boolean)) problems.push(`${at}: matches no anyOf branch`);
  if (schema.oneOf && branches('oneOf').filter(Boolean).length !== 1) problems.push(`${at}: does not match exactly one oneOf branch`);
  return problems;
}

function matchesType(type: string, value: unknown): boolean {
  switch (type) {
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    default:
      return false;
  }
}

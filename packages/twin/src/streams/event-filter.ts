// Lambda event filtering (an event source mapping's FilterCriteria) for the twin's stream poller: the
// pattern operators Lambda documents, evaluated against the record exactly as the function would get it.
//
// Semantics follow Lambda's (EventBridge-style) content filtering:
// - keys of a pattern object are AND-ed; the values of a leaf array are OR-ed; the filters of a
//   FilterCriteria are OR-ed;
// - a leaf array matches when any of its entries matches; an event value that is an array matches
//   when any of its elements does;
// - operators: exact values (string, number, boolean, null, "" for empty), `prefix`, `suffix`,
//   `equals-ignore-case`, `anything-but` (values, `prefix`, `suffix`, `equals-ignore-case`),
//   `numeric` (=, <, <=, >, >=, ranges of two), `exists`;
// - `exists` and all other operators only see leaf values (DynamoDB JSON means drilling down to the
//   type key: `{"NewImage": {"x": {"S": [{"exists": true}]}}}`); a missing field matches only
//   `{"exists": false}`;
// - `numeric` only matches JSON numbers: DynamoDB's `N` travels as a string, so `{"N": [{"numeric": …}]}`
//   never matches, in AWS as here (the poller warns about such patterns).
// Anything else (`$or`, `wildcard`, `cidr`, …) is not part of Lambda's documented filter syntax and
// fails when the mapping is read, so a pattern that would be rejected on deploy is not silently accepted.

export type RecordPredicate = (record: unknown) => boolean;

type LeafMatcher = (value: LeafValue) => boolean;
type LeafValue = string | number | boolean | null;

interface LeafRule {
  /** `{"exists": …}` entries are answered by presence, not by value. */
  exists?: boolean;
  match?: LeafMatcher;
}

type CompiledObject = Array<{ key: string; rule: CompiledNode }>;
type CompiledNode = { kind: 'leaf'; rules: LeafRule[] } | { kind: 'object'; fields: CompiledObject };

export class FilterPatternError extends Error {
  constructor(where: string, problem: string) {
    super(`${where}: ${problem}`);
    this.name = 'FilterPatternError';
  }
}

/**
 * Compiles the `Filters` of a FilterCriteria into one predicate (filters OR-ed). No filters, or an
 * absent FilterCriteria, lets every record through. `where` names the mapping in error messages.
 */
export function compileFilterCriteria(filterCriteria: unknown, where: string): RecordPredicate {
  if (filterCriteria === undefined || filterCriteria === null) return () => true;
  if (!isPlainObject(filterCriteria)) throw new FilterPatternError(where, 'FilterCriteria must be an object');
  const filters = filterCriteria.Filters;
  if (filters === undefined) return () => true;
  if (!Array.isArray(filters)) throw new FilterPatternError(where, 'FilterCriteria.Filters must be an array');
  if (filters.length === 0) return () => true;
  const compiled = filters.map((filter, i) => {
    const path = `FilterCriteria.Filters[${i}].Pattern`;
    if (!isPlainObject(filter) || typeof filter.Pattern !== 'string') throw new FilterPatternError(where, `${path} must be a JSON string`);
    let pattern: unknown;
    try {
      pattern = JSON.parse(filter.Pattern);
    } catch {
      throw new FilterPatternError(where, `${path} is not valid JSON`);
    }
    if (!isPlainObject(pattern)) throw new FilterPatternError(where, `${path} must be a JSON object`);
    return compileObject(pattern, `${where} ${path}`);
  });
  return (record) => compiled.some((fields) => matchObject(fields, record));
}

/** Patterns that are valid but can never match in Lambda either (a numeric rule on a DynamoDB `N`). */
export function suspiciousPatterns(filterCriteria: unknown): string[] {
  const findings: string[] = [];
  const filters = isPlainObject(filterCriteria) && Array.isArray(filterCriteria.Filters) ? filterCriteria.Filters : [];
  filters.forEach((filter, i) => {
    if (!isPlainObject(filter) || typeof filter.Pattern !== 'string') return;
    let pattern: unknown;
    try {
      pattern = JSON.parse(filter.Pattern);
    } catch {
      return;
    }
    const visit = (node: unknown, path: string[]): void => {
      if (!isPlainObject(node)) return;
      for (const [key, value] of Object.entries(node)) {
        if (key === 'N' && Array.isArray(value) && value.some((v) => isPlainObject(v) && 'numeric' in v)) {
          findings.push(
            `Filters[${i}] ${[...path, key].join('.')}: a numeric rule on a DynamoDB N never matches (N values are strings in the record)`,
          );
        }
        visit(value, [...path, key]);
      }
    };
    visit(pattern, []);
  });
  return findings;
}

function compileObject(pattern: Record<string, unknown>, where: string): CompiledObject {
  return Object.entries(pattern).map(([key, value]) => {
    const path = `${where} ${key}`;
    if (key.startsWith('$')) throw new FilterPatternError(path, `${key} is not supported by Lambda event filtering`);
    if (Array.isArray(value)) return { key, rule: { kind: 'leaf', rules: value.map((entry, i) => compileLeafRule(entry, `${path}[${i}]`)) } };
    if (isPlainObject(value)) return { key, rule: { kind: 'object', fields: compileObject(value, path) } };
    throw new FilterPatternError(path, `must be an array of match values or a nested object, got ${JSON.stringify(value)}`);
  });
}

function compileLeafRule(entry: unknown, where: string): LeafRule {
  if (entry === null || typeof entry === 'string' || typeof entry === 'boolean') return { match: (v) => v === entry };
  if (typeof entry === 'number') return { match: (v) => typeof v === 'number' && v === entry };
  if (!isPlainObject(entry)) throw new FilterPatternError(where, `unsupported match value ${JSON.stringify(entry)}`);
  const keys = Object.keys(entry);
  if (keys.length !== 1) throw new FilterPatternError(where, `an operator object has exactly one key, got ${JSON.stringify(entry)}`);
  const operator = keys[0]!;
  const operand = entry[operator];
  switch (operator) {
    case 'exists':
      if (typeof operand !== 'boolean') throw new FilterPatternError(where, 'exists takes true or false');
      return { exists: operand };
    case 'prefix':
    case 'suffix':
    case 'equals-ignore-case':
      return { match: stringOperator(operator, operand, where) };
    case 'anything-but':
      return { match: anythingBut(operand, where) };
    case 'numeric':
      return { match: numeric(operand, where) };
    default:
      throw new FilterPatternError(where, `operator ${operator} is not supported by Lambda event filtering`);
  }
}

function stringOperator(operator: 'prefix' | 'suffix' | 'equals-ignore-case', operand: unknown, where: string): LeafMatcher {
  if (typeof operand !== 'string') throw new FilterPatternError(where, `${operator} takes a string`);
  switch (operator) {
    case 'prefix':
      return (v) => typeof v === 'string' && v.startsWith(operand);
    case 'suffix':
      return (v) => typeof v === 'string' && v.endsWith(operand);
    case 'equals-ignore-case': {
      const lower = operand.toLowerCase();
      return (v) => typeof v === 'string' && v.toLowerCase() === lower;
    }
  }
}

function anythingBut(operand: unknown, where: string): LeafMatcher {
  const literal = (x: unknown): x is string | number => typeof x === 'string' || typeof x === 'number';
  if (literal(operand)) return (v) => v !== operand;
  if (Array.isArray(operand)) {
    if (!operand.every(literal)) throw new FilterPatternError(where, 'anything-but takes strings or numbers');
    const excluded = new Set<unknown>(operand);
    return (v) => !excluded.has(v);
  }
  if (isPlainObject(operand)) {
    const keys = Object.keys(operand);
    const inner = keys[0];
    if (keys.length === 1 && (inner === 'prefix' || inner === 'suffix' || inner === 'equals-ignore-case')) {
      const value = operand[inner];
      // anything-but equals-ignore-case also takes a list of strings.
      const matchers = (Array.isArray(value) ? value : [value]).map((x) => stringOperator(inner, x, where));
      // A non-string value is "anything but" a string rule, as EventBridge does.
      return (v) => !matchers.some((m) => m(v));
    }
  }
  throw new FilterPatternError(where, `unsupported anything-but operand ${JSON.stringify(operand)}`);
}

const NUMERIC_OPERATORS = new Set(['=', '<', '<=', '>', '>=']);

function numeric(operand: unknown, where: string): LeafMatcher {
  if (!Array.isArray(operand) || operand.length === 0 || operand.length % 2 !== 0 || operand.length > 4) {
    throw new FilterPatternError(where, 'numeric takes [op, number] or [op, number, op, number]');
  }
  const checks: Array<(n: number) => boolean> = [];
  for (let i = 0; i < operand.length; i += 2) {
    const op = operand[i];
    const bound = operand[i + 1];
    if (typeof op !== 'string' || !NUMERIC_OPERATORS.has(op) || typeof bound !== 'number') {
      throw new FilterPatternError(where, `numeric: expected an operator (=, <, <=, >, >=) and a number at ${i}`);
    }
    checks.push((n) => (op === '=' ? n === bound : op === '<' ? n < bound : op === '<=' ? n <= bound : op === '>' ? n > bound : n >= bound));
  }
  return (v) => typeof v === 'number' && checks.every((check) => check(v));
}

function matchObject(fields: CompiledObject, value: unknown): boolean {
  // Matching a nested pattern against a missing or scalar value: every field is then absent.
  if (Array.isArray(value)) return value.some((element) => matchObject(fields, element));
  const object = isPlainObject(value) ? value : {};
  return fields.every(({ key, rule }) => {
    const present = Object.hasOwn(object, key);
    const field = present ? object[key] : undefined;
    return rule.kind === 'object' ? matchObject(rule.fields, field) : matchLeaf(rule.rules, present, field);
  });
}

function matchLeaf(rules: LeafRule[], present: boolean, value: unknown): boolean {
  const leaves = present ? leafValues(value) : [];
  // An object (or array of objects) is no leaf: only `exists: false` can match it, as in AWS.
  const hasLeaf = leaves.length > 0;
  return rules.some((rule) => {
    if (rule.exists !== undefined) return rule.exists === hasLeaf;
    return leaves.some((leaf) => rule.match!(leaf));
  });
}

function leafValues(value: unknown): LeafValue[] {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return [value];
  if (Array.isArray(value)) return value.flatMap((element) => (Array.isArray(element) || isPlainObject(element) ? [] : leafValues(element)));
  return [];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

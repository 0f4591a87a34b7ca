// EventBridge event patterns: validation (what PutRule/TestEventPattern reject) and matching of an
// event envelope, with the operators EventBridge documents, including `$or` and `wildcard`.
//
// Also Lambda's FilterCriteria matcher: `streams/event-filter.ts` refuses `$or`, `wildcard` and
// `cidr` first (Lambda rejects them on deploy; EventBridge accepts them) and then matches with this.
//
// Semantics (checked against the EventBridge user guide and AWS-validated pattern cases):
// - the keys of a pattern object are AND-ed, the entries of a leaf array OR-ed, `$or` alternatives OR-ed;
// - event arrays are flattened: a leaf array matches when any element does, a nested pattern when any
//   object element matches all of its fields;
// - a missing field matches only `{"exists": false}`; `anything-but` needs the field present (a null
//   value is "anything but" a string); `exists` and every other operator see leaf values only;
// - `numeric` only matches JSON numbers, string operators only strings (but `anything-but` of a string
//   rule matches a number, as AWS does).
import { BlockList, isIP } from 'node:net';

export type EventPredicate = (event: unknown) => boolean;

export class InvalidEventPatternError extends Error {
  /** The service's error code for an invalid pattern. */
  readonly code = 'InvalidEventPatternException';
  constructor(reason: string) {
    super(`Event pattern is not valid. Reason: ${reason}`);
    this.name = 'InvalidEventPatternException';
  }
}

type Leaf = string | number | boolean | null;
type LeafMatcher = (value: Leaf) => boolean;
interface LeafRule {
  /** `{"exists": …}` is answered by presence of a leaf, not by value. */
  exists?: boolean;
  /** `anything-but` never matches a missing field. */
  match?: LeafMatcher;
}
interface ObjectNode {
  fields: Array<{ key: string; node: ObjectNode | LeafNode }>;
  /** Each `$or` at this level: a list of alternatives, one of which must match. */
  ors: ObjectNode[][];
}
interface LeafNode {
  leaf: LeafRule[];
}

/** Compiles a pattern (object or JSON text); throws InvalidEventPatternError as PutRule would reject it. */
export function compileEventPattern(pattern: unknown): EventPredicate {
  let parsed = pattern;
  if (typeof pattern === 'string') {
    try {
      parsed = JSON.parse(pattern);
    } catch {
      throw new InvalidEventPatternError('the pattern is not valid JSON');
    }
  }
  if (!isPlainObject(parsed)) throw new InvalidEventPatternError('the pattern must be a JSON object');
  const root = compileObject(parsed, '');
  return (event) => matchObject(root, event);
}

function compileObject(pattern: Record<string, unknown>, path: string): ObjectNode {
  const node: ObjectNode = { fields: [], ors: [] };
  for (const [key, value] of Object.entries(pattern)) {
    const where = path ? `${path}.${key}` : key;
    if (key === '$or') {
      if (!Array.isArray(value) || value.length < 2 || !value.every(isPlainObject)) {
        throw new InvalidEventPatternError(`"${where}" must be an array of at least two pattern objects`);
      }
      node.ors.push(value.map((alternative, i) => compileObject(alternative, `${where}[${i}]`)));
    } else if (Array.isArray(value)) {
      if (value.length === 0) throw new InvalidEventPatternError(`"${where}": empty arrays are not allowed`);
      node.fields.push({ key, node: { leaf: value.map((entry) => compileLeafRule(entry, where)) } });
    } else if (isPlainObject(value)) {
      node.fields.push({ key, node: compileObject(value, where) });
    } else {
      throw new InvalidEventPatternError(`"${where}" must be an object or an array`);
    }
  }
  return node;
}

function compileLeafRule(entry: unknown, where: string): LeafRule {
  if (entry === null || typeof entry === 'string' || typeof entry === 'boolean') return { match: (v) => v === entry };
  if (typeof entry === 'number') return { match: (v) => typeof v === 'number' && v === entry };
  if (!isPlainObject(entry)) throw new InvalidEventPatternError(`"${where}": match values are strings, numbers, booleans, null or operator objects`);
  const keys = Object.keys(entry);
  if (keys.length !== 1) throw new InvalidEventPatternError(`"${where}": an operator object has exactly one key`);
  const operator = keys[0]!;
  const operand = entry[operator];
  switch (operator) {
    case 'exists':
      if (typeof operand !== 'boolean') throw new InvalidEventPatternError(`"${where}": exists match pattern must be either true or false`);
      return { exists: operand };
    case 'prefix':
    case 'suffix':
      return { match: affixMatcher(operator, operand, where) };
    case 'equals-ignore-case': {
      if (typeof operand !== 'string') throw new InvalidEventPatternError(`"${where}": equals-ignore-case match pattern must be a string`);
      const lower = operand.toLowerCase();
      return { match: (v) => typeof v === 'string' && v.toLowerCase() === lower };
    }
    case 'wildcard': {
      if (typeof operand !== 'string') throw new InvalidEventPatternError(`"${where}": wildcard match pattern must be a string`);
      const regex = wildcardRegex(operand, where);
      return { match: (v) => typeof v === 'string' && regex.test(v) };
    }
    case 'anything-but':
      return { match: anythingBut(operand, where) };
    case 'numeric':
      return { match: numeric(operand, where) };
    case 'cidr':
      return { match: cidr(operand, where) };
    default:
      throw new InvalidEventPatternError(`"${where}": unrecognized match type ${operator}`);
  }
}

/** `prefix`/`suffix` take a string, or `{"equals-ignore-case": string}` for a case-insensitive one. */
function affixMatcher(operator: 'prefix' | 'suffix', operand: unknown, where: string): LeafMatcher {
  let text: string;
  let ignoreCase = false;
  if (typeof operand === 'string') text = operand;
  else if (isPlainObject(operand) && Object.keys(operand).length === 1 && typeof operand['equals-ignore-case'] === 'string') {
    text = operand['equals-ignore-case'];
    ignoreCase = true;
  } else throw new InvalidEventPatternError(`"${where}": ${operator} match pattern must be a string or {"equals-ignore-case": string}`);
  const wanted = ignoreCase ? text.toLowerCase() : text;
  return (v) => {
    if (typeof v !== 'string') return false;
    const s = ignoreCase ? v.toLowerCase() : v;
    return operator === 'prefix' ? s.startsWith(wanted) : s.endsWith(wanted);
  };
}

/** `*` matches any run of characters; `\*` is a literal star and `\\` a backslash; `**` is refused as AWS does. */
function wildcardRegex(pattern: string, where: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      const next = pattern[i + 1];
      if (next !== '*' && next !== '\\') throw new InvalidEventPatternError(`"${where}": invalid escape in wildcard pattern`);
      source += `\\${next}`;
      i++;
    } else if (c === '*') {
      if (pattern[i + 1] === '*') throw new InvalidEventPatternError(`"${where}": consecutive wildcard characters are not allowed`);
      source += '.*';
    } else source += c.replace(/[.+?^${}()|[\]]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}

function anythingBut(operand: unknown, where: string): LeafMatcher {
  const literal = (x: unknown): x is string | number => typeof x === 'string' || typeof x === 'number';
  if (literal(operand)) return (v) => v !== operand;
  if (Array.isArray(operand)) {
    if (operand.length === 0 || !operand.every(literal)) throw new InvalidEventPatternError(`"${where}": anything-but list must contain only strings or numbers`);
    const excluded = new Set<unknown>(operand);
    return (v) => !excluded.has(v);
  }
  if (isPlainObject(operand) && Object.keys(operand).length === 1) {
    const inner = Object.keys(operand)[0]!;
    const values = operand[inner];
    const list = Array.isArray(values) ? values : [values];
    if (list.length === 0 || !list.every((x) => typeof x === 'string')) {
      throw new InvalidEventPatternError(`"${where}": anything-but ${inner} takes a string or a list of strings`);
    }
    const strings = list as string[];
    let matchers: LeafMatcher[];
    switch (inner) {
      case 'prefix':
      case 'suffix':
        if (strings.some((s) => s === '')) throw new InvalidEventPatternError(`"${where}": anything-but ${inner} cannot be empty`);
        matchers = strings.map((s) => affixMatcher(inner, s, where));
        break;
      case 'equals-ignore-case':
        matchers = strings.map((s) => (v: Leaf) => typeof v === 'string' && v.toLowerCase() === s.toLowerCase());
        break;
      case 'wildcard':
        matchers = strings.map((s) => {
          const regex = wildcardRegex(s, where);
          return (v: Leaf) => typeof v === 'string' && regex.test(v);
        });
        break;
      default:
        throw new InvalidEventPatternError(`"${where}": unsupported anything-but operator ${inner}`);
    }
    // A non-string value is "anything but" a string rule: AWS matches a number against anything-but prefix.
    return (v) => !matchers.some((m) => m(v));
  }
  throw new InvalidEventPatternError(`"${where}": anything-but takes a string, a number, a list of them, or a prefix/suffix/equals-ignore-case/wildcard object`);
}

function numeric(operand: unknown, where: string): LeafMatcher {
  const bad = (): never => {
    throw new InvalidEventPatternError(`"${where}": numeric takes ["=", n], [op, n] or a range [">"|">=", n, "<"|"<=", m]`);
  };
  if (!Array.isArray(operand) || (operand.length !== 2 && operand.length !== 4)) return bad();
  const [op1, n1, op2, n2] = operand as unknown[];
  if (typeof n1 !== 'number' || !['=', '<', '<=', '>', '>='].includes(String(op1))) return bad();
  const check = (op: unknown, bound: number) => (n: number) =>
    op === '=' ? n === bound : op === '<' ? n < bound : op === '<=' ? n <= bound : op === '>' ? n > bound : n >= bound;
  const first = check(op1, n1);
  if (operand.length === 2) return (v) => typeof v === 'number' && first(v);
  // A range is a lower bound followed by an upper bound; AWS refuses two lower bounds and the like.
  if (typeof n2 !== 'number' || !(op1 === '>' || op1 === '>=') || !(op2 === '<' || op2 === '<=') || n1 >= n2) return bad();
  const second = check(op2, n2);
  return (v) => typeof v === 'number' && first(v) && second(v);
}

function cidr(operand: unknown, where: string): LeafMatcher {
  const bad = (): never => {
    throw new InvalidEventPatternError(`"${where}": cidr takes an IPv4 or IPv6 CIDR block, e.g. "10.0.0.0/24"`);
  };
  if (typeof operand !== 'string') return bad();
  const [network, bits, ...rest] = operand.split('/');
  const family = isIP(network ?? '');
  const prefix = Number(bits);
  if (rest.length || family === 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) return bad();
  const list = new BlockList();
  const type = family === 4 ? 'ipv4' : 'ipv6';
  list.addSubnet(network!, prefix, type);
  return (v) => typeof v === 'string' && isIP(v) === family && list.check(v, type);
}

function matchObject(node: ObjectNode, value: unknown): boolean {
  // Arrays are flattened: a nested pattern matches when one element matches all of it.
  if (Array.isArray(value)) return value.some((element) => matchObject(node, element));
  const object = isPlainObject(value) ? value : {};
  const fieldsMatch = node.fields.every(({ key, node: child }) => {
    const present = Object.hasOwn(object, key);
    const field = present ? object[key] : undefined;
    return 'leaf' in child ? matchLeaf(child.leaf, present, field) : matchObject(child, field);
  });
  return fieldsMatch && node.ors.every((alternatives) => alternatives.some((alternative) => matchObject(alternative, object)));
}

function matchLeaf(rules: LeafRule[], present: boolean, value: unknown): boolean {
  const leaves = present ? leafValues(value) : [];
  return rules.some((rule) => (rule.exists !== undefined ? rule.exists === leaves.length > 0 : leaves.some((leaf) => rule.match!(leaf))));
}

function leafValues(value: unknown): Leaf[] {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return [value];
  if (Array.isArray(value)) return value.flatMap((element) => (isPlainObject(element) ? [] : leafValues(element)));
  return [];
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Lambda event filtering (an event source mapping's FilterCriteria) for the twin's stream poller:
// the EventBridge pattern matcher (eventbridge/pattern.ts) on the record as the function gets it,
// without what Lambda refuses on deploy (`$or`, `wildcard`, `cidr`), so such a pattern fails here too.
// Filters are OR-ed; no filters let every record through. DynamoDB's `N` travels as a string, so a
// `numeric` rule on it never matches, in AWS as here.
import { compileEventPattern, InvalidEventPatternError, isPlainObject } from '../eventbridge/pattern';

export type RecordPredicate = (record: unknown) => boolean;

const EVENTBRIDGE_ONLY = new Set(['$or', 'wildcard', 'cidr']);

export class FilterPatternError extends Error {
  constructor(where: string, problem: string) {
    super(`${where}: ${problem}`);
    this.name = 'FilterPatternError';
  }
}

/** Compiles the `Filters` of a FilterCriteria into one predicate; `where` names the mapping in errors. */
export function compileFilterCriteria(filterCriteria: unknown, where: string): RecordPredicate {
  if (filterCriteria === undefined || filterCriteria === null) return () => true;
  if (!isPlainObject(filterCriteria)) throw new FilterPatternError(where, 'FilterCriteria must be an object');
  const filters = filterCriteria.Filters;
  if (filters === undefined) return () => true;
  if (!Array.isArray(filters)) throw new FilterPatternError(where, 'FilterCriteria.Filters must be an array');
  if (filters.length === 0) return () => true;
  const compiled = filters.map((filter, i) => {
    const path = `${where} FilterCriteria.Filters[${i}].Pattern`;
    const pattern = parsePattern(filter);
    if (pattern === undefined) throw new FilterPatternError(path, 'must be a JSON object in a string');
    const refused = eventBridgeOnly(pattern);
    if (refused) throw new FilterPatternError(path, `${refused} is not supported by Lambda event filtering`);
    try {
      return compileEventPattern(pattern);
    } catch (error) {
      throw error instanceof InvalidEventPatternError ? new FilterPatternError(path, error.message) : error;
    }
  });
  return (record) => compiled.some((matches) => matches(record));
}

function parsePattern(filter: unknown): Record<string, unknown> | undefined {
  if (!isPlainObject(filter) || typeof filter.Pattern !== 'string') return undefined;
  try {
    const pattern: unknown = JSON.parse(filter.Pattern);
    return isPlainObject(pattern) ? pattern : undefined;
  } catch {
    return undefined;
  }
}

/** The first key or operator EventBridge accepts and Lambda does not, anywhere in the pattern. */
function eventBridgeOnly(node: unknown): string | undefined {
  if (Array.isArray(node)) return node.map(eventBridgeOnly).find(Boolean);
  if (!isPlainObject(node)) return undefined;
  for (const [key, value] of Object.entries(node)) {
    if (EVENTBRIDGE_ONLY.has(key)) return key;
    const inner = eventBridgeOnly(value);
    if (inner) return inner;
  }
  return undefined;
}

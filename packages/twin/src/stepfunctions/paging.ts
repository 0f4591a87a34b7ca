// nextToken paging as the list operations use it: an opaque token naming the next offset.
import { serviceErrors } from './errors';

const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;

export function page<T>(items: T[], maxResults: number | undefined, nextToken: string | undefined, scope: string): { items: T[]; nextToken?: string } {
  if (maxResults !== undefined && (!Number.isInteger(maxResults) || maxResults < 0 || maxResults > MAX_PAGE)) {
    throw serviceErrors.validation(`1 validation error detected: Value '${maxResults}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to ${MAX_PAGE}`);
  }
  const size = maxResults === undefined || maxResults === 0 ? DEFAULT_PAGE : maxResults;
  const start = nextToken === undefined ? 0 : offsetOf(nextToken, scope);
  const slice = items.slice(start, start + size);
  const end = start + slice.length;
  return end < items.length ? { items: slice, nextToken: tokenOf(end, scope) } : { items: slice };
}

function tokenOf(offset: number, scope: string): string {
  return Buffer.from(JSON.stringify({ o: offset, s: scope })).toString('base64url');
}

function offsetOf(token: string, scope: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown; s?: unknown };
    if (typeof parsed.o === 'number' && parsed.s === scope) return parsed.o;
  } catch {
    // fall through: not one of ours
  }
  throw serviceErrors.invalidToken(token);
}

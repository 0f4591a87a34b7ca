// The JSONPath the twin reads itself (EventBridge's InputPath and InputPathsMap, ASL's ResultPath),
// through jsonpath-plus, the library the Step Functions engine evaluates its own paths with.
import { JSONPath } from 'jsonpath-plus';

/** The names and indexes of a reference path (`$.a.b[0]`, `$['a-b']`), `$` left out. */
export function pathSegments(path: string): string[] {
  if (!path.startsWith('$')) throw new Error(`invalid JSONPath ${path}: must start with $`);
  return JSONPath.toPathArray(path).slice(1);
}

/** The value at `path` in `root`, or undefined when absent. */
export function selectPath(root: unknown, path: string): unknown {
  pathSegments(path);
  return JSONPath({ path, json: root as object, wrap: false });
}

/**
 * The engine (aws-local-stepfunctions 3.0.0) writes ResultPath "$" to a key named "$" and reads
 * brackets wrongly, so the twin hands it "undefined" for "$" and dotted paths otherwise.
 */
export function normalizeResultPath(path: string | null | undefined): string | null | undefined {
  if (path === null || path === undefined) return path;
  const segments = pathSegments(path);
  if (segments.length === 0) return undefined;
  const bad = segments.find((segment) => /[.[\]'"]/.test(segment));
  if (bad !== undefined) throw new Error(`ResultPath ${path}: keys with '.', brackets or quotes are not supported by the local engine`);
  return `$${segments.map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s}`)).join('')}`;
}

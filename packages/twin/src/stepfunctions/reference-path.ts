// ASL reference paths ($.a.b[0], $['a']) for the two places the twin needs them: normalising
// ResultPath for the engine, and reading a value for the Map/Wait rewrites.

export type PathSegment = string | number;

export function parseReferencePath(path: string): PathSegment[] {
  if (!path.startsWith('$')) throw new Error(`not a reference path: ${path}`);
  const segments: PathSegment[] = [];
  let i = 1;
  while (i < path.length) {
    const ch = path[i];
    if (ch === '.') {
      const match = /^[^.[\]]+/.exec(path.slice(i + 1));
      if (!match) throw new Error(`unsupported reference path: ${path}`);
      segments.push(match[0]);
      i += 1 + match[0].length;
    } else if (ch === '[') {
      const quoted = /^\[(['"])(.*?)\1\]/.exec(path.slice(i));
      const index = /^\[(\d+)\]/.exec(path.slice(i));
      if (quoted) {
        segments.push(quoted[2]!);
        i += quoted[0].length;
      } else if (index) {
        segments.push(Number(index[1]));
        i += index[0].length;
      } else {
        throw new Error(`unsupported reference path: ${path}`);
      }
    } else {
      throw new Error(`unsupported reference path: ${path}`);
    }
  }
  return segments;
}

/**
 * The engine (3.0.0) writes ResultPath "$" to a key named "$" and reads brackets wrongly, so the
 * twin hands it "undefined" for "$" and dotted paths otherwise.
 */
export function normalizeResultPath(path: string | null | undefined): string | null | undefined {
  if (path === null || path === undefined) return path;
  const segments = parseReferencePath(path);
  if (segments.length === 0) return undefined;
  for (const segment of segments) {
    if (typeof segment === 'string' && /[.[\]'"]/.test(segment)) {
      throw new Error(`ResultPath ${path}: keys with '.', brackets or quotes are not supported by the local engine`);
    }
  }
  return `$${segments.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('')}`;
}

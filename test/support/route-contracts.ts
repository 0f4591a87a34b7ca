// The request schemas (path, query, body) of every API route, found in the handlers themselves: a
// handler is `httpRoute({ route: 'METHOD /path', path: X, query: Y, body: Z, ... })` and imports
// X, Y, Z from the contract modules. Tests that must know whether an input is valid (the fuzz) read
// them from here, so a new route brings its contract along without a list to keep up to date.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { safeParse } from 'zod/mini';
import type * as z from 'zod/v4/core';

const root = path.resolve(import.meta.dirname, '../..');

export interface RouteContract {
  route: string;
  /** The handler file, relative to the repository root. */
  handler: string;
  path?: z.$ZodType;
  query?: z.$ZodType;
  body?: z.$ZodType;
}

const FIELDS = ['path', 'query', 'body'] as const;

/** The module an identifier is imported from in `source`, resolved against `file`. */
function importOf(source: string, file: string, identifier: string): string | undefined {
  for (const match of source.matchAll(/import\s*\{([^}]*)\}\s*from\s*'([^']+)'/g)) {
    const names = match[1]!.split(',').map((n) => n.trim().replace(/^type\s+/, ''));
    if (!names.some((n) => n === identifier || n.endsWith(` as ${identifier}`))) continue;
    const spec = match[2]!;
    return spec.startsWith('.') ? path.resolve(path.dirname(file), spec.endsWith('.ts') ? spec : `${spec}.ts`) : spec;
  }
  return undefined;
}

function handlerFiles(): string[] {
  const services = path.join(root, 'services');
  return readdirSync(services, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => {
      const dir = path.join(services, d.name, 'handlers');
      try {
        return readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => path.join(dir, f));
      } catch {
        return [];
      }
    });
}

let cached: Promise<Map<string, RouteContract>> | undefined;

/** Every route a handler serves, with the schemas it validates against. */
export function routeContracts(): Promise<Map<string, RouteContract>> {
  cached ??= (async () => {
    const contracts = new Map<string, RouteContract>();
    for (const file of handlerFiles()) {
      const source = readFileSync(file, 'utf8');
      const routeLine = /^(\s*)route:\s*'([A-Z]+ \/[^']*)'/m.exec(source);
      if (!routeLine) continue;
      const [, indent, route] = routeLine;
      const contract: RouteContract = { route: route!, handler: path.relative(root, file) };
      for (const field of FIELDS) {
        // Only at the indentation of `route:`, so `body:` of a reply further down never counts.
        const found = new RegExp(`^${indent}${field}:\\s*([A-Za-z_$][\\w$]*),?\\s*$`, 'm').exec(source);
        if (!found) continue;
        const identifier = found[1]!;
        const from = importOf(source, file, identifier);
        if (!from) throw new Error(`${contract.handler}: cannot find where ${identifier} (${field}) is imported from`);
        const module = (await import(from)) as Record<string, unknown>;
        const schema = module[identifier];
        if (!schema || typeof schema !== 'object' || !('_zod' in schema)) throw new Error(`${contract.handler}: ${identifier} from ${from} is not a zod schema`);
        contract[field] = schema as z.$ZodType;
      }
      contracts.set(contract.route, contract);
    }
    return contracts;
  })();
  return cached;
}

/** Whether `value` passes `schema`; a part without a schema takes anything. */
export function accepts(schema: z.$ZodType | undefined, value: unknown): boolean {
  return schema === undefined || safeParse(schema, value).success;
}

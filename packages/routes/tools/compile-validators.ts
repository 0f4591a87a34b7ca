// Writes src/compiled/: for each route, the parsers zod's compiler generates from its path, query and
// body schemas, and for each workflow step the parser of its input (src/step-inputs.ts, into
// steps.ts), as code a function bundles without zod (see src/validation.ts). Run after changing a
// route, a request schema or a step's input: `npm run validators` (test/unit/compiled-validators.test.ts
// fails while the files differ from a fresh run).
//
// zod's `compileFn` builds the parser with `new Function`, passing the values the code refers to
// (regular expressions, enum sets, refinement functions, zod's helpers) as arguments. Here they
// become source: literals, zod's helpers (copied in src/validation.ts), or an import of the
// refinement by its exported name (packages/domain/src/rules.ts). A value that cannot be written out
// (a superRefine's or transform's closure, an unnamed refinement, a schema zod has to run itself)
// makes the route's part validated by zod at run time instead, and the generated file says why.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileFn, util } from 'zod/v4/core';
import type * as z from 'zod/v4/core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'src/compiled');
const PARTS = ['path', 'query', 'body'] as const;

/** The modules a request schema or a named refinement is imported from, in the generated code. */
const SOURCES = [
  { specifier: '@cter/domain/schemas', load: () => import('@cter/domain/schemas') },
  { specifier: '@cter/domain', load: () => import('@cter/domain') },
  // The measures contract's own modules (every file of its contract/ folder) before the domain's
  // index, so a route's lazily loaded schemas reach only what they need (the index would bring, and
  // build, every module of the domain).
  ...readdirSync(path.resolve(ROOT, '../measures-domain/src/contract'))
    .filter((file) => file.endsWith('.ts'))
    .sort()
    .map((file) => `@cter/measures-domain/contract/${file.slice(0, -'.ts'.length)}`)
    .map((specifier) => ({ specifier, load: () => import(specifier) })),
  { specifier: '@cter/measures-domain', load: () => import('@cter/measures-domain') },
] as const;

/**
 * Modules of lists without schemas (as are the SOURCES without schemas): an enum's set of values is
 * written as `new Set(LIST)` when one of them exports the list, so a bundle carries its words once.
 * Importing one of them must build nothing: the generation fails if one exports a schema.
 */
const LIST_SOURCES = [
  { specifier: '@cter/config', load: () => import('@cter/config') },
  { specifier: '@cter/measures-domain/catalogue/factors', load: () => import('@cter/measures-domain/catalogue/factors') },
  { specifier: '@cter/measures-domain/catalogue/target-groups', load: () => import('@cter/measures-domain/catalogue/target-groups') },
] as const;

/** JavaScript's own functions a refinement may name. */
const GLOBAL_FUNCTIONS = new Map<unknown, string>([[Number.isInteger, 'Number.isInteger']]);
/** zod's own functions the generated code calls, and the copy of each in src/validation.ts. */
const ZOD_HELPERS = new Map<unknown, string>([
  [util.codePointLength, 'codePointLength'],
  [util.shallowClone, 'shallowClone'],
]);
/** zod's value rewrites (z.trim() and friends): their text refers to their parameter only. */
const ZOD_REWRITES = new Set(['(input) => input.trim()', '(input) => input.toLowerCase()', '(input) => input.toUpperCase()']);

class NotCompilable extends Error {}

interface Named {
  specifier: string;
  name: string;
}

/** What the generated code may import by name from the source modules. */
interface Exported {
  /** Where each exported value can be imported from (the first module that exports it). */
  values: Map<unknown, Named>;
  /** Lists of strings exported by modules without schemas, by their JSON. */
  lists: Map<string, Named>;
}

const isSchema = (value: unknown) => typeof value === 'object' && value !== null && '_zod' in value;

async function exportedValues(): Promise<Exported> {
  const values = new Map<unknown, Named>();
  const lists = new Map<string, Named>();
  for (const source of SOURCES) {
    const mod = (await source.load()) as Record<string, unknown>;
    const withoutSchemas = !Object.values(mod).some(isSchema);
    for (const [name, value] of Object.entries(mod)) {
      const nameable = typeof value === 'function' || (typeof value === 'object' && value !== null);
      if (nameable && !values.has(value)) values.set(value, { specifier: source.specifier, name });
      if (withoutSchemas) addList(lists, source.specifier, name, value);
    }
  }
  for (const source of LIST_SOURCES) {
    const mod = (await source.load()) as Record<string, unknown>;
    const schema = Object.entries(mod).find(([, value]) => isSchema(value));
    if (schema) throw new Error(`${source.specifier} exports the schema ${schema[0]}: a list source must build nothing when imported`);
    for (const [name, value] of Object.entries(mod)) addList(lists, source.specifier, name, value);
  }
  return { values, lists };
}

function addList(lists: Map<string, Named>, specifier: string, name: string, value: unknown): void {
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'string')) return;
  const key = JSON.stringify(value);
  if (!lists.has(key)) lists.set(key, { specifier, name });
}

interface Emitted {
  code: string;
  imports: Imports;
}

/**
 * The parser zod's compiler generates for `schema`, as a constant named `name`: its values are made
 * once, when the module loads, and the function is what runs per request.
 */
function emitParser(schema: z.$ZodType, name: string, named: Exported): Emitted {
  const coerced: string[] = [];
  const plain = compilable(schema, coerced);
  let captured: unknown[] | undefined;
  const RealFunction = globalThis.Function;
  // compileFn hands its constants to `new Function(...names, body)` and calls the factory with their values.
  globalThis.Function = function (...args: string[]) {
    const factory = RealFunction(...args) as (...values: unknown[]) => unknown;
    return (...values: unknown[]) => ((captured = values), factory(...values));
  } as unknown as FunctionConstructor;
  let compiled: { code?: string };
  try {
    compiled = compileFn(plain, { debug: true }) as typeof compiled;
  } catch (error) {
    throw new NotCompilable((error as Error).message);
  } finally {
    globalThis.Function = RealFunction;
  }
  const lines = compiled.code!.split('\n');
  const names = lines[0]!.replace('// Constants: ', '').split(', ');
  const body = lines.slice(1).join('\n');
  const imports: Imports = new Map();
  const use = (specifier: string, what: string) => addImport(imports, specifier, what);
  const constants = names.slice(1).map((constant, i) => `  const ${constant} = ${source(captured![i + 1], use, named)};`);
  use('../validation', 'INVALID');
  // z.coerce.number() of a query parameter: the compiler refuses coercion, so the parameter is made a
  // number before the parse, as zod's coercion does (Number(value)), and the schema compiled without it.
  const coercion = coerced.length ? (use('../validation', 'coerceNumbers'), `    input = coerceNumbers(input, ${JSON.stringify(coerced)});\n`) : '';
  return { code: `const ${name} = /* @__PURE__ */ (() => {\n${constants.join('\n')}\n  return (input) => {\n${coercion}${indent(indent(body))}\n  };\n})();`, imports };
}

function source(value: unknown, use: (specifier: string, what: string) => void, named: Exported): string {
  if (value instanceof RegExp) return `/${value.source}/${value.flags}`;
  if (value instanceof Set) {
    const list = named.lists.get(JSON.stringify([...value]));
    if (list) return use(list.specifier, list.name), `new Set(${list.name})`;
    return `new Set(${JSON.stringify([...value])})`;
  }
  if (typeof value === 'symbol') return 'INVALID';
  if (typeof value !== 'function') {
    if (isSchema(value)) throw new NotCompilable('a part zod has to run itself');
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype) throw new NotCompilable(`a value it cannot write out (${Object.prototype.toString.call(value)})`);
    return JSON.stringify(value);
  }
  // compileFn's own wrapper around a superRefine's or a transform's function, which it closes over.
  if (value.name === 'helperFn') throw new NotCompilable('a superRefine or a transform, which zod runs itself');
  const global = GLOBAL_FUNCTIONS.get(value);
  if (global) return global;
  const helper = ZOD_HELPERS.get(value);
  if (helper) return use('../validation', helper), helper;
  const text = value.toString();
  // compile.js's own (not exported): throws for a refinement that answers a promise.
  if (value.name === 'throwAsync' && text.startsWith('function throwAsync()')) return use('../validation', 'throwAsync'), 'throwAsync';
  if (ZOD_REWRITES.has(text)) return text;
  // A default's getter (z._default): the value it gives, cloned per parse by the code.
  if (text === '() => schema._zod.def.defaultValue') return `() => (${JSON.stringify(value())})`;
  const export_ = named.values.get(value);
  if (export_) return use(export_.specifier, export_.name), export_.name;
  throw new NotCompilable(`a function that is not exported by name (${value.name || text.slice(0, 60)}): export the refinement and use it by name`);
}

/**
 * The schema as zod's compiler takes it: a copy without `z.describe` checks, which only carry
 * documentation, and without the coercion of top-level fields (their keys go to `coerced`, coerced
 * before the parse; coercion anywhere else is refused).
 */
function compilable<T extends z.$ZodType>(schema: T, coerced: string[], at: { root: boolean; field?: string } = { root: true }, seen = new Map<unknown, unknown>()): T {
  const { field } = at;
  if (seen.has(schema)) return seen.get(schema) as T;
  const def = schema._zod.def as unknown as Record<string, unknown> & { checks?: z.$ZodCheck[] };
  const copy = { ...def } as typeof def;
  if (def.checks) copy.checks = def.checks.filter((c) => c._zod.def.check !== ('describe' as never));
  if (def.coerce) {
    if (def.type !== 'number' || field === undefined) throw new NotCompilable(`coercion of ${field ?? 'a nested value'} to ${String(def.type)}`);
    coerced.push(field);
    copy.coerce = false;
  }
  // Wrappers keep the field they wrap; anything deeper is no longer a top-level field.
  const deeper = { root: false };
  if (def.innerType) copy.innerType = compilable(def.innerType as z.$ZodType, coerced, at, seen);
  for (const key of ['element', 'in', 'out', 'valueType', 'keyType'] as const) if (def[key]) copy[key] = compilable(def[key] as z.$ZodType, coerced, deeper, seen);
  if (def.shape) copy.shape = Object.fromEntries(Object.entries(def.shape as Record<string, z.$ZodType>).map(([k, v]) => [k, compilable(v, coerced, at.root ? { root: false, field: k } : deeper, seen)]));
  if (def.options) copy.options = (def.options as z.$ZodType[]).map((o) => compilable(o, coerced, deeper, seen));
  const Schema = (schema._zod as unknown as { constr: new (def: unknown) => T }).constr;
  const built = new Schema(copy);
  seen.set(schema, built);
  return built;
}

function indent(text: string): string {
  return text.split('\n').map((l) => `  ${l}`).join('\n');
}

/** The generated module of a route, by its operation id: `registerSignal` -> `register-signal`. */
export const compiledModuleOf = (operationId: string) => operationId.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

interface RouteSchemas {
  route: string;
  operationId: string;
  path?: z.$ZodType;
  query?: z.$ZodType;
  body?: z.$ZodType;
}

/** The files of src/compiled/ for these routes: name to content. */
export async function compileValidators(routes: readonly RouteSchemas[], steps: Readonly<Record<string, z.$ZodType>>): Promise<Map<string, string>> {
  const named = await exportedValues();
  const files = new Map<string, string>();
  for (const entry of routes) {
    const base = compiledModuleOf(entry.operationId);
    const imports: Imports = new Map([['../validation', new Set<string>()]]);
    const use = (specifier: string, what: string) => addImport(imports, specifier, what);
    const parsers: string[] = [];
    const members: string[] = [];
    // What `<route>.schemas.ts` re-exports, by module: the schemas of the compiled parts.
    const lazy = new Map<string, string[]>();
    const types: string[] = [];
    // First every part's parser; a part zod has to run (built at import) keeps the route's other parts
    // on zod too: zod is built at load anyway, and a parser would only add bytes.
    const attempts = PARTS.filter((part) => entry[part]).map((part) => {
      const schema = entry[part]!;
      const where = named.values.get(schema);
      if (!where) throw new Error(`${entry.route}: its ${part} schema is not exported by ${SOURCES.map((s) => s.specifier).join(', ')}`);
      try {
        return { part, where, emitted: emitParser(schema, `parse${pascal(part)}`, named) };
      } catch (error) {
        if (!(error instanceof NotCompilable)) throw error;
        return { part, where, refused: error.message };
      }
    });
    const refusedPart = attempts.find((a) => a.refused);
    for (const { part, where, emitted, refused } of attempts) {
      types.push(`type ${pascal(part)} = z.output<typeof ${where.name}>;`);
      use(`type:${where.specifier}`, where.name);
      if (emitted && !refusedPart) {
        for (const [specifier, names] of emitted.imports) for (const n of names) use(specifier, n);
        parsers.push(emitted.code);
        use('../validation', 'compiled');
        lazy.set(where.specifier, [...(lazy.get(where.specifier) ?? []), `${where.name} as ${part}`]);
        members.push(`  ${part}: /* @__PURE__ */ compiled<${pascal(part)}>(parse${pascal(part)}, () => import('./${base}.schemas').then((m) => ({ schema: m.${part}, check: m.checkRequest }))),`);
      } else {
        use('../validation', 'interpreted');
        use('@cter/domain/schemas', 'checkRequest');
        use(where.specifier, where.name);
        const why = refused ?? `its ${refusedPart!.part} is validated by zod, built at import anyway`;
        parsers.push(`// ${part}: not compiled (${why}): zod validates it, built at import.`);
        members.push(`  ${part}: /* @__PURE__ */ interpreted<${pascal(part)}>(${where.name}, checkRequest),`);
      }
    }
    const lines = importLines(imports);
    if (types.length) lines.unshift(`import type * as z from 'zod/v4/core';`);
    // The parsers are zod's generated JavaScript, untyped; the validators' types come from the schemas.
    const header = `// Generated by \`npm run validators\` (packages/routes/tools/compile-validators.ts) from the schemas of\n// \`${entry.route}\`. Do not edit.\n// @ts-nocheck: the parsers are zod's generated JavaScript; each validator's type is its schema's output.`;
    files.set(`${base}.ts`, `${header}\n${lines.join('\n')}\n\n${types.join('\n')}\n\n${parsers.join('\n\n')}\n\nexport const ${entry.operationId}Validation = {\n${members.join('\n')}\n};\n`);
    if (lazy.size) {
      lazy.set('@cter/domain/schemas', [...(lazy.get('@cter/domain/schemas') ?? []), 'checkRequest']);
      const reexports = [...lazy].map(([specifier, names]) => `export { ${names.join(', ')} } from '${specifier}';`);
      files.set(`${base}.schemas.ts`, `// Generated by \`npm run validators\`: the schemas of \`${entry.route}\`, imported only when its\n// generated parser turns a request away (so zod is loaded then). Do not edit.\n${reexports.join('\n')}\n`);
    }
  }
  files.set('steps.ts', compileStepInputs(steps, named));
  return files;
}

/**
 * `steps.ts` of src/compiled/: the parser of each workflow step's input (src/step-inputs.ts), as
 * `<step>Input` (`recordStateInput`). Only the parser: a refused input is a mismatch between the
 * state machine and the function, and its fields are in the execution history, so a step's bundle
 * carries no zod at all. A step whose input the compiler cannot write out fails the generation.
 */
function compileStepInputs(inputs: Readonly<Record<string, z.$ZodType>>, named: Exported): string {
  const imports: Imports = new Map([['../validation', new Set(['parsedOnly'])], ['type:../step-inputs', new Set(['STEP_INPUTS', 'StepName'])]]);
  const parsers: string[] = [];
  const exports: string[] = [];
  for (const [step, schema] of Object.entries(inputs)) {
    const name = camel(step);
    let emitted: Emitted;
    try {
      emitted = emitParser(schema, `parse${pascal(name)}`, named);
    } catch (error) {
      if (error instanceof NotCompilable) throw new Error(`step ${step}: its input cannot be compiled (${error.message})`);
      throw error;
    }
    for (const [specifier, names] of emitted.imports) for (const n of names) addImport(imports, specifier, n);
    parsers.push(emitted.code);
    exports.push(`export const ${stepInputName(step)} = /* @__PURE__ */ parsedOnly<Input<'${step}'>>(parse${pascal(name)});`);
  }
  const header = `// Generated by \`npm run validators\` (packages/routes/tools/compile-validators.ts) from the workflow\n// steps' input schemas (src/step-inputs.ts). Do not edit.\n// @ts-nocheck: the parsers are zod's generated JavaScript; each validator's type is its schema's output.`;
  const types = `type Input<S extends StepName> = z.output<(typeof STEP_INPUTS)[S]>;`;
  return `${header}\nimport type * as z from 'zod/v4/core';\n${importLines(imports).join('\n')}\n\n${types}\n\n${parsers.join('\n\n')}\n\n${exports.join('\n')}\n`;
}

/** The generated validator of a step's input, by the step's name: `record-state` -> `recordStateInput`. */
export const stepInputName = (step: string) => `${camel(step)}Input`;

function camel(name: string): string {
  return name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
}

/** Names to import, by module; `type:<module>` for names imported as types only. */
type Imports = Map<string, Set<string>>;

function addImport(imports: Imports, specifier: string, what: string): void {
  imports.set(specifier, (imports.get(specifier) ?? new Set()).add(what));
}

/** The import statements, sorted by name within each; a name imported as a value serves as its type too. */
function importLines(imports: Imports): string[] {
  for (const [specifier, names] of imports) if (specifier.startsWith('type:')) for (const n of names) if (imports.get(specifier.slice(5))?.has(n)) names.delete(n);
  return [...imports]
    .filter(([, names]) => names.size > 0)
    .map(([specifier, names]) => (specifier.startsWith('type:') ? `import type { ${[...names].sort().join(', ')} } from '${specifier.slice(5)}';` : `import { ${[...names].sort().join(', ')} } from '${specifier}';`));
}

function pascal(word: string): string {
  return word[0]!.toUpperCase() + word.slice(1);
}

/**
 * Stands in for every compiled module the route files import before the registry is loaded, so the
 * generator runs whatever state src/compiled/ is in (a new route, a helper renamed): the registry's
 * schemas are all it reads.
 */
function placeholders(): void {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  for (const file of readdirSync(path.join(ROOT, 'src')).filter((f) => f.endsWith('.ts'))) {
    for (const m of readFileSync(path.join(ROOT, 'src', file), 'utf8').matchAll(/import \{ (\w+)Validation \} from '\.\/compiled\/([\w-]+)'/g)) {
      writeFileSync(path.join(OUT, `${m[2]}.ts`), `export const ${m[1]}Validation = {};\n`);
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  placeholders();
  const { ROUTE_ENTRIES } = await import('../src/index');
  const { STEP_INPUTS } = await import('../src/step-inputs');
  const files = await compileValidators(ROUTE_ENTRIES, STEP_INPUTS);
  for (const old of readdirSync(OUT)) if (!files.has(old)) rmSync(path.join(OUT, old));
  for (const [name, content] of files) writeFileSync(path.join(OUT, name), content);
  console.log(`wrote ${files.size} files to ${path.relative(process.cwd(), OUT)}`);
}

// The generated validators (packages/routes/src/compiled/, `npm run validators`) against zod itself:
// the files are what the generator writes from today's schemas, and on the fuzz's generated requests
// (valid, near-valid and hostile) each validator answers exactly what zod's parse answers: the same
// value when it accepts, the same details when it refuses. A parser that accepted what zod refuses,
// or answered another value, would let a request past its contract.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROUTE_ENTRIES } from '@cter/routes';
import { checkRequest as check } from '@cter/domain/schemas';
import { compiledModuleOf, compileValidators } from '../../packages/routes/tools/compile-validators';
import { requestPartsArbitrary, schemaKeys } from '../support/fuzz';

const compiledDir = path.resolve(import.meta.dirname, '../../packages/routes/src/compiled');
const PARTS = ['path', 'query', 'body'] as const;
const RUNS = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : 1000;


const parts = ROUTE_ENTRIES.flatMap((entry) => PARTS.filter((part) => entry[part]).map((part) => [`${entry.route} ${part}`, entry, part] as const));
/**
 * The parts zod validates, built at import: the measures routes' (their domain builds zod anyway) and
 * a body with a superRefine, which zod's compiler cannot write out.
 */
const INTERPRETED = [...parts.filter(([, entry]) => entry.service === 'measures').map(([name]) => name), 'POST /cases/{caseId}/disclosures body'].sort();

describe('generated validators', () => {
  it('are what `npm run validators` writes from the schemas of today', async () => {
    const fresh = await compileValidators(ROUTE_ENTRIES);
    expect(readdirSync(compiledDir).sort()).toEqual([...fresh.keys()].sort());
    for (const [name, content] of fresh) expect(readFileSync(path.join(compiledDir, name), 'utf8'), `${name}: run npm run validators`).toBe(content);
  });

  it('compile every part but the ones zod has to run itself', () => {
    const interpreted = parts.filter(([, entry, part]) => readFileSync(path.join(compiledDir, `${compiledModuleOf(entry.operationId)}.ts`), 'utf8').includes(`  ${part}: /* @__PURE__ */ interpreted<`)).map(([name]) => name);
    expect(interpreted.sort()).toEqual(INTERPRETED);
  });

  it.each(parts.filter(([name]) => !INTERPRETED.includes(name)))('%s: answers what zod answers', async (_, entry, part) => {
    const validator = entry.validate[part]!;
    const schema = entry[part]!;
    let fast = 0;
    const compare = async (input: unknown) => {
      const answer = validator(input);
      if (!(answer instanceof Promise)) fast += 1;
      expect(await answer).toStrictEqual(check(schema, input));
    };
    const inputs = fc.tuple(requestPartsArbitrary(entry, 'alkmaar'), fc.array(boundaryEdit(limitsOf(schema)), { maxLength: 2 })).map(([request, edits]) => edits.reduce((input, edit) => edited(input, edit, schemaKeys(schema)), request[part]));
    await fc.assert(fc.asyncProperty(inputs, compare), { numRuns: RUNS });
    // The documented example goes through the generated parser, without zod.
    if (part === 'body' && entry.example !== undefined) {
      expect(validator(entry.example), 'the example, parsed without zod').not.toBeInstanceOf(Promise);
      await compare(entry.example);
    }
    expect(fast, 'requests the generated parser accepted').toBeGreaterThan(0);
  }, 60_000);
});

// Edits at a schema's limits: a leaf of the input becomes a text, blank text, number or list of a
// length or value next to one of the schema's bounds (random requests seldom land on a bound).
type Edit = { at: number; size: number; kind: 'text' | 'blank' | 'number' | 'list' };

function limitsOf(schema: unknown, seen = new Set<unknown>()): number[] {
  const def = (schema as { _zod?: { def?: Record<string, unknown> } } | undefined)?._zod?.def;
  if (!def || seen.has(schema)) return [];
  seen.add(schema);
  const own = ((def.checks as Array<{ _zod: { def: Record<string, unknown> } }> | undefined) ?? []).flatMap((c) => [c._zod.def.minimum, c._zod.def.maximum, c._zod.def.value].filter((v): v is number => typeof v === 'number'));
  const children = [def.innerType, def.element, def.in, def.out, ...Object.values((def.shape as object | undefined) ?? {}), ...((def.options as unknown[] | undefined) ?? [])];
  return [...new Set([...own, ...children.flatMap((c) => limitsOf(c, seen))])];
}

function boundaryEdit(limits: number[]): fc.Arbitrary<Edit> {
  const sizes = [0, 1, ...limits.flatMap((l) => [l - 1, l, l + 1])].filter((n) => n >= 0 && n <= 70_000);
  return fc.record({ at: fc.nat(), size: fc.constantFrom(...sizes), kind: fc.constantFrom('text', 'blank', 'number', 'list') });
}

/** `keys`: the schema's own, so an edit may also add a field the input left out. */
function edited(input: unknown, edit: Edit, keys: string[]): unknown {
  const leaves: Array<[Record<string, unknown>, string]> = [];
  const walk = (node: unknown) => {
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      leaves.push([node as Record<string, unknown>, key]);
      walk(value);
    }
  };
  const copy = structuredClone(input);
  walk(copy);
  if (copy !== null && typeof copy === 'object' && !Array.isArray(copy)) for (const key of keys) leaves.push([copy as Record<string, unknown>, key]);
  if (leaves.length === 0) return copy;
  const [parent, key] = leaves[edit.at % leaves.length]!;
  parent[key] = { text: 'x'.repeat(edit.size), blank: ' '.repeat(edit.size), number: edit.size, list: Array.from({ length: edit.size }, () => 'identity') }[edit.kind];
  return copy;
}


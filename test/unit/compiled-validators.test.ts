// The generated validators (packages/routes/src/compiled/, `npm run validators`) against zod itself:
// the files are what the generator writes from today's schemas, and on the fuzz's generated requests
// (valid, near-valid and hostile) each validator answers exactly what zod's parse answers: the same
// value when it accepts, the same details when it refuses. A parser that accepted what zod refuses,
// or answered another value, would let a request past its contract. The same for each workflow
// step's input (src/step-inputs.ts), on mutations of what its state machine passes: the same
// decision, and the same value when it accepts (a step's refusal carries no details).
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROUTE_ENTRIES } from '@cter/routes';
import * as steps from '@cter/routes/steps';
import { checkRequest as check } from '@cter/domain/schemas';
import { STEP_INPUTS, type StepName } from '../../packages/routes/src/step-inputs';
import { compiledModuleOf, compileValidators, stepInputName } from '../../packages/routes/tools/compile-validators';
import { mutatedArbitrary, requestPartsArbitrary, schemaKeys, type Json } from '../support/fuzz';

const compiledDir = path.resolve(import.meta.dirname, '../../packages/routes/src/compiled');
const PARTS = ['path', 'query', 'body'] as const;
const RUNS = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : 1000;


const parts = ROUTE_ENTRIES.flatMap((entry) => PARTS.filter((part) => entry[part]).map((part) => [`${entry.route} ${part}`, entry, part] as const));
/**
 * The parts zod validates, built at import: the body with a superRefine, which zod's compiler cannot
 * write out, and the other parts of that route (zod is built at its load anyway).
 */
const INTERPRETED = ['POST /cases/{caseId}/disclosures'].flatMap((route) => [`${route} body`, `${route} path`]).sort();

describe('generated validators', () => {
  it('are what `npm run validators` writes from the schemas of today', async () => {
    const fresh = await compileValidators(ROUTE_ENTRIES, STEP_INPUTS);
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

const caseId = '3f0c2a9e-7b1d-4c5e-9a8f-1d2e3f4a5b6c';
const executionArn = 'arn:aws:states:eu-west-1:111111111111:execution:cter-kennemerland-intake:3f0c2a9e-7b1d-4c5e-9a8f-1d2e3f4a5b6c';
/** What the state machines (infra/lib/workflow.ts) and the hand-over bus pass each step: a valid input, or several. */
const STEP_EXAMPLES: Record<StepName, Json[]> = {
  'open-task': [
    { caseId, kind: 'weighing-decision', taskToken: 'AQCEAAAAKgAAAAMAAAAAAAAAAe', executionArn, stateName: 'WeighingDecision', timeoutSeconds: 1_209_600, assignees: ['municipality', 'police'], allowedOutcomes: ['admit', 'no-action'] },
    { caseId, kind: 'evaluation', taskToken: 't', executionArn, stateName: 'Evaluation', timeoutSeconds: 60, topic: 'cycle 2' },
  ],
  'record-state': [{ caseId, toState: 'consultation', eventType: 'weighing.admitted', executionArn }],
  'expire-tasks': [
    { caseId, stateName: 'WeighingDecision', kind: 'weighing-decision', error: { Error: 'States.Timeout', Cause: 'deadline passed' } },
    { caseId, stateName: 'Evaluation', kind: 'evaluation' },
  ],
  'schedule-evaluation': [
    { caseId, mode: 'monitoring', cycle: 0 },
    { caseId, mode: 'aftercare', cycle: 3 },
    { caseId, mode: 'release', marHeld: false, turn: 1 },
  ],
  'offer-transfer': [{ caseId, taskToken: 'AQCEAAAAKgAAAAMAAAAAAAAAAe' }],
  'answer-transfer': [{ caseId, outcome: 'accept' }],
  'end-executions': [{ caseId, executionArn }, { caseId, executionArn, stop: 'monitoring' }],
  'needs-attention': [{ caseId, stateName: 'RecordState', error: { Error: 'States.TaskFailed', Cause: 'x' } }, { caseId, error: { Error: 'Lambda.Unknown' } }],
  'receive-transfer': [
    { originRegion: 'kennemerland', originCaseId: caseId, originCaseNumber: 'KEN-2026-000001', toRegion: 'noord-holland-noord', toMunicipality: 'alkmaar', answerToken: 'tok', handover: { subject: { name: 'J. Jansen', bsn: '111222333', birthDate: '2001-02-03' } } },
  ],
  'complete-transfer': [{ originRegion: 'kennemerland', originCaseId: caseId, answerToken: 'tok', outcome: 'refuse', receivingRegion: 'noord-holland-noord', receivingCaseId: caseId }],
};

const validatorOf = (step: StepName) => (steps as Record<string, (input: unknown) => unknown>)[stepInputName(step)]!;

describe('generated step input validators', () => {
  it('exist for every step, and for nothing else', () => {
    expect(Object.keys(steps).sort()).toEqual(Object.keys(STEP_INPUTS).map(stepInputName).sort());
  });

  it.each(Object.keys(STEP_INPUTS) as StepName[])('%s: answers what zod answers', async (step) => {
    const validator = validatorOf(step);
    const schema = STEP_INPUTS[step];
    // A step's refusal carries no details (parsedOnly): the same decision, and when accepted the same value.
    const compare = async (input: unknown) => {
      const expected = check(schema, input);
      expect(await validator(input)).toStrictEqual(expected.ok ? expected : { ok: false, details: [] });
    };
    // Every example passes without zod, with zod's value.
    for (const example of STEP_EXAMPLES[step]) {
      expect(validator(example), 'an example, parsed without zod').not.toBeInstanceOf(Promise);
      expect(await validator(example)).toMatchObject({ ok: true });
      await compare(example);
    }
    const inputs = fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...STEP_EXAMPLES[step]).chain((example) => mutatedArbitrary(example)) },
      { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...STEP_EXAMPLES[step]), fc.array(boundaryEdit(limitsOf(schema)), { maxLength: 2 })).map(([example, edits]) => edits.reduce<unknown>((input, edit) => edited(input, edit, schemaKeys(schema)), example)) },
      { weight: 1, arbitrary: fc.jsonValue() },
    );
    await fc.assert(fc.asyncProperty(inputs, compare), { numRuns: RUNS });
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


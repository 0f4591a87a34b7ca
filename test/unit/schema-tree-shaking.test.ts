// A function's bundle carries the schemas its own route uses, not every schema of the packages it
// imports from: schemas are built in pure IIFEs (`/* @__PURE__ */ (() => ...)()`), which esbuild
// drops when nothing uses them (zod's builders are calls, so without the annotation esbuild must
// keep every one; docs/performance.md). Built with the functions' own esbuild settings.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildLikeServiceFunction } from '../../bench/support/bundle';

const root = path.resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(path.join(tmpdir(), 'cter-tree-shaking-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function bundleOf(entry: string): Promise<string> {
  const built = await buildLikeServiceFunction(root, entry, path.join(scratch, path.basename(entry, '.ts')));
  return readFileSync(built.file, 'utf8');
}

describe('schemas in a function bundle', () => {
  it("GET /cases/{caseId} carries no request schema of another route, POST /signals carries its own", async () => {
    const [getCase, registerSignal] = await Promise.all([bundleOf('services/cases/handlers/get-case.ts'), bundleOf('services/cases/handlers/register-signal.ts')]);
    // Descriptions in the signal request schema (packages/domain/src/schemas.ts).
    const signal = 'A signal (melding) about a person';
    expect(registerSignal).toContain(signal);
    for (const foreign of [signal, 'Citizen service number (burgerservicenummer)']) expect(getCase).not.toContain(foreign);
  });

  it("a workflow step carries its own input's parser, not another step's, and no zod", async () => {
    const recordState = await bundleOf('services/workflow/handlers/record-state.ts');
    const carries = (text: string) => recordState.includes(text);
    // A key of its own input, and keys only other steps' inputs have (packages/routes/src/step-inputs.ts).
    expect(carries('eventType'), 'its own input').toBe(true);
    for (const foreign of ['originCaseNumber', 'toMunicipality', 'timeoutSeconds', 'marHeld']) expect(carries(foreign), foreign).toBe(false);
    // zod's own error text.
    expect(carries('Encountered Promise during synchronous parse'), 'zod').toBe(false);
  });

  it('POST /cases/{caseId}/decisions carries no measures schema: the adoption it composes is not parsed again', async () => {
    const decide = await bundleOf('services/workflow/handlers/post-decision.ts');
    // The consultation decision's description (packages/measures-domain/src/consultation-decision.ts).
    expect(decide.includes('that adopts a plan version'), 'the consultation decision schema').toBe(false);
  });
});


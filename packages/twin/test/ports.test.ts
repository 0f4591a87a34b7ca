// freePort in two processes at once (two twins starting side by side) never hands out the same port:
// a port found free is claimed for the machine until its part has bound it.
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const DRAW = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'draw-ports.ts');
const PER_PROCESS = 500;

describe('freePort', () => {
  it('never gives two processes the same port', async () => {
    const draw = () => run(process.execPath, ['--import', 'tsx', DRAW, String(PER_PROCESS)]).then(({ stdout }) => JSON.parse(stdout) as number[]);
    const [a, b] = await Promise.all([draw(), draw()]);
    expect(a).toHaveLength(PER_PROCESS);
    expect(new Set(a).size).toBe(PER_PROCESS);
    // Drawn without a claim, 2 x 500 ports out of ~28,000 ephemeral ones coincide ~9 times.
    expect(a.filter((port) => b.includes(port))).toEqual([]);
  }, 60_000);
});

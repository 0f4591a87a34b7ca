// freePort in two processes at once (two twins starting side by side) never hands out the same port:
// a port found free is claimed for the machine while its process lives (or until it is spent).
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const DRAW = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'draw-ports.ts');
const PER_PROCESS = 500;

/** A process drawing ports; it keeps living, as a twin does, until release(). */
function drawer(): { ports: Promise<number[]>; release: () => void } {
  const child = spawn(process.execPath, ['--import', 'tsx', DRAW, String(PER_PROCESS)], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  const ports = new Promise<number[]>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.endsWith('\n')) resolve(JSON.parse(out) as number[]);
    });
    child.once('exit', (code) => reject(new Error(`drawer exited with ${code} before printing its ports`)));
  });
  return { ports, release: () => child.stdin.end() };
}

describe('freePort', () => {
  it('never gives two living processes the same port', async () => {
    const [first, second] = [drawer(), drawer()];
    try {
      const [a, b] = await Promise.all([first.ports, second.ports]);
      expect(a).toHaveLength(PER_PROCESS);
      expect(new Set(a).size).toBe(PER_PROCESS);
      // Drawn without a claim, 2 x 500 ports out of ~28,000 ephemeral ones coincide ~9 times.
      expect(a.filter((port) => b.includes(port))).toEqual([]);
    } finally {
      first.release();
      second.release();
    }
  }, 60_000);
});

// `npm run code-size`: the twin's size against the product's, measured as issue #17 did (raw lines
// of .ts files outside test folders), so "the twin is at most a third of the non-test code" can be checked.
// Generated code (packages/routes/src/compiled/, `npm run validators`) is nobody's writing: not counted.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SKIPPED_DIRS = new Set(['node_modules', 'test', 'tests', 'cdk.out', 'compiled']);

function lines(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) total += lines(full);
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
      total += readFileSync(full, 'utf8').split('\n').length - 1;
    }
  }
  return total;
}

const twin = lines(path.join(root, 'packages', 'twin'));
const packages = lines(path.join(root, 'packages')) - twin;
const services = lines(path.join(root, 'services'));
const infra = lines(path.join(root, 'infra'));
const product = services + packages + infra;
const share = twin / (twin + product);

console.log(`twin (packages/twin)              ${twin}`);
console.log(`product (services ${services} + packages ${packages} + infra ${infra})  ${product}`);
console.log(`twin / product                    ${(twin / product).toFixed(3)}`);
console.log(`twin share of both                ${share.toFixed(3)} (at most 0.333 wanted)`);
if (process.argv.includes('--check') && share > 1 / 3) process.exitCode = 1;

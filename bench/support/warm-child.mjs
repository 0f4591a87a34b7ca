// Runs in a fresh process of Lambda's Node.js major, as one warm execution environment would: imports
// a function's bundle and a baseline bundle (the bare one-call handler), then serves their events
// alternately and reports each invocation's duration (what Lambda bills as Duration) on fd 3.
//   node warm-child.mjs <plan JSON file>
// plan: { fn: { bundle, export, events[] }, baseline: { bundle, export, events[] }, warmUp }
// Plain JavaScript on purpose: no tsx loader may sit in this process.
import { readFileSync, writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { lambdaContext } from './lambda-context.mjs';

const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'));
async function load(part) {
  const module = await import(pathToFileURL(part.bundle).href);
  if (typeof module[part.export] !== 'function') throw new Error(`${part.bundle} exports no function ${part.export}`);
  return module[part.export];
}

try {
  const fn = await load(plan.fn);
  const baseline = await load(plan.baseline);
  const fnMs = [];
  const baselineMs = [];
  const statuses = {};
  const rounds = Math.min(plan.fn.events.length, plan.baseline.events.length);
  for (let i = 0; i < rounds; i++) {
    let started = performance.now();
    const result = await fn(plan.fn.events[i], lambdaContext());
    const ms = performance.now() - started;
    statuses[result?.statusCode] = (statuses[result?.statusCode] ?? 0) + 1;
    started = performance.now();
    await baseline(plan.baseline.events[i], lambdaContext());
    const baseMs = performance.now() - started;
    if (i >= plan.warmUp) {
      fnMs.push(ms);
      baselineMs.push(baseMs);
    }
  }
  writeSync(3, `${JSON.stringify({ ok: true, fnMs, baselineMs, statuses })}\n`);
} catch (error) {
  writeSync(3, `${JSON.stringify({ ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) })}\n`);
}
process.exit(0);

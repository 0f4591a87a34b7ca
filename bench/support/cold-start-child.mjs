// Runs in a fresh `node` process, as a Lambda execution environment's INIT + first invoke would:
// import the bundle, call its handler once with the event, and report timings on fd 3. With a second
// event it then serves that one too (a warm request) and reports when it started, so a counting
// DynamoDB proxy can tell the first request's calls from the warm one's.
//   node cold-start-child.mjs <bundle file> <handler export> <event JSON file | -> [<second event JSON file>]
// Plain JavaScript on purpose: no tsx loader may sit in this process.
import { readFileSync, writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { lambdaContext } from './lambda-context.mjs';

// performance.now() counts from the process' time origin, so this is Node's own bootstrap.
const startedAt = performance.now();
// CPU time of this process (all its threads), less sensitive than wall time to other load on the machine.
const cpuAtStart = process.cpuUsage();
const [bundle, exportName, eventFile, secondEventFile] = process.argv.slice(2);
// Wall-clock time with sub-millisecond resolution, comparable with the proxy's in the parent.
const epochMs = () => performance.timeOrigin + performance.now();

function report(result) {
  writeSync(3, `${JSON.stringify(result)}\n`);
}

try {
  // `-` instead of an event file: module load only (a function the bench has no first event for).
  const event = eventFile === '-' ? undefined : JSON.parse(readFileSync(eventFile, 'utf8'));
  const module = await import(pathToFileURL(bundle).href);
  const importedAt = performance.now();
  const handler = module[exportName];
  if (typeof handler !== 'function') throw new Error(`${bundle} exports no function ${exportName}`);
  if (event === undefined) {
    const cpu = process.cpuUsage(cpuAtStart);
    report({ ok: true, bootMs: startedAt, importMs: importedAt - startedAt, initCpuMs: (cpu.user + cpu.system) / 1000 });
    process.exit(0);
  }
  const context = lambdaContext();
  const result = await handler(event, context);
  const answeredAt = performance.now();
  const cpu = process.cpuUsage(cpuAtStart);
  let second;
  if (secondEventFile) {
    const secondEvent = JSON.parse(readFileSync(secondEventFile, 'utf8'));
    const startedEpochMs = epochMs();
    const secondStarted = performance.now();
    const secondResult = await handler(secondEvent, lambdaContext());
    second = { startedEpochMs, invokeMs: performance.now() - secondStarted, statusCode: secondResult?.statusCode };
  }
  report({
    ok: true,
    bootMs: startedAt,
    importMs: importedAt - startedAt,
    firstInvokeMs: answeredAt - importedAt,
    initMs: answeredAt - startedAt,
    initCpuMs: (cpu.user + cpu.system) / 1000,
    statusCode: result?.statusCode,
    body: typeof result?.body === 'string' ? result.body.slice(0, 500) : undefined,
    ...(second ? { second } : {}),
  });
} catch (error) {
  report({ ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
}
// Lambda freezes here; a child has nothing more to do (keep-alive sockets would hold it open).
process.exit(0);

// Runs in a fresh `node` process, as a Lambda execution environment's INIT + first invoke would:
// import the bundle, call its handler once with the event, and report timings on fd 3.
//   node cold-start-child.mjs <bundle file> <handler export> <event JSON file>
// Plain JavaScript on purpose: no tsx loader may sit in this process.
import { readFileSync, writeSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';

// performance.now() counts from the process' time origin, so this is Node's own bootstrap.
const startedAt = performance.now();
// CPU time of this process (all its threads), less sensitive than wall time to other load on the machine.
const cpuAtStart = process.cpuUsage();
const [bundle, exportName, eventFile] = process.argv.slice(2);

function report(result) {
  writeSync(3, `${JSON.stringify(result)}\n`);
}

try {
  const event = JSON.parse(readFileSync(eventFile, 'utf8'));
  const module = await import(pathToFileURL(bundle).href);
  const importedAt = performance.now();
  const handler = module[exportName];
  if (typeof handler !== 'function') throw new Error(`${bundle} exports no function ${exportName}`);
  const deadline = Date.now() + 10_000;
  const context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${process.env.AWS_REGION}:000000000000:function:${process.env.AWS_LAMBDA_FUNCTION_NAME}`,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: randomUUID(),
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done() {},
    fail() {},
    succeed() {},
  };
  const result = await handler(event, context);
  const answeredAt = performance.now();
  const cpu = process.cpuUsage(cpuAtStart);
  report({
    ok: true,
    bootMs: startedAt,
    importMs: importedAt - startedAt,
    firstInvokeMs: answeredAt - importedAt,
    initMs: answeredAt - startedAt,
    initCpuMs: (cpu.user + cpu.system) / 1000,
    statusCode: result?.statusCode,
    body: typeof result?.body === 'string' ? result.body.slice(0, 500) : undefined,
  });
} catch (error) {
  report({ ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
}
// Lambda freezes here; a child has nothing more to do (keep-alive sockets would hold it open).
process.exit(0);

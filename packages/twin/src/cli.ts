// `npm start`: synthesizes when needed, then runs the twin of all three regions until Ctrl-C.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSynthesized, twinAssemblyDir } from './synth';
import { startTwin } from './twin';

// The twin host runs on this machine's Node.js (20); the SDK's warning about it says nothing about Lambda.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// Lambda's clock is UTC; functions run as threads of this process, which share its time zone.
process.env.TZ = 'UTC';
/** Our parent at start (npm's shell); when it is gone, so are we. */
const parent = process.ppid;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** Credentials, endpoints and data; another folder lets a second twin (a test, a demo) run beside this one. */
const stateDir = path.resolve(process.env.CTER_TWIN_STATE_DIR ?? path.join(root, '.twin'));
const portBase = Number(process.env.CTER_TWIN_PORT_BASE ?? 4510);

/** What to do when npm's shell goes away; before the twin runs there is nothing to stop. */
let onParentExit: () => void = () => process.exit(1);
// `npm start` runs us under a shell that does not pass SIGTERM on: when our parent goes away,
// stop too, so no DynamoDB Local or worker outlives the command that started it.
setInterval(() => {
  if (process.ppid !== parent) onParentExit();
}, 1_000).unref();

async function main(): Promise<void> {
  const log = (line: string) => console.log(`[twin] ${line}`);
  const { synthesized, ms } = await ensureSynthesized(root, twinAssemblyDir(root), log);
  log(synthesized ? `synthesized in ${(ms / 1000).toFixed(1)} s` : 'cloud assembly is up to date');
  const twin = await startTwin({
    assemblyDir: twinAssemblyDir(root),
    stateDir,
    persist: true,
    portBase,
    onRequest: (r) => console.log(`[twin] ${r.regionId} ${r.method} ${r.resourcePath} -> ${r.status} ${r.durationMs} ms${r.caller ? ` (${r.caller})` : ''}`),
  });
  const width = Math.max(...Object.keys(twin.endpoints.regions).map((r) => r.length));
  console.log(`
CTER case platform: local twin running
${Object.entries(twin.endpoints.regions)
  .map(([region, e]) => `  ${region.padEnd(width)}  ${e.api}  (${e.awsRegion})`)
  .join('\n')}
  ${'dynamodb'.padEnd(width)}  ${twin.endpoints.dynamodb}
  ${'sts'.padEnd(width)}  ${twin.endpoints.sts}   (AssumeRole of the profile's own role, with a role session name)
  ${'stepfunctions'.padEnd(width)}  ${twin.endpoints.stepfunctions}   (clock: ${twin.endpoints.stepfunctions}/_twin/clock)
  ${'eventbridge'.padEnd(width)}  ${twin.endpoints.eventbridge}   (subscribe: ${twin.endpoints.eventbridge}/_twin/events/stream?bus=<name>)
  ${'monitor'.padEnd(width)}  ${twin.endpoints.monitor}
  ${'work process'.padEnd(width)}  ${twin.endpoints.stepfunctions}/work-process/<region>   (how the process runs, from the definitions)

  credentials: ${path.relative(process.cwd(), path.join(stateDir, 'credentials'))} (${twin.credentials.length} profiles, e.g. kennemerland.politie)
  endpoints:   ${path.relative(process.cwd(), path.join(stateDir, 'endpoints.json'))}
  data kept in ${path.relative(process.cwd(), path.join(stateDir, 'data'))}; Ctrl-C stops everything.
`);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    twin.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  onParentExit = () => shutdown('parent exited');
}

main().catch((error: unknown) => {
  console.error(`[twin] could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

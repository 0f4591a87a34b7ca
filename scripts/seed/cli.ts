// `npm run seed [-- --state-dir <dir>]`: demo data in the twin that `npm start` runs (see seed-demo.ts).
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatSummary, seedDemo, TwinUnavailable } from './seed-demo';

// The SDK's warning about this machine's Node.js version says nothing about the demo data.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const flag = process.argv.indexOf('--state-dir');
const stateDir = flag >= 0 && process.argv[flag + 1] ? path.resolve(process.argv[flag + 1]!) : path.join(root, '.twin');

try {
  const started = Date.now();
  const result = await seedDemo({ stateDir, log: (line) => console.log(`[seed] ${line}`) });
  console.log(`\n${formatSummary(result)}\n(${((Date.now() - started) / 1000).toFixed(0)} s)`);
} catch (error) {
  if (error instanceof TwinUnavailable) console.error(`[seed] ${error.message}`);
  else console.error(`[seed] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
}

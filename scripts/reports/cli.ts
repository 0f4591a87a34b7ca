// `npm run report:year -- --region <region> --year <year> [--out <dir>] [--state-dir <dir>]`: the
// yearly report of a region (docs/reports/<region>-<year>/ by default) from the running twin.
// `npm run report:regions -- --from <date> --to <date> [--state-dir <dir>]`: the regions side by side.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TwinUnavailable } from '../seed/partners';
import { generateYearlyReport, readRegionReports, regionsSideBySide } from './generate';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const stateDir = path.resolve(arg('state-dir') ?? path.join(root, '.twin'));

try {
  if (process.argv[2] === 'regions') {
    const from = arg('from');
    const to = arg('to');
    if (!from || !to) throw new Error('usage: npm run report:regions -- --from YYYY-MM-DD --to YYYY-MM-DD');
    console.log(regionsSideBySide(await readRegionReports(stateDir, from, to)));
  } else {
    const region = arg('region');
    const year = Number(arg('year') ?? new Date().getFullYear());
    if (!region || !Number.isInteger(year)) throw new Error('usage: npm run report:year -- --region <region> --year <year> [--out <dir>]');
    const outDir = path.resolve(arg('out') ?? path.join(root, 'docs', 'reports', `${region}-${year}`));
    for (const file of await generateYearlyReport({ stateDir, region, year, outDir })) console.log(`wrote ${path.relative(process.cwd(), file)}`);
  }
} catch (error) {
  console.error(`[report] ${error instanceof TwinUnavailable || !(error instanceof Error) ? String((error as Error).message ?? error) : (error.stack ?? error.message)}`);
  process.exitCode = 1;
}

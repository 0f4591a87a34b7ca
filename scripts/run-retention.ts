// `npm run twin:run-retention [-- --region <stage>] [--at <ISO date-time>]`: runs the retention job (or
// `--job <construct>`, e.g. `npm run migrate:subject-keys`: MigrateSubjectKeys)
// of a running twin (`npm start`) now, as its daily schedule would, or as of a later moment (to see
// deadlines pass without moving the twin's clock). Prints the job's result: case numbers and counts.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { fromIni } from '@aws-sdk/credential-providers';
import { REGION_IDS } from '@cter/config';
import { twinAssemblyDir } from '@cter/twin';
import { runFunction } from './run-function';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { region: { type: 'string', multiple: true }, at: { type: 'string' }, job: { type: 'string', default: 'RunRetention' } } });
const endpoints = JSON.parse(readFileSync(path.join(root, '.twin', 'endpoints.json'), 'utf8')) as { dynamodb: string; stepfunctions: string; kms: string };
// The job signs as the twin-ops profile, as an operator running it by hand would.
const credentials = await fromIni({ profile: 'twin-ops', filepath: path.join(root, '.twin', 'credentials') })();
const at = values.at ? new Date(values.at) : undefined;
if (at && Number.isNaN(at.getTime())) throw new Error(`--at ${values.at} is not a date-time`);

for (const region of values.region ?? [...REGION_IDS]) {
  const result = await runFunction({ assemblyDir: twinAssemblyDir(root), region, construct: values.job!, event: { job: 'on-demand' }, endpoints, credentials, ...(at ? { at } : {}), quiet: false });
  console.log(`${region}: ${JSON.stringify(result.ok ? result.result : { error: result.errorType, message: result.errorMessage })}`);
}

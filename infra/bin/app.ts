// The CDK app: one stage per ZVH region, from the data in packages/config. cdk-nag checks every
// synth, and any unacknowledged finding fails it (the CLI alone would only write a report).
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { ALL_REGIONS } from '@cter/config';
import { nagPacks } from '../lib/nag-packs';
import { MissingPartnerTrustError } from '../lib/partner-access';
import { RegionStage } from '../lib/region-stage';

const app = new App();
Validations.of(app).addPlugins(...nagPacks(app));
// A synth for a real account fails while any partner lacks explicit trust: name them all at once.
const untrusted: string[] = [];
for (const region of ALL_REGIONS) {
  try {
    new RegionStage(app, region);
  } catch (error) {
    if (!(error instanceof MissingPartnerTrustError)) throw error;
    untrusted.push(...error.organisations);
  }
}
if (untrusted.length > 0) {
  console.error(new MissingPartnerTrustError(untrusted).message);
  process.exit(1);
}
const assembly = app.synth();

interface ValidationReport {
  pluginReports: Array<{ pluginName: string; conclusion: string; violations: Array<{ ruleName: string; violatingConstructs: Array<{ constructPath: string }> }> }>;
}
const reportFile = path.join(assembly.directory, 'validation-report.json');
const report = JSON.parse(readFileSync(reportFile, 'utf8')) as ValidationReport;
const failures = report.pluginReports.filter((p) => p.conclusion !== 'success');
if (failures.length > 0) {
  for (const plugin of failures) {
    for (const violation of plugin.violations) {
      console.error(`${violation.ruleName}\n  ${violation.violatingConstructs.map((c) => c.constructPath).join('\n  ')}`);
    }
  }
  console.error(`\ncdk-nag: unacknowledged findings (see ${reportFile}); fix them or acknowledge each with a reason in infra/lib/nag-acknowledgements.ts`);
  process.exit(1);
}

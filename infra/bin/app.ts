// The CDK app: one stage per ZVH region, from the data in infra/config. cdk-nag checks every
// synth, and any unacknowledged finding fails it (the CLI alone would only write a report).
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NIST80053R5Checks, ServerlessChecks } from 'cdk-nag';
import { ALL_REGIONS } from '@cter/config';
import { RegionStage } from '../lib/region-stage';

const app = new App();
Validations.of(app).addPlugins(
  new AwsSolutionsChecks(app, { verbose: true }),
  new NIST80053R5Checks(app, { verbose: true }),
  new ServerlessChecks(app, { verbose: true }),
);
for (const region of ALL_REGIONS) new RegionStage(app, region);
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

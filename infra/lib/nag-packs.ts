// The cdk-nag rule packs every synth runs (infra/bin/app.ts adds them as validation plugins; any
// unacknowledged finding fails the synth). One list, so the CDK assertion tests check the same packs.
import type { IConstruct } from 'constructs';
import { AwsSolutionsChecks, NIST80053R5Checks, ServerlessChecks, type NagPack } from 'cdk-nag';

export function nagPacks(app: IConstruct): NagPack[] {
  return [new AwsSolutionsChecks(app, { verbose: true }), new NIST80053R5Checks(app, { verbose: true }), new ServerlessChecks(app, { verbose: true })];
}

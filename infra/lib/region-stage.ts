// A deployable unit per ZVH region: `npx cdk deploy '<region>/*'`.
import { Stage, type StageProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { RegionConfig } from '@cter/config';
import { RegionStack } from './region-stack';

export class RegionStage extends Stage {
  readonly stack: RegionStack;

  constructor(scope: Construct, region: RegionConfig, props: StageProps = {}) {
    super(scope, region.id, { ...props, env: { account: region.account ?? process.env.CDK_DEFAULT_ACCOUNT, region: region.awsRegion } });
    this.stack = new RegionStack(this, 'Platform', {
      region,
      stackName: `cter-${region.id}`,
      description: `CTER case platform, ${region.name}`,
      terminationProtection: true,
      tags: { project: 'cter-platform', region: region.id, dataClassification: 'special-category-personal-data' },
    });
  }
}

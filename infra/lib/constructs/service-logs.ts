// One encrypted log group per service, shared by its functions: a region's stack stays under
// CloudFormation's 500 resources (a group per function was ~50 of them). Each log line names its
// function (Powertools' `function_name`, packages/http/src/logger.ts), so Logs Insights still
// separates them.
import { RemovalPolicy } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export class ServiceLogs extends Construct {
  private readonly groups = new Map<string, logs.LogGroup>();

  constructor(
    scope: Construct,
    id: string,
    private readonly props: { key: kms.IKey; retentionDays: number },
  ) {
    super(scope, id);
  }

  /** The log group of `service` (e.g. `cases`), created on first use. */
  of(service: string): logs.ILogGroup {
    let group = this.groups.get(service);
    if (!group) {
      group = new logs.LogGroup(this, service.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase()), {
        retention: this.props.retentionDays as logs.RetentionDays,
        encryptionKey: this.props.key,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      this.groups.set(service, group);
    }
    return group;
  }
}

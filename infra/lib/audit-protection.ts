// What makes the audit table append-only beyond the functions' own IAM grants: a table resource
// policy that refuses every change of a record, every expiry and the table's deletion to every
// principal of the account (admins included) but a break-glass role and the retention job, and
// CloudTrail data events on both tables, so every item-level read and write is on record.
import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { RegionConfig } from '@cter/config';

/** Item and table actions on the audit table that nobody but the exceptions may take. */
export const AUDIT_DENIED_ACTIONS = [
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:PartiQLUpdate',
  'dynamodb:PartiQLDelete',
  'dynamodb:UpdateTimeToLive',
  'dynamodb:DeleteTable',
];

/** The attribute whose value lets DynamoDB's TTL delete an audit record. */
export const AUDIT_EXPIRY_ATTRIBUTE = 'expiresAt';

export function auditBreakGlassRoleName(regionId: string): string {
  return `cter-${regionId}-audit-break-glass`;
}

export interface AuditProtectionProps {
  region: RegionConfig;
  casesTable: dynamodb.Table;
  auditTable: dynamodb.Table;
  /** The retention job's role: it expires (`expiresAt`) and pseudonymises the audit of destroyed cases. */
  retentionRole: iam.IRole;
}

export class AuditProtection extends Construct {
  readonly breakGlassRole: iam.Role;
  readonly trail: cloudtrail.Trail;

  constructor(scope: Construct, id: string, props: AuditProtectionProps) {
    super(scope, id);
    // Server access logs are delivered under a bucket policy, not the LogDeliveryWrite ACL.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    const stack = Stack.of(this);
    const { region, auditTable } = props;

    // Assumable by nobody: the only statement requires a caller without an ARN, and every caller of
    // sts:AssumeRole has one. Ops give it a trust (one named person's role, with MFA) and a policy
    // when they break the glass; both are IAM changes on record (docs/runbook.md).
    this.breakGlassRole = new iam.Role(this, 'BreakGlass', {
      roleName: auditBreakGlassRoleName(region.id),
      description: `Break-glass repair of the audit table of ${region.id}: nobody may assume it until ops add a trust (docs/runbook.md)`,
      assumedBy: new iam.AccountRootPrincipal().withConditions({ Null: { 'aws:PrincipalArn': 'true' } }),
    });

    // CloudFormation sets the table's TTL attribute once, when it creates the table: its execution
    // role (cdk bootstrap's) may call UpdateTimeToLive, nothing else of the list.
    const deployRole = `arn:${stack.partition}:iam::${stack.account}:role/cdk-*-cfn-exec-role-*`;
    const exempt = [this.breakGlassRole.roleArn, props.retentionRole.roleArn];
    auditTable.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AppendOnlyNoChangeNoDelete',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: AUDIT_DENIED_ACTIONS.filter((a) => a !== 'dynamodb:UpdateTimeToLive'),
        resources: ['*'],
        conditions: { ArnNotEquals: { 'aws:PrincipalArn': exempt } },
      }),
    );
    auditTable.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'NoTtlChange',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['dynamodb:UpdateTimeToLive'],
        resources: ['*'],
        conditions: { ArnNotLike: { 'aws:PrincipalArn': [...exempt, deployRole] } },
      }),
    );
    // A record that carries an expiry would be deleted by TTL: only retention writes one.
    auditTable.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'NoExpiryButRetention',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['dynamodb:PutItem'],
        resources: ['*'],
        conditions: { 'ForAnyValue:StringEquals': { 'dynamodb:Attributes': [AUDIT_EXPIRY_ATTRIBUTE] }, ArnNotEquals: { 'aws:PrincipalArn': exempt } },
      }),
    );

    this.trail = this.dataEventsTrail(region, [props.casesTable, auditTable]);
  }

  /**
   * CloudTrail data events (reads and writes of items) of both tables, to an encrypted, SSL-only,
   * versioned bucket with its own key, so the record of who touched which item does not depend on
   * the platform's own audit table. The log keeps keys (`CASE#<id>`), never item contents.
   */
  private dataEventsTrail(region: RegionConfig, tables: dynamodb.Table[]): cloudtrail.Trail {
    const stack = Stack.of(this);
    const key = new kms.Key(this, 'TrailKey', {
      alias: `alias/cter/${region.id}/data-events`,
      description: `Encrypts the CloudTrail data events of the tables of CTER region ${region.id}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const accessLogs = new s3.Bucket(this, 'TrailAccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const bucket = new s3.Bucket(this, 'TrailBucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const trail = new cloudtrail.Trail(this, 'DataEvents', {
      trailName: `cter-${region.id}-table-data-events`,
      bucket,
      encryptionKey: key,
      enableFileValidation: true,
      includeGlobalServiceEvents: false,
      isMultiRegionTrail: false,
    });
    // Advanced selectors replace the basic ones: this trail records these data events and no
    // management events (the account's or organisation's trail has those).
    const cfnTrail = trail.node.defaultChild as cloudtrail.CfnTrail;
    cfnTrail.advancedEventSelectors = [
      {
        name: 'Item reads and writes of the cases and audit tables',
        fieldSelectors: [
          { field: 'eventCategory', equalTo: ['Data'] },
          { field: 'resources.type', equalTo: ['AWS::DynamoDB::Table'] },
          { field: 'resources.ARN', equalTo: tables.map((t) => t.tableArn) },
        ],
      },
    ];
    // CloudTrail writes the log files with the trail key (the L2 grants it on the trail's ARN).
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:DescribeKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceArn': `arn:${stack.partition}:cloudtrail:${stack.region}:${stack.account}:trail/cter-${region.id}-table-data-events` } },
      }),
    );
    for (const [scope, id, reason] of [
      [accessLogs, 'AwsSolutions-S1', 'This bucket is itself the server access log destination of the data-events bucket; logging it would recurse.'],
      [accessLogs, 'NIST.800.53.R5-S3BucketLoggingEnabled', 'This bucket is itself the server access log destination of the data-events bucket; logging it would recurse.'],
      [accessLogs, 'NIST.800.53.R5-S3DefaultEncryptionKMS', 'S3 server access logging delivers only to buckets with SSE-S3; the logs carry object keys and requesters, no table data.'],
      [accessLogs, 'NIST.800.53.R5-S3BucketReplicationEnabled', 'Access logs of the trail bucket stay in the region; the trail itself is the evidence and is versioned.'],
      [bucket, 'NIST.800.53.R5-S3BucketReplicationEnabled', 'The data events stay in the region of the data (eu-west-1); the bucket is versioned and retained, and log file validation detects tampering.'],
      [trail, 'NIST.800.53.R5-CloudTrailCloudWatchLogsEnabled', 'Data events of every item read are too many to keep in CloudWatch Logs; they are queried from S3 (Athena), the alarm on key changes uses management events.'],
    ] as const) {
      Validations.of(scope).acknowledge({ id, reason });
    }
    return trail;
  }
}

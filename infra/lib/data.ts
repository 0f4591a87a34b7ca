// The region's data: one customer-managed key, the cases table and the append-only audit table.
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { RegionConfig } from '@cter/config';

/** Indexes of the cases table. Index items carry the case summary only, never personal data. */
export const CASE_INDEXES = [
  { indexName: 'cases-by-created', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  { indexName: 'cases-by-state', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  { indexName: 'cases-by-municipality', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
] as const;
// `admission` (when and at which version the case was admitted) lets the ZVH's list leave out never-admitted cases.
const SUMMARY_ATTRIBUTES = ['caseId', 'caseNumber', 'state', 'municipality', 'createdAt', 'updatedAt', 'admission'];

export class RegionData extends Construct {
  readonly key: kms.Key;
  readonly casesTable: dynamodb.Table;
  readonly auditTable: dynamodb.Table;

  constructor(scope: Construct, id: string, region: RegionConfig) {
    super(scope, id);
    const stack = Stack.of(this);
    this.key = new kms.Key(this, 'DataKey', {
      alias: `alias/cter/${region.id}/data`,
      description: `Encrypts every store and log of CTER region ${region.id}`,
      enableKeyRotation: true,
      rotationPeriod: Duration.days(365),
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });
    // CloudWatch Logs encrypts the region's log groups with this key, and only those.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*` } },
      }),
    );

    const common = {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    };
    // The stream is the outbox: new cases and decided tasks reach the work process from it.
    this.casesTable = new dynamodb.Table(this, 'CasesTable', { ...common, timeToLiveAttribute: 'expiresAt', stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES });
    for (const index of CASE_INDEXES) {
      this.casesTable.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.INCLUDE,
        nonKeyAttributes: SUMMARY_ATTRIBUTES,
      });
    }
    // Audit records are kept as evidence; the TTL attribute lets retention expire them, never a function.
    this.auditTable = new dynamodb.Table(this, 'AuditTable', { ...common, timeToLiveAttribute: 'expiresAt' });

    // Daily backups besides point-in-time recovery, kept as long as PITR's window (35 days): long
    // enough to recover from a bad release noticed late, short enough that data destroyed under the
    // covenant's retention rules is gone from every copy within 35 days.
    const vault = new backup.BackupVault(this, 'BackupVault', {
      backupVaultName: `cter-${region.id}`,
      encryptionKey: this.key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const plan = new backup.BackupPlan(this, 'BackupPlan', {
      backupPlanName: `cter-${region.id}-tables`,
      backupVault: vault,
      backupPlanRules: [
        new backup.BackupPlanRule({
          ruleName: 'Daily',
          scheduleExpression: events.Schedule.cron({ hour: '1', minute: '30' }),
          deleteAfter: Duration.days(35),
        }),
      ],
    });
    plan.addSelection('Tables', {
      resources: [backup.BackupResource.fromDynamoDbTable(this.casesTable), backup.BackupResource.fromDynamoDbTable(this.auditTable)],
    });
  }
}

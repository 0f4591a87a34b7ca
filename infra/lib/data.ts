// The region's data: one customer-managed key, the cases table and the append-only audit table.
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { RegionConfig } from '@cter/config';
import { AUDIT_TABLE, CASES_TABLE, type TableDefinition } from '@cter/store/tables';

/**
 * What the account's administrators may do with the data key: manage it, never use it (no Encrypt,
 * Decrypt, ReEncrypt, GenerateDataKey, and no CreateGrant but for AWS resources). PutKeyPolicy stays:
 * it is the break-glass path, and KMS refuses a policy that would lock the account out of its key.
 */
/** Crypto use a function needs for DynamoDB and a KMS-encrypted queue. */
const KEY_USE = ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*'];

export const KEY_ADMINISTRATION = [
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:DeleteAlias',
  'kms:DescribeKey',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:EnableKey',
  'kms:EnableKeyRotation',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListAliases',
  'kms:ListGrants',
  'kms:ListKeyPolicies',
  'kms:ListKeyRotations',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:RetireGrant',
  'kms:RevokeGrant',
  'kms:RotateKeyOnDemand',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
];

export class RegionData extends Construct {
  readonly key: kms.Key;
  readonly casesTable: dynamodb.Table;
  readonly auditTable: dynamodb.Table;

  constructor(scope: Construct, id: string, region: RegionConfig) {
    super(scope, id);
    const stack = Stack.of(this);
    // Not CDK's default policy (the account root with kms:*, so every admin of the account could
    // decrypt case data through IAM): the account administers the key but cannot use it; crypto use
    // is given by name to the stack's function roles (allowUse, once they all exist), AWS Backup's
    // role and the services below. Reading data any other way is the break-glass path in
    // docs/runbook.md (a PutKeyPolicy, which is logged and alarmed).
    this.key = new kms.Key(this, 'DataKey', {
      alias: `alias/cter/${region.id}/data`,
      description: `Encrypts every store and log of CTER region ${region.id}`,
      enableKeyRotation: true,
      rotationPeriod: Duration.days(365),
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
      policy: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({ sid: 'KeyAdministration', principals: [new iam.AccountRootPrincipal()], actions: KEY_ADMINISTRATION, resources: ['*'] }),
          // Services that encrypt a resource with the key on the deployer's behalf (DynamoDB tables,
          // the backup vault) take a grant; nobody may grant the key to a principal.
          new iam.PolicyStatement({
            sid: 'GrantsForAwsResourcesOnly',
            principals: [new iam.AccountRootPrincipal()],
            actions: ['kms:CreateGrant'],
            resources: ['*'],
            conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
          }),
        ],
      }),
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
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    };
    // Keys, indexes, TTL and stream come from @cter/store/tables, which the integration tests' tables read too.
    const table = (id: string, definition: TableDefinition) => {
      const created = new dynamodb.Table(this, id, {
        ...common,
        partitionKey: { name: definition.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: definition.sortKey, type: dynamodb.AttributeType.STRING },
        timeToLiveAttribute: definition.timeToLiveAttribute,
        ...(definition.stream ? { stream: dynamodb.StreamViewType[definition.stream] } : {}),
      });
      for (const index of definition.globalSecondaryIndexes) {
        created.addGlobalSecondaryIndex({
          indexName: index.indexName,
          partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
          sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
          projectionType: dynamodb.ProjectionType.INCLUDE,
          nonKeyAttributes: [...index.nonKeyAttributes],
        });
      }
      return created;
    };
    this.casesTable = table('CasesTable', CASES_TABLE);
    this.auditTable = table('AuditTable', AUDIT_TABLE);

    // Daily backups besides point-in-time recovery, kept as long as PITR's window (35 days): long
    // enough to recover from a bad release noticed late, short enough that data destroyed under the
    // covenant's retention rules is gone from every copy within 35 days.
    // AWS Backup's own role (the one CDK would make), named here so the key policy can name it.
    const backupRole = new iam.Role(this, 'BackupRole', {
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      description: `AWS Backup of the tables of CTER region ${region.id}`,
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBackupServiceRolePolicyForBackup')],
    });
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({ sid: 'BackupUsesTheKey', principals: [backupRole], actions: [...KEY_USE, 'kms:ReEncrypt*'], resources: ['*'] }),
    );
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({ sid: 'BackupGrantsForAwsResources', principals: [backupRole], actions: ['kms:CreateGrant'], resources: ['*'], conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } } }),
    );
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
      role: backupRole,
    });
  }

  /**
   * Crypto use of the data key for these roles, by their ARNs: the stack calls it once with the role
   * of every function, after the last function is made. Their IAM policies say which table actions
   * each may take; a role missing here cannot read or write a table at all.
   */
  allowUse(sid: string, roles: iam.IRole[]): void {
    this.key.addToResourcePolicy(new iam.PolicyStatement({ sid, principals: roles, actions: KEY_USE, resources: ['*'] }));
  }
}

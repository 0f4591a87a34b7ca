// The region's pseudonymisation key: a KMS HMAC key (HMAC_256, GENERATE_VERIFY_MAC) that turns a BSN
// into the partition key of the subject lookup and a destroyed case's id into the pseudonym its audit
// records keep. The secret never leaves KMS: without kms:GenerateMac on this key nobody, not even a
// reader of the whole table, can recompute a lookup key from a BSN (an unkeyed hash of the ~10^8
// valid BSNs falls to brute force in minutes). Only the functions that compute these keys may use it.
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { ENV } from '@cter/config';

/** What the account (its administrators) may do with the key: administer it, never use it. */
const ADMINISTRATION = [
  'kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*', 'kms:Revoke*', 'kms:Disable*',
  'kms:Get*', 'kms:Delete*', 'kms:TagResource', 'kms:UntagResource', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion',
];

export class SubjectLookupKey extends Construct {
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: { regionId: string }) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      alias: `alias/cter/${props.regionId}/subject-lookup`,
      description: `Keys the subject lookup (BSN) and audit pseudonyms of CTER region ${props.regionId}`,
      keySpec: kms.KeySpec.HMAC_256,
      keyUsage: kms.KeyUsage.GENERATE_VERIFY_MAC,
      // Losing it would orphan every lookup item: retained, and a long window before deletion.
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
      // The account administers the key but may not generate MACs with it: that is the functions' alone.
      // Widening that is a key policy change (PutKeyPolicy), which CloudTrail records: the break-glass path.
      policy: new iam.PolicyDocument({
        statements: [new iam.PolicyStatement({ sid: 'KeyAdministration', principals: [new iam.AccountRootPrincipal()], actions: ADMINISTRATION, resources: ['*'] })],
      }),
    });
    Validations.of(this.key).acknowledge({
      id: 'AwsSolutions-KMS5',
      reason: 'KMS rotates symmetric encryption keys only; an HMAC key cannot rotate automatically. A new key means re-keying every lookup item (npm run migrate:subject-keys), a planned change.',
    });
  }

  /**
   * Lets `fn` generate HMAC-SHA-256 MACs with the key (nothing else: no VerifyMac, no other algorithm)
   * and tells it the key's ARN. Granted in the key policy, to the function's own role.
   */
  grantGenerateMac(fn: NodejsFunction): void {
    fn.addEnvironment(ENV.subjectLookupKeyId, this.key.keyArn);
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [fn.role!],
        actions: ['kms:GenerateMac'],
        resources: ['*'],
        conditions: { StringEquals: { 'kms:MacAlgorithm': 'HMAC_SHA_256' } },
      }),
    );
  }
}

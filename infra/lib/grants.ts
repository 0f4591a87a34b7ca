// Least-privilege grants, each paired with the environment variable the function reads, so a
// function never gets a table it does not know about nor knows a table it may not touch.
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { TableAction } from '@cter/routes';
import { ENV } from '@cter/config';

export type { TableAction };

/** Grants exactly `actions` on the table (and the named indexes for Query) plus the key use they need. */
export function grantTable(fn: NodejsFunction, envName: string, table: dynamodb.Table, actions: readonly TableAction[], indexNames: readonly string[] = []): void {
  fn.addEnvironment(envName, table.tableName);
  const resources = [table.tableArn, ...indexNames.map((name) => `${table.tableArn}/index/${name}`)];
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: actions.map((a) => `dynamodb:${a}`), resources }));
  const writes = actions.some((a) => a === 'PutItem' || a === 'UpdateItem' || a === 'DeleteItem');
  const keyActions = writes ? ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt'];
  if (table.encryptionKey) fn.addToRolePolicy(new iam.PolicyStatement({ actions: keyActions, resources: [table.encryptionKey.keyArn] }));
}

/** Append-only: the function may add audit records and nothing else (no update, no delete, no read). */
export function grantAuditAppend(fn: NodejsFunction, auditTable: dynamodb.Table): void {
  grantTable(fn, ENV.auditTable, auditTable, ['PutItem']);
}

/** Append and read (the privacy officer's audit trail, subject access): still no update, no delete. */
export function grantAuditAppendAndRead(fn: NodejsFunction, auditTable: dynamodb.Table): void {
  grantTable(fn, ENV.auditTable, auditTable, ['PutItem', 'GetItem', 'Query']);
}

/**
 * Idempotency keys of a write route: claim, read, complete and release its own records in the
 * cases table, and only those (partition keys starting with `IDEMPOTENCY#`).
 */
export function grantIdempotencyKeys(fn: NodejsFunction, casesTable: dynamodb.Table): void {
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      resources: [casesTable.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['IDEMPOTENCY#*'] } },
    }),
  );
  if (casesTable.encryptionKey) fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'], resources: [casesTable.encryptionKey.keyArn] }));
}

/** Query on one index of the table and nothing else (the table's key use comes with grantTable). */
export function grantIndexQuery(fn: NodejsFunction, table: dynamodb.Table, indexName: string): void {
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:Query'], resources: [`${table.tableArn}/index/${indexName}`] }));
}

/**
 * Query on the table, for the partitions `leadingKeys` matches and the named attributes only
 * (ProjectionExpression with Select SPECIFIC_ATTRIBUTES): a reader of figures that cannot fetch a
 * case item or a person, whatever its code asks. Decrypt with the table's key.
 */
export function grantAttributeQuery(fn: NodejsFunction, envName: string, table: dynamodb.Table, scope: { leadingKeys: readonly string[]; attributes: readonly string[] }): void {
  fn.addEnvironment(envName, table.tableName);
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ['dynamodb:Query'],
      resources: [table.tableArn],
      conditions: {
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...scope.leadingKeys] },
        'ForAllValues:StringEquals': { 'dynamodb:Attributes': [...scope.attributes] },
        StringEqualsIfExists: { 'dynamodb:Select': 'SPECIFIC_ATTRIBUTES' },
      },
    }),
  );
  if (table.encryptionKey) fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: [table.encryptionKey.keyArn] }));
}

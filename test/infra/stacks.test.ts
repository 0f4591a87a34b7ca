// CDK assertions on the synthesized templates: the same cloud assembly the twin runs and
// `cdk deploy` deploys (the global setup synthesizes it when the sources changed).
import * as path from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { REGION_IDS, organisationsOf } from '@cter/config';
import { readAssembly, resourcesOfType } from '@cter/twin';

const stacks = readAssembly(path.resolve(import.meta.dirname, '../../cdk.out'));

type Statement = { Effect: string; Action: string | string[]; Resource: unknown };
const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

describe('the cloud assembly', () => {
  it('has one stage per ZVH region', () => {
    expect(stacks.map((s) => s.stageName).sort()).toEqual([...REGION_IDS].sort());
    expect(stacks.map((s) => s.stackName).sort()).toEqual(REGION_IDS.map((r) => `cter-${r}`).sort());
  });
});

describe.each(stacks.map((s) => [s.stageName, s] as const))('region %s', (_, stack) => {
  const template = Template.fromJSON(stack.template);
  const resources = stack.template.Resources;

  it('encrypts with a customer-managed key that rotates', () => {
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('keeps every table on demand, KMS-encrypted, with PITR, deletion protection and a TTL attribute', () => {
    const tables = resourcesOfType(stack, 'AWS::DynamoDB::Table');
    expect(tables.length).toBeGreaterThanOrEqual(2);
    for (const [, table] of tables) {
      expect(table.Properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: expect.anything() },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      });
    }
  });

  it('authorizes every API method with IAM and logs access', () => {
    const methods = resourcesOfType(stack, 'AWS::ApiGateway::Method');
    expect(methods.length).toBeGreaterThan(0);
    for (const [, method] of methods) expect(method.Properties?.AuthorizationType).toBe('AWS_IAM');
    template.hasResourceProperties('AWS::ApiGateway::Stage', { AccessLogSetting: { DestinationArn: Match.anyValue(), Format: Match.anyValue() } });
  });

  it('builds every function arm64, nodejs22.x, traced, with its own encrypted log group', () => {
    const functions = resourcesOfType(stack, 'AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThan(0);
    for (const [, fn] of functions) {
      expect(fn.Properties).toMatchObject({ Architectures: ['arm64'], Runtime: 'nodejs22.x', TracingConfig: { Mode: 'Active' }, LoggingConfig: { LogGroup: { Ref: expect.any(String) } } });
      const logGroupId = (fn.Properties!.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      expect(resources[logGroupId]!.Properties).toMatchObject({ KmsKeyId: expect.anything(), RetentionInDays: expect.any(Number) });
    }
  });

  it('grants function roles no wildcard actions, and the audit table only PutItem (GetItem and Query to the privacy officer\'s functions): nobody may update or delete audit records', () => {
    const auditTable = resourcesOfType(stack, 'AWS::DynamoDB::Table').find(([id]) => id.includes('Audit'))![0];
    const functionRoles = new Set(resourcesOfType(stack, 'AWS::Lambda::Function').map(([, fn]) => (fn.Properties!.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]));
    const auditReaders = new Set(
      resourcesOfType(stack, 'AWS::Lambda::Function')
        .filter(([, fn]) => /\/Covenant\/(GetAuditTrail|SubjectReport)\//.test(String(fn.Metadata?.['aws:cdk:path'])))
        .map(([, fn]) => (fn.Properties!.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]),
    );
    expect(auditReaders.size).toBe(2);
    for (const [, policy] of resourcesOfType(stack, 'AWS::IAM::Policy')) {
      const roles = (policy.Properties!.Roles as Array<{ Ref: string }>).map((r) => r.Ref);
      if (!roles.some((r) => functionRoles.has(r))) continue;
      for (const statement of (policy.Properties!.PolicyDocument as { Statement: Statement[] }).Statement) {
        for (const action of actionsOf(statement)) expect(action, JSON.stringify(statement)).not.toMatch(/(^\*$|:\*$)/);
        if (JSON.stringify(statement.Resource).includes(auditTable)) {
          const dynamoActions = actionsOf(statement).filter((a) => a.startsWith('dynamodb:'));
          expect(dynamoActions.every((a) => ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:Query'].includes(a)), JSON.stringify(statement)).toBe(true);
          // Reading is the exception: only the functions the privacy officer calls may.
          if (dynamoActions.some((a) => a !== 'dynamodb:PutItem')) {
            const roleIds = (policy.Properties!.Roles as Array<{ Ref: string }>).map((r) => r.Ref);
            expect(roleIds.every((r) => auditReaders.has(r)), JSON.stringify(roleIds)).toBe(true);
          }
        }
      }
    }
  });

  it('lets no role of the stack (function, scheduler or partner) update or delete audit records', () => {
    const auditTable = resourcesOfType(stack, 'AWS::DynamoDB::Table').find(([id]) => id.includes('Audit'))![0];
    const destructive = /^dynamodb:(UpdateItem|DeleteItem|BatchWriteItem|PartiQLUpdate|PartiQLDelete|DeleteTable|UpdateTable|UpdateTimeToLive|RestoreTable\w*|ImportTable|\*)$|^dynamodb:\*$|^\*$/;
    for (const [id, policy] of [...resourcesOfType(stack, 'AWS::IAM::Policy'), ...resourcesOfType(stack, 'AWS::IAM::ManagedPolicy')]) {
      for (const statement of (policy.Properties!.PolicyDocument as { Statement: Statement[] }).Statement) {
        if (statement.Effect !== 'Allow') continue;
        const resource = JSON.stringify(statement.Resource);
        if (!resource.includes(auditTable) && !resource.includes('"*"') && resource !== '"*"') continue;
        for (const action of actionsOf(statement)) {
          if (action.startsWith('dynamodb:') || action === '*') expect(action, `${id}: ${JSON.stringify(statement)}`).not.toMatch(destructive);
        }
      }
    }
  });

  it('has one role per partner organisation, each under the one region boundary, with no data-plane action', () => {
    const boundaries = resourcesOfType(stack, 'AWS::IAM::ManagedPolicy');
    expect(boundaries).toHaveLength(1);
    const boundaryId = boundaries[0]![0];
    const partnerRoles = resourcesOfType(stack, 'AWS::IAM::Role').filter(([, r]) => (r.Properties?.Tags as Array<{ Key: string }> | undefined)?.some((t) => t.Key === 'cter:organisation'));
    expect(partnerRoles.map(([, r]) => r.Properties!.RoleName).sort()).toEqual(organisationsOf(stack.stageName).map((o) => `cter-${stack.stageName}-${o.id}`).sort());
    const partnerRoleIds = new Set(partnerRoles.map(([id]) => id));
    for (const [, role] of partnerRoles) expect(role.Properties!.PermissionsBoundary).toEqual({ Ref: boundaryId });
    for (const [, policy] of resourcesOfType(stack, 'AWS::IAM::Policy')) {
      const roles = (policy.Properties!.Roles as Array<{ Ref: string }>).map((r) => r.Ref);
      if (!roles.some((r) => partnerRoleIds.has(r))) continue;
      for (const statement of (policy.Properties!.PolicyDocument as { Statement: Statement[] }).Statement) {
        expect(actionsOf(statement)).toEqual(['execute-api:Invoke']);
      }
    }
    const boundary = boundaries[0]![1].Properties!.PolicyDocument as { Statement: Statement[] };
    expect(boundary.Statement.flatMap(actionsOf)).toEqual(['execute-api:Invoke']);
  });
});

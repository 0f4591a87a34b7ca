// Append-only audit beyond the functions' grants: the audit table's resource policy refuses every
// change, delete and expiry to everyone (admins included) but the break-glass role and retention,
// and CloudTrail records the item-level data events of both tables. Synthesized in-test (twin
// target, no bundling): only these parts are asserted.
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { REGIONS, TARGET_CONTEXT } from '@cter/config';
import { RegionStack } from '../../infra/lib/region-stack';

const app = new App({ context: { 'aws:cdk:bundling-stacks': [], [TARGET_CONTEXT]: 'twin' } });
const template = Template.fromStack(new RegionStack(app, 'Audit', { region: REGIONS.kennemerland, env: { account: '111111111111', region: 'eu-west-1' } }));

type Statement = { Sid?: string; Effect: string; Principal: unknown; Action: string | string[]; Condition?: Record<string, Record<string, unknown>> };
const tables = Object.entries(template.findResources('AWS::DynamoDB::Table'));
const [auditId, audit] = tables.find(([id]) => id.includes('Audit'))!;
const [casesId] = tables.find(([id]) => id.includes('Cases'))!;
const roleOfFunction = (description: RegExp) =>
  (Object.values(template.findResources('AWS::Lambda::Function')).find((fn) => description.test(fn.Properties.Description))!.Properties.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]!;
const policy = (audit.Properties.ResourcePolicy?.PolicyDocument?.Statement ?? []) as Statement[];
const denies = policy.filter((s) => s.Effect === 'Deny' && (s.Principal === '*' || JSON.stringify(s.Principal) === '{"AWS":"*"}'));
const deniedActions = (exempt: (s: Statement) => boolean) => denies.filter(exempt).flatMap((s) => [s.Action].flat());
const exemptionsOf = (s: Statement) => JSON.stringify(s.Condition?.ArnNotEquals ?? s.Condition?.ArnNotLike ?? {});

describe('the audit table', () => {
  const breakGlass = Object.keys(template.findResources('AWS::IAM::Role', { Properties: { RoleName: 'cter-kennemerland-audit-break-glass' } }))[0]!;
  const retention = roleOfFunction(/^Destroys personal data past its retention deadline/);

  it('refuses update, delete, batch writes, PartiQL changes, TTL changes and deletion of the table to everyone but the break-glass role and retention', () => {
    const actions = deniedActions(() => true);
    for (const action of ['UpdateItem', 'DeleteItem', 'BatchWriteItem', 'PartiQLUpdate', 'PartiQLDelete', 'UpdateTimeToLive', 'DeleteTable']) expect(actions).toContain(`dynamodb:${action}`);
    for (const statement of denies) {
      const exemptions = exemptionsOf(statement);
      expect(exemptions, JSON.stringify(statement)).toContain(breakGlass);
      expect(exemptions, JSON.stringify(statement)).toContain(retention);
      // Nobody else: no function role, no partner, not the account root.
      const otherRoles = Object.keys(template.findResources('AWS::IAM::Role')).filter((id) => id !== breakGlass && id !== retention);
      for (const id of otherRoles) expect(exemptions, id).not.toContain(`"${id}"`);
      expect(exemptions).not.toContain(':root');
    }
  });

  it('refuses a PutItem that writes expiresAt (a record TTL would delete) to everyone but the break-glass role and retention', () => {
    const expiry = denies.find((s) => [s.Action].flat().includes('dynamodb:PutItem'))!;
    expect(expiry.Condition?.['ForAnyValue:StringEquals']).toEqual({ 'dynamodb:Attributes': ['expiresAt'] });
    expect(exemptionsOf(expiry)).toContain(breakGlass);
    expect(exemptionsOf(expiry)).toContain(retention);
  });

  it('has a break-glass role that nobody can assume and that holds no permission until ops give it one', () => {
    const role = template.findResources('AWS::IAM::Role', { Properties: { RoleName: 'cter-kennemerland-audit-break-glass' } });
    expect(Object.keys(role)).toEqual([breakGlass]);
    const trust = role[breakGlass]!.Properties.AssumeRolePolicyDocument.Statement as Statement[];
    expect(trust).toHaveLength(1);
    expect(trust[0]!.Condition).toEqual({ Null: { 'aws:PrincipalArn': 'true' } });
    const attached = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) => JSON.stringify(p.Properties.Roles).includes(breakGlass));
    expect(attached).toEqual([]);
    expect(role[breakGlass]!.Properties.ManagedPolicyArns).toBeUndefined();
  });
});

describe('CloudTrail data events', () => {
  it('records item-level events of both tables to an encrypted, SSL-only, versioned bucket, with file validation', () => {
    const trails = Object.values(template.findResources('AWS::CloudTrail::Trail'));
    expect(trails).toHaveLength(1);
    const trail = trails[0]!.Properties;
    expect(trail).toMatchObject({ IsLogging: true, EnableLogFileValidation: true, KMSKeyId: expect.anything() });
    const selectors = trail.AdvancedEventSelectors as Array<{ FieldSelectors: Array<{ Field: string; Equals: unknown[] }> }>;
    expect(selectors).toHaveLength(1);
    const fields = Object.fromEntries(selectors[0]!.FieldSelectors.map((f) => [f.Field, f.Equals]));
    expect(fields).toEqual({
      eventCategory: ['Data'],
      'resources.type': ['AWS::DynamoDB::Table'],
      'resources.ARN': expect.arrayContaining([{ 'Fn::GetAtt': [auditId, 'Arn'] }, { 'Fn::GetAtt': [casesId, 'Arn'] }]),
    });
    const bucketId = (trail.S3BucketName as { Ref: string }).Ref;
    const bucket = template.findResources('AWS::S3::Bucket')[bucketId]!.Properties;
    expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('aws:kms');
    expect(bucket.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    const bucketPolicy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find((p) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: bucketId }))!;
    expect(JSON.stringify(bucketPolicy.Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
  });
});

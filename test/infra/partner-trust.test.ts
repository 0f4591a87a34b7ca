// Partner trust is configuration: an AWS account, or IAM Roles Anywhere with an X.509 trust
// anchor (PKIoverheid) and a required subject. An organisation without trust may be assumed by
// nobody in AWS: a synth for a real account fails, the twin's synth trusts only the twin's account.
// Synthesized in-test without bundling: only the access part and the key policy are asserted.
import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { organisationsOf, REGIONS, TARGET_CONTEXT, TWIN_ACCOUNT, type Organisation, type OrganisationTrust } from '@cter/config';
import { LOCAL_ACCOUNT } from '../../packages/twin/src/cfn-resolver';
import { RegionStack } from '../../infra/lib/region-stack';

const DEMO_CA = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUDemoOnlyNotARealCertificate0wCgYIKoZIzj0EAwIw\n-----END CERTIFICATE-----\n';
const ACCOUNT = '111111111111';

interface Synth {
  organisations?: Organisation[];
  /** Absent: environment-agnostic (no account in config, no CDK_DEFAULT_ACCOUNT). */
  account?: string;
  twin?: boolean;
}

function stackOf({ organisations, account, twin }: Synth): RegionStack {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...(twin ? { [TARGET_CONTEXT]: 'twin' } : {}) } });
  return new RegionStack(app, 'Trust', { region: REGIONS.kennemerland, ...(organisations ? { organisations } : {}), env: { region: 'eu-west-1', ...(account ? { account } : {}) } });
}
const synthesize = (options: Synth) => Template.fromStack(stackOf(options));

type Trust = { Statement: Array<{ Action: string | string[]; Principal: Record<string, unknown>; Condition?: unknown }> };
const partnerRoles = (template: Template) =>
  template.findResources('AWS::IAM::Role', { Properties: { Tags: Match.arrayWith([Match.objectLike({ Key: 'cter:organisation' })]) } });
const partnerTrusts = (template: Template) =>
  Object.values(partnerRoles(template)).map((r) => ({
    name: r.Properties.RoleName as string,
    trust: r.Properties.AssumeRolePolicyDocument as Trust,
  }));
const withTrust = (trustOf: (o: Organisation) => OrganisationTrust | undefined) => organisationsOf('kennemerland').map((o): Organisation => {
  const trust = trustOf(o);
  return trust ? { ...o, trust } : o;
});

describe('partner trust', () => {
  const organisations = withTrust((o) => {
    if (o.id === 'ggz') return { kind: 'roles-anywhere', trustAnchorCertificatePem: DEMO_CA, subjectCommonName: 'ggz-koppelvlak.example.nl' };
    if (o.id === 'jeugdzorg') return { kind: 'roles-anywhere', trustAnchorCertificatePem: DEMO_CA, oin: '00000001234567890000' };
    if (o.id === 'politie') return { kind: 'account', accountId: '222222222222' };
    return { kind: 'account', accountId: '333333333333' };
  });
  const template = synthesize({ organisations, account: ACCOUNT });

  it('trusts a partner AWS account', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'cter-kennemerland-politie',
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Action: 'sts:AssumeRole', Principal: { AWS: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('222222222222')])] } } })] },
    });
  });

  it('trusts a Roles Anywhere certificate with the expected subject CN, through its own trust anchor and profile', () => {
    template.hasResourceProperties('AWS::RolesAnywhere::TrustAnchor', { Enabled: true, Source: { SourceType: 'CERTIFICATE_BUNDLE', SourceData: { X509CertificateData: DEMO_CA } } });
    template.hasResourceProperties('AWS::RolesAnywhere::Profile', { RoleArns: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('PartnerggzRole|Partnerggz'), 'Arn'] }] });
    const trust = JSON.stringify(partnerTrusts(template).find((r) => r.name === 'cter-kennemerland-ggz')!.trust);
    expect(trust).toContain('rolesanywhere.amazonaws.com');
    expect(trust).toContain('sts:TagSession');
    expect(trust).toContain('sts:SetSourceIdentity');
    expect(trust).toContain('"aws:PrincipalTag/x509Subject/CN":"ggz-koppelvlak.example.nl"');
    expect(trust).toContain('aws:SourceArn');
  });

  it('trusts a PKIoverheid certificate by its OIN (subject serialNumber), mapped into the session by the profile', () => {
    const roleTrust = partnerTrusts(template).find((r) => r.name === 'cter-kennemerland-jeugdzorg')!.trust;
    const assume = roleTrust.Statement.find((s) => [s.Action].flat().includes('sts:AssumeRole'))!;
    expect(assume.Condition).toMatchObject({ StringEquals: { 'aws:PrincipalTag/x509Subject/serialNumber': '00000001234567890000' } });
    template.hasResourceProperties('AWS::RolesAnywhere::Profile', {
      Name: 'cter-kennemerland-jeugdzorg',
      AttributeMappings: Match.arrayWith([{ CertificateField: 'x509Subject', MappingRules: Match.arrayWith([{ Specifier: 'CN' }, { Specifier: 'serialNumber' }]) }]),
    });
  });

  it('refuses a Roles Anywhere trust without a subject CN or OIN: any certificate of the CA would do', () => {
    const open = withTrust((o) => (o.id === 'ggz' ? ({ kind: 'roles-anywhere', trustAnchorCertificatePem: DEMO_CA } as OrganisationTrust) : { kind: 'account', accountId: '333333333333' }));
    expect(() => synthesize({ organisations: open, account: ACCOUNT })).toThrow(/kennemerland\.ggz.*(CN|OIN)/s);
  });

  it('keeps the boundary on every partner role whatever the trust', () => {
    const roles = partnerRoles(template);
    expect(Object.keys(roles)).toHaveLength(organisations.length);
    for (const role of Object.values(roles)) expect(role.Properties.PermissionsBoundary).toBeDefined();
  });

  it("lets no partner role be assumed by the stage's own account", () => {
    for (const { name, trust } of partnerTrusts(template)) {
      expect(JSON.stringify(trust), name).not.toContain(ACCOUNT);
      expect(JSON.stringify(trust), name).not.toContain('AWS::AccountId');
    }
  });
});

describe('organisations without explicit trust', () => {
  it('fail a synth for a real account, naming every <region>.<organisation> and where to set its trust', () => {
    const partlyTrusted = withTrust((o) => (o.id === 'politie' ? { kind: 'account', accountId: '222222222222' } : undefined));
    let message = '';
    try {
      synthesize({ organisations: partlyTrusted, account: ACCOUNT });
    } catch (error) {
      message = (error as Error).message;
    }
    for (const o of partlyTrusted.filter((o) => !o.trust)) expect(message).toContain(`kennemerland.${o.id}`);
    expect(message).not.toContain('kennemerland.politie');
    expect(message).toContain('TRUST_OVERRIDES');
    expect(message).toContain('packages/config/src/organisations.ts');
  });

  it('fail with the default organisations of packages/config too', () => {
    expect(() => synthesize({ account: ACCOUNT })).toThrow(/kennemerland\.privacy-officer/);
  });

  it("let only the twin's local account assume them in a twin synth, whatever account the stage has", () => {
    expect(TWIN_ACCOUNT).toBe(LOCAL_ACCOUNT);
    for (const account of [ACCOUNT, undefined]) {
      const trusts = partnerTrusts(synthesize({ twin: true, ...(account ? { account } : {}) }));
      expect(trusts).toHaveLength(organisationsOf('kennemerland').length);
      for (const { name, trust } of trusts) {
        expect(trust.Statement, name).toHaveLength(1);
        expect(JSON.stringify(trust.Statement[0]!.Principal), name).toMatch(new RegExp(`:iam::${TWIN_ACCOUNT}:root`));
        expect(JSON.stringify(trust), name).not.toContain('AWS::AccountId');
        if (account) expect(JSON.stringify(trust), name).not.toContain(account);
      }
    }
  });

  it('trust the same unassumable placeholder in an environment-agnostic synth, with a warning naming them', () => {
    const stack = stackOf({});
    const trusts = partnerTrusts(Template.fromStack(stack));
    for (const { name, trust } of trusts) {
      expect(JSON.stringify(trust), name).toMatch(new RegExp(`:iam::${TWIN_ACCOUNT}:root`));
      expect(JSON.stringify(trust), name).not.toContain('AWS::AccountId');
    }
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('kennemerland\\.politie.*TRUST_OVERRIDES'));
  });
});

describe('the region data key', () => {
  type KeyStatement = { Sid?: string; Effect: string; Action: string | string[]; Principal: Record<string, unknown> | string; Condition?: Record<string, unknown> };
  const trusted = withTrust(() => ({ kind: 'account', accountId: '333333333333' }));
  const template = synthesize({ organisations: trusted, account: ACCOUNT });
  const [, dataKey] = Object.entries(template.findResources('AWS::KMS::Key')).find(([id]) => id.startsWith('DataDataKey'))!;
  const statements = dataKey.Properties.KeyPolicy.Statement as KeyStatement[];
  const CRYPTO = /^kms:(\*|Decrypt\*?|Encrypt\*?|ReEncrypt\w*\*?|GenerateDataKey\w*\*?)$/;
  const functionRoles = new Set(Object.values(template.findResources('AWS::Lambda::Function')).map((fn) => JSON.stringify(fn.Properties.Role)));

  it("gives no one Decrypt, Encrypt or GenerateDataKey through the account root or '*'", () => {
    for (const statement of statements.filter((s) => s.Effect === 'Allow')) {
      if (![statement.Action].flat().some((a) => CRYPTO.test(a))) continue;
      const principal = statement.Principal;
      expect(principal, JSON.stringify(statement)).not.toBe('*');
      const aws = typeof principal === 'object' ? [principal.AWS ?? []].flat() : [];
      for (const p of aws) {
        expect(JSON.stringify(p), JSON.stringify(statement)).not.toMatch(/:root|^"\*"$/);
        expect(JSON.stringify(p), JSON.stringify(statement)).toMatch(/"Fn::GetAtt":\["\w+","Arn"\]/);
      }
      // A service principal only on a condition that ties it to this account's own resources.
      if (typeof principal === 'object' && principal.Service) expect(statement.Condition, JSON.stringify(statement)).toBeDefined();
    }
  });

  it('lets the account administer the key, and create grants only for AWS resources', () => {
    const admin = statements.find((s) => s.Sid === 'KeyAdministration')!;
    expect([admin.Action].flat()).toEqual(expect.arrayContaining(['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion', 'kms:DescribeKey']));
    expect([admin.Action].flat().some((a) => CRYPTO.test(a) || a === 'kms:CreateGrant' || a === 'kms:Create*')).toBe(false);
    const grants = statements.find((s) => [s.Action].flat().includes('kms:CreateGrant') && JSON.stringify(s.Principal).includes(':root'))!;
    expect(grants.Condition).toEqual({ Bool: { 'kms:GrantIsForAWSResource': 'true' } });
  });

  it("pages the ops topic on every change of the key's policy or grants", () => {
    const [dataKeyId] = Object.keys(template.findResources('AWS::KMS::Key')).filter((id) => id.startsWith('DataDataKey'));
    const [topicId] = Object.keys(template.findResources('AWS::SNS::Topic'));
    const rules = Object.values(template.findResources('AWS::Events::Rule')).filter((r) => r.Properties.EventPattern?.source?.includes('aws.kms'));
    expect(rules).toHaveLength(1);
    const { EventPattern: pattern, Targets: targets } = rules[0]!.Properties;
    expect(pattern.detail.eventName).toEqual(expect.arrayContaining(['PutKeyPolicy', 'CreateGrant', 'ScheduleKeyDeletion', 'DisableKey']));
    expect(pattern.detail.resources).toEqual({ ARN: [{ 'Fn::GetAtt': [dataKeyId, 'Arn'] }] });
    expect(targets).toEqual([expect.objectContaining({ Arn: { Ref: topicId }, DeadLetterConfig: { Arn: expect.anything() } })]);
  });

  it("gives every function role of the stack the key's crypto use, by its own ARN", () => {
    const users = statements.filter((s) => s.Sid === 'FunctionsUseTheKey').flatMap((s) => [(s.Principal as { AWS: unknown }).AWS].flat().map((p) => JSON.stringify(p)));
    for (const role of functionRoles) expect(users).toContain(role);
  });
});

// Partner trust is configuration: an AWS account, or IAM Roles Anywhere with an X.509 trust
// anchor (PKIoverheid). Synthesized in-test without bundling: only the access part is asserted.
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { organisationsOf, REGIONS, type Organisation } from '@cter/config';
import { RegionStack } from '../../infra/lib/region-stack';

const DEMO_CA = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUDemoOnlyNotARealCertificate0wCgYIKoZIzj0EAwIw\n-----END CERTIFICATE-----\n';

function synthesize(organisations: Organisation[]): Template {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new RegionStack(app, 'Trust', { region: REGIONS.kennemerland, organisations, env: { account: '111111111111', region: 'eu-west-1' } });
  return Template.fromStack(stack);
}

describe('partner trust', () => {
  const organisations = organisationsOf('kennemerland').map((o): Organisation => {
    if (o.id === 'ggz') return { ...o, trust: { kind: 'roles-anywhere', trustAnchorCertificatePem: DEMO_CA, subjectCommonName: 'ggz-koppelvlak.example.nl' } };
    if (o.id === 'politie') return { ...o, trust: { kind: 'account', accountId: '222222222222' } };
    return o;
  });
  const template = synthesize(organisations);

  it('trusts a partner AWS account', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'cter-kennemerland-politie',
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Action: 'sts:AssumeRole', Principal: { AWS: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('222222222222')])] } } })] },
    });
  });

  it('trusts a Roles Anywhere certificate with the expected subject, through its own trust anchor and profile', () => {
    template.hasResourceProperties('AWS::RolesAnywhere::TrustAnchor', { Enabled: true, Source: { SourceType: 'CERTIFICATE_BUNDLE', SourceData: { X509CertificateData: DEMO_CA } } });
    template.hasResourceProperties('AWS::RolesAnywhere::Profile', { RoleArns: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('PartnerggzRole|Partnerggz'), 'Arn'] }] });
    const roles = template.findResources('AWS::IAM::Role', { Properties: { RoleName: 'cter-kennemerland-ggz' } });
    const trust = JSON.stringify(Object.values(roles)[0]);
    expect(trust).toContain('rolesanywhere.amazonaws.com');
    expect(trust).toContain('sts:TagSession');
    expect(trust).toContain('sts:SetSourceIdentity');
    expect(trust).toContain('"aws:PrincipalTag/x509Subject/CN":"ggz-koppelvlak.example.nl"');
    expect(trust).toContain('aws:SourceArn');
  });

  it('keeps the boundary on every partner role whatever the trust', () => {
    const partnerRoles = template.findResources('AWS::IAM::Role', { Properties: { RoleName: Match.stringLikeRegexp('^cter-kennemerland-') } });
    expect(Object.keys(partnerRoles)).toHaveLength(organisations.length);
    for (const role of Object.values(partnerRoles)) expect(role.Properties.PermissionsBoundary).toBeDefined();
  });
});

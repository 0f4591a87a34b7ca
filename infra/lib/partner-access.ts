// One IAM role per partner organisation, allowed to invoke exactly its routes of this region's
// API (from the capability matrix), under one permission boundary per region that allows nothing
// but invoking this API, so no later grant can widen a partner role.
import { Duration, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rolesanywhere from 'aws-cdk-lib/aws-rolesanywhere';
import { Construct } from 'constructs';
import { CAPABILITIES, organisationsOf, partnerRoleName, type Organisation, type RegionConfig } from '@cter/config';
import { splitRoute, type RegionApi } from './api';
import { acknowledgePartnerAccessFindings } from './nag-acknowledgements';

/** Does the IAM resource pattern of `grantRoute` also match requests to `otherRoute`? */
export function routePatternCovers(grantRoute: string, otherRoute: string): boolean {
  const grant = splitRoute(grantRoute);
  const other = splitRoute(otherRoute);
  if (grant.method !== other.method) return false;
  // IAM's `*` matches any characters, '/' included.
  const pattern = new RegExp(`^${grant.path.replace(/[.+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '.*')}$`);
  return pattern.test(other.path.replace(/\{[^}]+\}/g, 'x'));
}

export class PartnerAccess extends Construct {
  readonly boundary: iam.ManagedPolicy;
  readonly roles = new Map<string, iam.Role>();

  constructor(scope: Construct, id: string, props: { region: RegionConfig; api: RegionApi; organisations?: Organisation[] }) {
    super(scope, id);
    this.boundary = new iam.ManagedPolicy(this, 'PartnerBoundary', {
      managedPolicyName: `cter-${props.region.id}-partner-boundary`,
      description: `Permission boundary of every partner role of ${props.region.id}: invoke this region's API, nothing else`,
      statements: [new iam.PolicyStatement({ actions: ['execute-api:Invoke'], resources: [props.api.api.arnForExecuteApi('*', '/*', '*')] })],
    });
    for (const organisation of props.organisations ?? organisationsOf(props.region.id)) {
      this.roles.set(organisation.id, this.partnerRole(props.region, props.api, organisation));
    }
    acknowledgePartnerAccessFindings(this, props.api.api, CAPABILITIES.map((c) => props.api.methodSuffix(c.route)));
  }

  private partnerRole(region: RegionConfig, api: RegionApi, organisation: Organisation): iam.Role {
    const role = new iam.Role(this, `Partner-${organisation.id}`, {
      roleName: partnerRoleName(region.id, organisation.id),
      description: `${organisation.name} (${organisation.type}) in ${region.id}`,
      assumedBy: this.trustOf(region, organisation),
      permissionsBoundary: this.boundary,
      maxSessionDuration: Duration.hours(1),
    });
    if (organisation.trust?.kind === 'roles-anywhere') this.rolesAnywhereProfile(region, organisation, role);
    // The organisation a role belongs to, readable by tools (the twin names its profiles after it).
    Tags.of(role).add('cter:organisation', organisation.id);
    Tags.of(role).add('cter:organisation-type', organisation.type);
    const allowed = CAPABILITIES.filter((c) => c.allowed.includes(organisation.type)).map((c) => c.route);
    if (allowed.length === 0) return role;
    // A pattern like GET /cases/* also matches GET /cases/*/audit: deny what it covers but the matrix does not grant.
    const denied = CAPABILITIES.filter((c) => !c.allowed.includes(organisation.type))
      .map((c) => c.route)
      .filter((route) => allowed.some((grant) => routePatternCovers(grant, route)));
    const statements = [new iam.PolicyStatement({ sid: 'InvokeGrantedRoutes', actions: ['execute-api:Invoke'], resources: allowed.map((r) => api.methodArn(r)) })];
    if (denied.length) {
      statements.push(new iam.PolicyStatement({ sid: 'DenyRoutesNotGranted', effect: iam.Effect.DENY, actions: ['execute-api:Invoke'], resources: denied.map((r) => api.methodArn(r)) }));
    }
    role.attachInlinePolicy(new iam.Policy(this, `Routes-${organisation.id}`, { statements }));
    return role;
  }

  private readonly anchors = new Map<string, rolesanywhere.CfnTrustAnchor>();

  /**
   * Who may assume the role: principals of the partner's AWS account, or, through IAM Roles
   * Anywhere, a system holding an X.509 certificate (e.g. PKIoverheid) that chains to the
   * organisation's trust anchor and, when configured, carries the expected subject CN.
   */
  private trustOf(region: RegionConfig, organisation: Organisation): iam.IPrincipal {
    const trust = organisation.trust;
    if (!trust) return new iam.AccountRootPrincipal();
    if (trust.kind === 'account') return new iam.AccountPrincipal(trust.accountId);
    const anchor = new rolesanywhere.CfnTrustAnchor(this, `TrustAnchor-${organisation.id}`, {
      name: `cter-${region.id}-${organisation.id}`,
      enabled: true,
      source: { sourceType: 'CERTIFICATE_BUNDLE', sourceData: { x509CertificateData: trust.trustAnchorCertificatePem } },
    });
    this.anchors.set(organisation.id, anchor);
    const conditions: Record<string, Record<string, string>> = { ArnEquals: { 'aws:SourceArn': anchor.attrTrustAnchorArn } };
    if (trust.subjectCommonName) conditions.StringEquals = { 'aws:PrincipalTag/x509Subject/CN': trust.subjectCommonName };
    return new iam.ServicePrincipal('rolesanywhere.amazonaws.com').withConditions(conditions).withSessionTags();
  }

  private rolesAnywhereProfile(region: RegionConfig, organisation: Organisation, role: iam.Role): void {
    const anchor = this.anchors.get(organisation.id)!;
    // Roles Anywhere also sets the certificate as source identity.
    role.assumeRolePolicy?.addStatements(
      new iam.PolicyStatement({
        actions: ['sts:SetSourceIdentity'],
        principals: [new iam.ServicePrincipal('rolesanywhere.amazonaws.com')],
        conditions: { ArnEquals: { 'aws:SourceArn': anchor.attrTrustAnchorArn } },
      }),
    );
    new rolesanywhere.CfnProfile(this, `Profile-${organisation.id}`, {
      name: `cter-${region.id}-${organisation.id}`,
      enabled: true,
      roleArns: [role.roleArn],
      durationSeconds: 3600,
    });
  }
}

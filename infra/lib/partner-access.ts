// One IAM role per partner organisation, allowed to invoke exactly its routes of this region's
// API (from the route registry's `allowed`), under one permission boundary per region that allows nothing
// but invoking this API, so no later grant can widen a partner role.
import { Annotations, Duration, Stack, Tags, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rolesanywhere from 'aws-cdk-lib/aws-rolesanywhere';
import { Construct } from 'constructs';
import { organisationsOf, partnerRoleName, TARGET_CONTEXT, TWIN_ACCOUNT, type Organisation, type RegionConfig } from '@cter/config';
import { ROUTE_ENTRIES, splitRoute } from '@cter/routes';
import type { RegionApi } from './api';
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

/** Where ops set a partner's trust; named in every message about missing trust. */
const WHERE_TRUST_IS_SET = 'TRUST_OVERRIDES in packages/config/src/organisations.ts (docs/runbook.md, "Set a partner\'s trust")';

/** A synth for a real AWS account with partner organisations whose trust nobody configured. */
export class MissingPartnerTrustError extends Error {
  constructor(readonly organisations: string[]) {
    super(
      `partner organisations without explicit trust: ${organisations.join(', ')}. Their roles would trust nobody in AWS, ` +
        `and the account itself must not (any admin would become that partner). Set the trust of each in ${WHERE_TRUST_IS_SET}.`,
    );
    this.name = 'MissingPartnerTrustError';
  }
}

/**
 * Who may assume the role of an organisation without explicit trust, by what the synth is for:
 * - the twin (`-c cter:target=twin`, packages/twin/src/synth.ts): the twin's local account only,
 *   never the deploying account, whatever account the stage has;
 * - a real account (region.account in packages/config, or CDK_DEFAULT_ACCOUNT as `cdk deploy` and a
 *   `cdk synth` with credentials set it): nobody; the synth fails, naming the organisations;
 * - an environment-agnostic synth (`npm run synth` offline, no account anywhere): its template could
 *   still be deployed by hand into any account, so its roles trust the twin's placeholder account,
 *   which AWS never issues: nobody can assume them there. The synth works (ops run `cdk ls`, `diff`,
 *   `synth` before configuring trust) and warns, naming the organisations.
 */
type UntrustedPolicy = { kind: 'twin' } | { kind: 'placeholder' } | { kind: 'refuse' };

function untrustedPolicy(scope: Construct): UntrustedPolicy {
  if (scope.node.tryGetContext(TARGET_CONTEXT) === 'twin') return { kind: 'twin' };
  return Token.isUnresolved(Stack.of(scope).account) ? { kind: 'placeholder' } : { kind: 'refuse' };
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
    const organisations = props.organisations ?? organisationsOf(props.region.id);
    const untrusted = organisations.filter((o) => !o.trust).map((o) => `${props.region.id}.${o.id}`);
    const policy = untrustedPolicy(this);
    if (untrusted.length && policy.kind === 'refuse') throw new MissingPartnerTrustError(untrusted);
    if (untrusted.length && policy.kind === 'placeholder') {
      Annotations.of(this).addWarningV2(
        'cter:partner-trust-missing',
        `environment-agnostic synth: the roles of ${untrusted.join(', ')} trust only the placeholder account ${TWIN_ACCOUNT}, which nobody can assume in AWS; ` +
          `a synth for a real account fails until their trust is set in ${WHERE_TRUST_IS_SET}.`,
      );
    }
    for (const organisation of organisations) {
      this.roles.set(organisation.id, this.partnerRole(props.region, props.api, organisation));
    }
    acknowledgePartnerAccessFindings(this, props.api.api, ROUTE_ENTRIES.map((c) => props.api.methodSuffix(c.route)));
  }

  private partnerRole(region: RegionConfig, api: RegionApi, organisation: Organisation): iam.Role {
    const allowed = ROUTE_ENTRIES.filter((c) => c.allowed.includes(organisation.type)).map((c) => c.route);
    // A pattern like GET /cases/* also matches GET /cases/*/audit: deny what it covers but the matrix does not grant.
    const denied = ROUTE_ENTRIES.filter((c) => !c.allowed.includes(organisation.type))
      .map((c) => c.route)
      .filter((route) => allowed.some((grant) => routePatternCovers(grant, route)));
    const statements = [new iam.PolicyStatement({ sid: 'InvokeGrantedRoutes', actions: ['execute-api:Invoke'], resources: allowed.map((r) => api.methodArn(r)) })];
    if (denied.length) {
      statements.push(new iam.PolicyStatement({ sid: 'DenyRoutesNotGranted', effect: iam.Effect.DENY, actions: ['execute-api:Invoke'], resources: denied.map((r) => api.methodArn(r)) }));
    }
    const role = new iam.Role(this, `Partner-${organisation.id}`, {
      roleName: partnerRoleName(region.id, organisation.id),
      description: `${organisation.name} (${organisation.type}) in ${region.id}`,
      assumedBy: this.trustOf(region, organisation),
      permissionsBoundary: this.boundary,
      maxSessionDuration: Duration.hours(1),
      // The routes policy inside the role (no AWS::IAM::Policy resource per organisation): the
      // region's stack stays under CloudFormation's 500 resources.
      ...(allowed.length ? { inlinePolicies: { Routes: new iam.PolicyDocument({ statements }) } } : {}),
    });
    if (organisation.trust?.kind === 'roles-anywhere') this.rolesAnywhereProfile(region, organisation, role);
    // The organisation a role belongs to, readable by tools (the twin names its profiles after it).
    Tags.of(role).add('cter:organisation', organisation.id);
    Tags.of(role).add('cter:organisation-type', organisation.type);
    return role;
  }

  private readonly anchors = new Map<string, rolesanywhere.CfnTrustAnchor>();

  /**
   * Who may assume the role: principals of the partner's AWS account, or, through IAM Roles
   * Anywhere, a system holding an X.509 certificate (e.g. PKIoverheid) that chains to the
   * organisation's trust anchor and carries the expected subject CN and/or OIN. Without trust:
   * the twin's account only (see untrustedPolicy; a real account never gets here).
   */
  private trustOf(region: RegionConfig, organisation: Organisation): iam.IPrincipal {
    const trust = organisation.trust;
    if (!trust) return new iam.AccountPrincipal(TWIN_ACCOUNT);
    if (trust.kind === 'account') return new iam.AccountPrincipal(trust.accountId);
    const subject: Record<string, string> = {};
    if (trust.subjectCommonName) subject['aws:PrincipalTag/x509Subject/CN'] = trust.subjectCommonName;
    // PKIoverheid puts the OIN in the subject's serialNumber; the profile maps it (rolesAnywhereProfile).
    if (trust.oin) subject['aws:PrincipalTag/x509Subject/serialNumber'] = trust.oin;
    if (Object.keys(subject).length === 0) {
      throw new Error(`${region.id}.${organisation.id}: a Roles Anywhere trust needs the certificate's subject CN (subjectCommonName) or OIN (oin); the CA bundle alone would admit every certificate it issued. Set it in ${WHERE_TRUST_IS_SET}.`);
    }
    const anchor = new rolesanywhere.CfnTrustAnchor(this, `TrustAnchor-${organisation.id}`, {
      name: `cter-${region.id}-${organisation.id}`,
      enabled: true,
      source: { sourceType: 'CERTIFICATE_BUNDLE', sourceData: { x509CertificateData: trust.trustAnchorCertificatePem } },
    });
    this.anchors.set(organisation.id, anchor);
    const conditions: Record<string, Record<string, string>> = { ArnEquals: { 'aws:SourceArn': anchor.attrTrustAnchorArn }, StringEquals: subject };
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
      // The default mapping (`*`) names "all supported" subject RDNs; the trust conditions need CN and
      // serialNumber (the OIN), so map them explicitly. A tag that is not mapped fails the condition:
      // a wrong mapping locks the partner out, it never lets another certificate in.
      attributeMappings: [
        { certificateField: 'x509Subject', mappingRules: [{ specifier: 'CN' }, { specifier: 'serialNumber' }] },
        { certificateField: 'x509Issuer', mappingRules: [{ specifier: '*' }] },
        { certificateField: 'x509SAN', mappingRules: [{ specifier: 'DNS' }, { specifier: 'URI' }, { specifier: 'Name/*' }] },
      ],
    });
  }
}

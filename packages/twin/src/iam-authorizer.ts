// Authorizes execute-api:Invoke for a partner role with the role's own synthesized policies: its
// identity policies and its permission boundary, evaluated by an IAM policy simulator. Decisions
// are cached per role and route, so only the first call of a route pays for the evaluation.
import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { StackArtifact } from './assembly';
import { resourcesOfType } from './assembly';
import { CfnResolver, LOCAL_ACCOUNT } from './cfn-resolver';

interface NamedPolicy {
  name: string;
  policy: unknown;
}

export interface RolePolicies {
  roleArn: string;
  roleName: string;
  identityPolicies: NamedPolicy[];
  boundaryPolicies: NamedPolicy[];
}

export interface AuthorizationDecision {
  allowed: boolean;
  /** 'Allowed', 'ExplicitlyDenied' or 'ImplicitlyDenied'. */
  result: string;
}

const refersTo = (value: unknown, logicalId: string) => JSON.stringify(value) === JSON.stringify({ Ref: logicalId });

/** The policies of every role in a stack, resolved from the template. */
export function rolePoliciesOf(stack: StackArtifact): Map<string, RolePolicies> {
  const resolver = new CfnResolver(stack);
  const managed = new Map(resourcesOfType(stack, 'AWS::IAM::ManagedPolicy').map(([id, r]) => [resolver.physicalId(id), { name: id, policy: resolver.resolve(r.Properties?.PolicyDocument) }]));
  const policies = resourcesOfType(stack, 'AWS::IAM::Policy');
  const out = new Map<string, RolePolicies>();
  for (const [roleId, role] of resourcesOfType(stack, 'AWS::IAM::Role')) {
    const props = role.Properties ?? {};
    const roleArn = resolver.attribute(roleId, 'Arn');
    const identityPolicies: NamedPolicy[] = [];
    for (const inline of (props.Policies as Array<{ PolicyName: string; PolicyDocument: unknown }> | undefined) ?? []) {
      identityPolicies.push({ name: inline.PolicyName, policy: resolver.resolve(inline.PolicyDocument) });
    }
    for (const [policyId, policy] of policies) {
      const roles = (policy.Properties?.Roles as unknown[] | undefined) ?? [];
      if (roles.some((r) => refersTo(r, roleId))) identityPolicies.push({ name: policyId, policy: resolver.resolve(policy.Properties?.PolicyDocument) });
    }
    for (const arn of (resolver.resolve(props.ManagedPolicyArns) as string[] | undefined) ?? []) {
      const policy = managed.get(arn);
      // AWS managed policies are not in the template; partner roles have none.
      if (policy) identityPolicies.push(policy);
    }
    const boundaryArn = props.PermissionsBoundary ? String(resolver.resolve(props.PermissionsBoundary)) : undefined;
    const boundary = boundaryArn ? managed.get(boundaryArn) : undefined;
    if (boundaryArn && !boundary) throw new Error(`${stack.stackName}/${roleId}: permission boundary ${boundaryArn} is not in the template`);
    out.set(roleArn, { roleArn, roleName: resolver.physicalId(roleId), identityPolicies, boundaryPolicies: boundary ? [boundary] : [] });
  }
  return out;
}

export class IamAuthorizer {
  private readonly cache = new Map<string, AuthorizationDecision>();

  constructor(private readonly roles: Map<string, RolePolicies>) {}

  /** May the session of `roleArn` do `action` (execute-api:Invoke) on `resource`? `cacheKey` identifies the route template. */
  async authorize(roleArn: string, principalArn: string, resource: string, cacheKey: string, action = 'execute-api:Invoke'): Promise<AuthorizationDecision> {
    const key = `${roleArn} ${action} ${cacheKey}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const role = this.roles.get(roleArn);
    let decision: AuthorizationDecision;
    if (!role) {
      decision = { allowed: false, result: 'ImplicitlyDenied' };
    } else {
      const response = await runSimulation(
        {
          request: { principal: principalArn, action, resource: { resource, accountId: LOCAL_ACCOUNT }, contextVariables: {} },
          identityPolicies: role.identityPolicies,
          permissionBoundaryPolicies: role.boundaryPolicies.length ? role.boundaryPolicies : undefined,
          serviceControlPolicies: [],
          resourceControlPolicies: [],
        },
        {},
      );
      if (response.resultType === 'error') throw new Error(`IAM simulation failed for ${role.roleName}: ${JSON.stringify(response.errors)}`);
      decision = { allowed: response.overallResult === 'Allowed', result: response.overallResult };
    }
    this.cache.set(key, decision);
    return decision;
  }
}

// Who signed a request to the twin: the long-term keys of .twin/credentials (partner profiles and the
// twin-ops profile), the keys the twin gives each Lambda function it runs, and the temporary
// credentials STS AssumeRole issues. Every endpoint of the twin verifies SigV4 through this one place.
import { randomBytes } from 'node:crypto';
import { LOCAL_ACCOUNT } from './cfn-resolver';
import { newAccessKeyId, newSecretAccessKey, type IssuedCredential } from './credentials';
import { verifySigV4, type IncomingSignedRequest } from './sigv4-verifier';

export type PrincipalKind = 'partner' | 'ops' | 'function';

export interface Principal {
  kind: PrincipalKind;
  /** The profile in .twin/credentials, or the function's name. */
  name: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Temporary credentials only work with their own token. */
  sessionToken?: string;
  roleArn: string;
  /** The role session name: 'twin' for the long-term keys, the caller's choice for AssumeRole sessions. */
  sessionName: string;
  /** Epoch ms on the twin's clock after which temporary credentials are refused. */
  expiresAt?: number;
}

export type IdentityResult = { ok: true; principal: Principal } | { ok: false; status: number; code: string; message: string };

/** The session name of requests signed with a profile's long-term keys. */
export const DEFAULT_SESSION_NAME = 'twin';
/** The role the twin-ops profile stands for: it exists only in the twin, no template grants it anything. */
export const OPS_ROLE_ARN = `arn:aws:iam::${LOCAL_ACCOUNT}:role/cter-twin-ops`;
export const OPS_PROFILE = 'twin-ops';

const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

export const roleNameOf = (roleArn: string): string => roleArn.slice(roleArn.lastIndexOf('/') + 1);

/** `arn:aws:sts::<account>:assumed-role/<role>/<session>`, as AWS names a role session. */
export const principalArnOf = (p: Pick<Principal, 'roleArn' | 'sessionName'>): string =>
  `arn:aws:sts::${LOCAL_ACCOUNT}:assumed-role/${roleNameOf(p.roleArn)}/${p.sessionName}`;

/** AWS's unique role id shape (AROA + 17), stable per role name. */
export const roleIdOf = (roleArn: string): string => `AROA${Buffer.from(roleNameOf(roleArn)).toString('hex').slice(0, 17).toUpperCase()}`;

export interface AssumeRoleRequest {
  roleArn: string | undefined;
  sessionName: string | undefined;
  durationSeconds: string | undefined;
}

export type AssumeRoleResult =
  | { ok: true; principal: Principal & { expiresAt: number; sessionToken: string } }
  | { ok: false; status: number; code: string; message: string };

export class TwinIdentities {
  private readonly byKey = new Map<string, Principal>();

  /** `now` is the twin's clock: temporary credentials expire in the time functions and state machines see. */
  constructor(
    private readonly now: () => number,
    /** Longest session per role ARN (the template's MaxSessionDuration); AWS's default is 1 hour. */
    private readonly maxSessionSeconds: (roleArn: string) => number = () => 3600,
  ) {}

  addProfiles(credentials: IssuedCredential[]): void {
    for (const c of credentials) {
      this.byKey.set(c.accessKeyId, { kind: c.profile === OPS_PROFILE ? 'ops' : 'partner', name: c.profile, accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, roleArn: c.roleArn, sessionName: DEFAULT_SESSION_NAME });
    }
  }

  /** Keys for a Lambda function, as Lambda hands a function its execution role's session. */
  issueFunctionKeys(functionName: string, roleArn: string): { accessKeyId: string; secretAccessKey: string; sessionToken: string } {
    const principal = { kind: 'function' as const, name: functionName, accessKeyId: newAccessKeyId('ASIA'), secretAccessKey: newSecretAccessKey(), sessionToken: randomBytes(96).toString('base64'), roleArn, sessionName: functionName.slice(0, 64) };
    this.byKey.set(principal.accessKeyId, principal);
    return principal;
  }

  lookup(accessKeyId: string): Principal | undefined {
    return this.byKey.get(accessKeyId);
  }

  /**
   * STS AssumeRole for a caller: a partner system may assume its own role only (the role's trust
   * names the partner, not other organisations), with a session name it chooses, for 900 s up to the
   * role's maximum session duration (default 3600 s).
   */
  assumeRole(caller: Principal, request: AssumeRoleRequest): AssumeRoleResult {
    const invalid = (message: string): AssumeRoleResult => ({ ok: false, status: 400, code: 'ValidationError', message });
    if (!request.roleArn) return invalid("1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
    const sessionName = request.sessionName;
    if (sessionName === undefined) return invalid("1 validation error detected: Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null");
    if (!SESSION_NAME.test(sessionName)) {
      return invalid(`1 validation error detected: Value '${sessionName.slice(0, 80)}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]* and have length between 2 and 64`);
    }
    let duration = 3600;
    if (request.durationSeconds !== undefined) {
      duration = Number(request.durationSeconds);
      if (!/^\d{1,6}$/.test(request.durationSeconds) || duration < 900) {
        return invalid(`1 validation error detected: Value '${request.durationSeconds.slice(0, 20)}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900`);
      }
    }
    if (caller.kind !== 'partner' || caller.roleArn !== request.roleArn) {
      return { ok: false, status: 403, code: 'AccessDenied', message: `User: ${principalArnOf(caller)} is not authorized to perform: sts:AssumeRole on resource: ${request.roleArn}` };
    }
    // Role chaining (a session assuming a role) is limited to one hour, as in AWS.
    const max = caller.sessionToken !== undefined ? 3600 : this.maxSessionSeconds(request.roleArn);
    if (duration > max) return invalid(`The requested DurationSeconds exceeds the MaxSessionDuration set for this role.`);
    const principal = {
      kind: 'partner' as const,
      name: caller.name,
      accessKeyId: newAccessKeyId('ASIA'),
      secretAccessKey: newSecretAccessKey(),
      sessionToken: randomBytes(96).toString('base64'),
      roleArn: request.roleArn,
      sessionName,
      expiresAt: this.now() + duration * 1000,
    };
    this.byKey.set(principal.accessKeyId, principal);
    return { ok: true, principal };
  }

  /**
   * Verifies a request's SigV4 signature for `service` in one of `regions` (the scope's region when it
   * is one of them), and that temporary credentials have not expired.
   */
  async verify(request: IncomingSignedRequest, service: string, regions: string[]): Promise<IdentityResult> {
    const authorization = request.headers.authorization;
    const scoped = typeof authorization === 'string' ? /Credential=[^/,\s]+\/\d{8}\/([^/]+)\//.exec(authorization)?.[1] : undefined;
    const region = scoped && regions.includes(scoped) ? scoped : regions[0]!;
    const verified = await verifySigV4(request, (key) => this.lookup(key), { service, region });
    if (!verified.ok) {
      const code = verified.code === 'MissingAuthenticationToken' ? 'MissingAuthenticationTokenException' : verified.code === 'SignatureExpired' ? 'InvalidSignatureException' : verified.code;
      return { ok: false, status: verified.status, code, message: verified.message };
    }
    const principal = this.byKey.get(verified.accessKeyId)!;
    if (principal.expiresAt !== undefined && this.now() >= principal.expiresAt) {
      return { ok: false, status: 403, code: 'ExpiredTokenException', message: 'The security token included in the request is expired' };
    }
    return { ok: true, principal };
  }
}

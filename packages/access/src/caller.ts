// The caller of a request is the partner organisation whose IAM role signed it. API Gateway's IAM
// authorization puts the verified identity into requestContext.identity; nothing in the body or
// headers can change it.
import { findOrganisation, organisationIdFromRoleName, type Organisation } from '@cter/config';
import { NotAuthenticated } from '@cter/domain';

export interface Caller {
  regionId: string;
  organisation: Organisation;
  /** The assumed-role ARN; identifies the calling system, never a natural person. */
  principalArn: string;
}

export interface RequestIdentity {
  userArn?: string | null;
}

const ASSUMED_ROLE = /^arn:aws[a-z-]*:sts::(\d{12}):assumed-role\/([\w+=,.@-]{1,64})\/[\w+=,.@-]{2,64}$/;

/** Resolves the organisation of the signed request; throws NotAuthenticated for anything else. */
export function callerFromIdentity(identity: RequestIdentity | undefined, regionId: string): Caller {
  const arn = identity?.userArn ?? '';
  const match = ASSUMED_ROLE.exec(arn);
  if (!match) throw new NotAuthenticated('the request is not signed by a partner organisation role');
  const organisationId = organisationIdFromRoleName(regionId, match[2]!);
  const organisation = organisationId ? findOrganisation(regionId, organisationId) : undefined;
  if (!organisation) throw new NotAuthenticated(`the calling role is not a partner organisation of region ${regionId}`);
  return { regionId, organisation, principalArn: arn };
}

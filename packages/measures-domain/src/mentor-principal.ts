// A ONE-on-ONE mentor is bound to the signed principal, never named by the request. The ONE-on-ONE
// organisation's system assumes its role with the mentor's id as the role session name, so the
// principal the gateway verified reads `arn:aws:sts::<account>:assumed-role/<role>/<mentorId>`
// (and CloudTrail and every audit record name that session). A session whose name is not a mentor
// id is the organisation's system itself.
import { ENTITY_ID_PATTERN } from './entity-id';

const ASSUMED_ROLE = /^arn:aws[a-z-]*:sts::\d{12}:assumed-role\/[\w+=,.@-]{1,64}\/([\w+=,.@-]{2,64})$/;

/** The role session name of an assumed-role principal ARN; undefined for any other ARN. */
export function sessionNameOf(principalArn: string): string | undefined {
  return ASSUMED_ROLE.exec(principalArn)?.[1];
}

/**
 * The mentor id the caller's role session names, for a caller of the mentoring organisation; undefined
 * for other organisations and for a session name that cannot be a mentor id. Whether that mentor is
 * in the region's pool is the handler's question (measure-access.ts).
 */
export function mentorSessionOf(caller: { organisation: { type: string }; principalArn: string }): string | undefined {
  if (caller.organisation.type !== 'mentoring') return undefined;
  const name = sessionNameOf(caller.principalArn);
  // The pattern itself, not the EntityId schema: every mentor-facing function asks this, and a
  // schema would be built (and zod loaded) at its start for one regular expression.
  return name !== undefined && ENTITY_ID_PATTERN.test(name) ? name : undefined;
}

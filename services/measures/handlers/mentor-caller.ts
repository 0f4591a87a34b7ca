// Which mentor calls, from the signed principal only (domain/mentor-principal.ts): a role session of
// the ONE-on-ONE organisation named by the id of a mentor of this region's pool.
import type { Caller } from '@cter/access';
import { NotAllowed } from '@cter/domain';
import { mentorSessionOf } from '@cter/measures-domain/mentor-principal';
import { region } from '../adapters/environment';
import * as measures from '../adapters/measures-repository';

/**
 * The mentor the caller is: a role session of the ONE-on-ONE organisation named by the id of a mentor
 * of this region's pool (mentor-principal.ts); undefined when the organisation's system itself calls.
 */
export async function callingMentor(caller: Caller): Promise<string | undefined> {
  const mentorId = mentorSessionOf(caller);
  if (mentorId === undefined) return undefined;
  const mentor = await measures.getMentor(mentorId);
  return mentor && mentor.regionId === region.id ? mentorId : undefined;
}

/** A mentor logs sessions and reads their mentee's measure; matching, lifecycle, notes and the pool are the organisation's. */
export async function assertNotMentor(caller: Caller): Promise<void> {
  const mentorId = await callingMentor(caller);
  if (mentorId !== undefined) throw new NotAllowed(`mentor ${mentorId} logs sessions and reads their mentee's measure; this is for the ONE-on-ONE organisation's system`);
}

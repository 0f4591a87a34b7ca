// Records the matched mentor on a ONE-on-ONE measure. Only the owning mentoring organisation does
// this, and only before the measure has ended: the mentor id decides who may read the measure.
import * as z from 'zod/mini';
import { InvalidTransition, ValidationFailed } from '@cter/domain';
import { ONE_ON_ONE_MEASURE_ID } from '../catalogue/ids';
import { type ActionContext, parseContext } from './action-context';
import { hasEnded, type Measure } from './measure';
import { assertOwner } from './measure-lifecycle';
import { EntityId } from './references';
import { parseInput } from './validation';

export const MentorAssignmentInput = /* @__PURE__ */ (() => z.strictObject({ mentorId: EntityId }).check(z.describe('The mentor matched to the young person')))();
export type MentorAssignmentInput = z.infer<typeof MentorAssignmentInput>;

export function assignMentor(measure: Measure, input: MentorAssignmentInput, context: ActionContext): Measure {
  const { mentorId } = parseInput(MentorAssignmentInput, input, 'mentor assignment');
  const { actor } = parseContext(context);
  if (measure.catalogueId !== ONE_ON_ONE_MEASURE_ID) throw new ValidationFailed(`measure ${measure.measureId} is not a ONE-on-ONE trajectory`);
  assertOwner(measure, actor.organisationId, 'assign its mentor');
  if (hasEnded(measure)) throw new InvalidTransition(`measure ${measure.measureId} has ended`);
  return { ...measure, mentorId };
}

// Records the matched mentor on a ONE-on-ONE measure. Only the owning mentoring organisation does
// this, and only before the measure has ended: the mentor id decides who may read the measure.
import { InvalidTransition, ValidationFailed } from '@cter/domain';
import { ONE_ON_ONE_MEASURE_ID } from '../catalogue/ids';
import type { ActionContext } from './action-context';
import { hasEnded, type Measure } from './measure';
import { assertOwner } from './measure-lifecycle';

/** The mentor matched to the young person: a mentor of the region's pool (the handler found it there). */
export interface MentorAssignmentInput {
  mentorId: string;
}

export function assignMentor(measure: Measure, { mentorId }: MentorAssignmentInput, context: ActionContext): Measure {
  const { actor } = context;
  if (measure.catalogueId !== ONE_ON_ONE_MEASURE_ID) throw new ValidationFailed(`measure ${measure.measureId} is not a ONE-on-ONE trajectory`);
  assertOwner(measure, actor.organisationId, 'assign its mentor');
  if (hasEnded(measure)) throw new InvalidTransition(`measure ${measure.measureId} has ended`);
  return { ...measure, mentorId };
}

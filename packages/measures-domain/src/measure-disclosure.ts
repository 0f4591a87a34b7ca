// Disclosure of a measure's content (notes, result explanation) to other participants under the
// covenant. The owner decides, because the owner is the one bound by professional secrecy; the
// disclosure itself is recorded by the covenant service, this only keeps who may now read.
import * as z from 'zod/mini';
import { type ActionContext, parseContext } from './action-context';
import type { Measure } from './measure';
import { assertOwner } from './measure-lifecycle';
import { OrganisationId } from './references';
import { parseInput } from './validation';

export const MeasureDisclosureInput = z
  .strictObject({
    /** Organisations that may read the content; an empty list withdraws every disclosure (e.g. consent withdrawn). */
    disclosedTo: z.array(OrganisationId).check(
      z.maxLength(50, 'at most 50 organisations'),
      z.refine((ids) => new Set(ids).size === ids.length, 'organisations must be unique'),
    ),
  })
  .check(z.describe('Who may read the content of a measure (verstrekking onder het convenant)'));
export type MeasureDisclosureInput = z.infer<typeof MeasureDisclosureInput>;

export function setMeasureDisclosure(measure: Measure, input: MeasureDisclosureInput, context: ActionContext): Measure {
  const { disclosedTo } = parseInput(MeasureDisclosureInput, input, 'measure disclosure');
  const { actor } = parseContext(context);
  assertOwner(measure, actor.organisationId, 'disclose its content');
  return { ...measure, disclosedTo: disclosedTo.filter((id) => id !== measure.owner.organisationId) };
}

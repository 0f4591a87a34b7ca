// Progress notes (voortgangsnotities) on a measure. Only the owner organisation writes them: it
// carries the professional responsibility, and notes of others would blur whose account it is.
import * as z from 'zod/mini';
import { Conflict } from '@cter/domain';
import { type ActionContext, parseContext } from './action-context';
import { hasEnded, type Measure } from './measure';
import { assertOwner } from './measure-lifecycle';
import { EntityId } from './references';
import { parseInput } from './validation';

export const ProgressNoteInput = /* @__PURE__ */ (() => z
  .strictObject({
    noteId: EntityId,
    text: z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(8000, 'at most 8000 characters')),
  })
  .check(z.describe('A progress note on a measure (voortgangsnotitie)')))();
export type ProgressNoteInput = z.infer<typeof ProgressNoteInput>;

export function addProgressNote(measure: Measure, input: ProgressNoteInput, context: ActionContext): Measure {
  const note = parseInput(ProgressNoteInput, input, 'progress note');
  const { actor, at } = parseContext(context);
  assertOwner(measure, actor.organisationId, 'write progress notes on it');
  // An ended measure's record is closed; later insights belong in the case evaluation.
  if (hasEnded(measure)) throw new Conflict(`measure ${measure.measureId} has ended; its notes are closed`);
  if (measure.notes.some((n) => n.noteId === note.noteId)) throw new Conflict(`note ${note.noteId} exists already`);
  return { ...measure, notes: [...measure.notes, { noteId: note.noteId, writtenAt: at, authorOrganisationId: actor.organisationId, text: note.text }] };
}

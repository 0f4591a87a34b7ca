// Progress notes (voortgangsnotities) on a measure. Only the owner organisation writes them: it
// carries the professional responsibility, and notes of others would blur whose account it is.
import { Conflict } from '@cter/domain';
import type { ActionContext } from './action-context';
import { hasEnded, type Measure } from './measure';
import { assertOwner } from './measure-lifecycle';

/** A note as the route parsed it (ProgressNoteRequest: trimmed, 1 to 8000 characters) with its id. */
export interface ProgressNoteInput {
  noteId: string;
  text: string;
}

/** Adds the note, typed, not parsed again: the route validated the text, the handler chose the id. */
export function addProgressNote(measure: Measure, note: ProgressNoteInput, context: ActionContext): Measure {
  const { actor, at } = context;
  assertOwner(measure, actor.organisationId, 'write progress notes on it');
  // An ended measure's record is closed; later insights belong in the case evaluation.
  if (hasEnded(measure)) throw new Conflict(`measure ${measure.measureId} has ended; its notes are closed`);
  if (measure.notes.some((n) => n.noteId === note.noteId)) throw new Conflict(`note ${note.noteId} exists already`);
  return { ...measure, notes: [...measure.notes, { noteId: note.noteId, writtenAt: at, authorOrganisationId: actor.organisationId, text: note.text }] };
}

// What a participant sees of a measure. The owner (and a mentor for their own mentee) sees all;
// other participants see status and dates only, unless the owner disclosed the content to them.
// The case-level check (is the viewer a participant at all) happens before, in @cter/access.
import { NotAllowed } from '@cter/domain';
import type { Measure, MeasureOutcome, MeasureStatus, ProgressNote } from './measure';
import { assertMentorMaySee } from './mentor-access';
import type { OrganisationRef } from './references';

/**
 * The participant reading a measure, from the verified caller (the signed principal, never a
 * request): typed, not parsed, as the platform composes it.
 */
export interface MeasureViewer {
  organisationId: string;
  /** Set when the reader is an individual ONE-on-ONE mentor rather than the organisation. */
  mentorId?: string;
}

export interface MeasureStatusView {
  access: 'status';
  measureId: string;
  catalogueId: string;
  owner: OrganisationRef;
  status: MeasureStatus;
  start: string;
  plannedEnd: string;
  startedOn?: string;
  endedOn?: string;
  /** The result category, without its explanation. */
  outcome?: MeasureOutcome;
}

export interface MeasureContentView extends Omit<MeasureStatusView, 'access'> {
  access: 'owner' | 'mentor' | 'disclosed';
  goalIds: string[];
  result?: { outcome: MeasureOutcome; explanation?: string };
  notes: ProgressNote[];
  /** Only the owner sees to whom it disclosed. */
  disclosedTo?: string[];
  mentorId?: string;
}

export type MeasureView = MeasureStatusView | MeasureContentView;

function statusFields(measure: Measure): Omit<MeasureStatusView, 'access'> {
  const view: Omit<MeasureStatusView, 'access'> = {
    measureId: measure.measureId,
    catalogueId: measure.catalogueId,
    owner: measure.owner,
    status: measure.status,
    start: measure.start,
    plannedEnd: measure.plannedEnd,
  };
  if (measure.startedOn) view.startedOn = measure.startedOn;
  if (measure.endedOn) view.endedOn = measure.endedOn;
  if (measure.result) view.outcome = measure.result.outcome;
  return view;
}

function contentView(measure: Measure, access: MeasureContentView['access']): MeasureContentView {
  const view: MeasureContentView = { ...statusFields(measure), access, goalIds: measure.goalIds, notes: measure.notes };
  if (measure.result) view.result = measure.result;
  if (access === 'owner') view.disclosedTo = measure.disclosedTo;
  if (measure.mentorId && access !== 'disclosed') view.mentorId = measure.mentorId;
  return view;
}

export function measureView(measure: Measure, who: MeasureViewer): MeasureView {
  if (who.mentorId !== undefined) {
    // A mentor reads as a person: even inside the owning organisation only their own mentee's measure.
    if (who.organisationId !== measure.owner.organisationId) throw new NotAllowed('a mentor reads only measures of their own programme');
    assertMentorMaySee(who.mentorId, measure);
    return contentView(measure, 'mentor');
  }
  if (who.organisationId === measure.owner.organisationId) return contentView(measure, 'owner');
  if (measure.disclosedTo.includes(who.organisationId)) return contentView(measure, 'disclosed');
  return { access: 'status', ...statusFields(measure) };
}

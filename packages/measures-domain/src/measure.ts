// A measure (maatregel) in a case's package: which catalogue measure, who owns it, when it runs,
// its status and what the owner recorded. The shape every lifecycle and view function works on.
import * as z from 'zod/mini';
import type { RegionId } from '@cter/config';
import type { OrganisationRef } from './references';

export const MEASURE_STATUSES = [
  'proposed', // voorgesteld: in the plan, not started
  'active', // lopend
  'completed', // afgerond
  'stopped', // voortijdig gestopt
] as const;
export const MeasureStatus = /* @__PURE__ */ (() => z.enum(MEASURE_STATUSES).check(z.describe('Status of a measure (status maatregel)')))();
export type MeasureStatus = z.infer<typeof MeasureStatus>;

export const MEASURE_OUTCOMES = [
  'goal-achieved', // doel bereikt
  'partly-achieved', // doel deels bereikt
  'not-achieved', // doel niet bereikt
  'stopped-early', // voortijdig beeindigd
] as const;
export const MeasureOutcome = /* @__PURE__ */ (() => z.enum(MEASURE_OUTCOMES).check(z.describe('Result of a measure (resultaat)')))();
export type MeasureOutcome = z.infer<typeof MeasureOutcome>;

export interface MeasureResult {
  outcome: MeasureOutcome;
  /** Content: visible to the owner and to organisations it was disclosed to only. */
  explanation?: string;
}

export interface ProgressNote {
  noteId: string;
  writtenAt: string;
  authorOrganisationId: string;
  /** Content: visible to the owner and to organisations it was disclosed to only. */
  text: string;
}

export interface StatusChange {
  from: MeasureStatus;
  to: MeasureStatus;
  at: string;
  by: string;
}

export interface Measure {
  measureId: string;
  caseId: string;
  regionId: RegionId;
  planId: string;
  catalogueId: string;
  catalogueVersion: string;
  owner: OrganisationRef;
  /** Goals of the plan this measure works towards. */
  goalIds: string[];
  /** Planned start and end (YYYY-MM-DD). */
  start: string;
  plannedEnd: string;
  status: MeasureStatus;
  /** When an adopted plan assigned the measure to its owner; a measure starts only after that. */
  assignedAt?: string;
  startedOn?: string;
  endedOn?: string;
  result?: MeasureResult;
  notes: ProgressNote[];
  /** Organisations the owner disclosed the content to under the covenant. */
  disclosedTo: string[];
  /**
   * Set once its owner wrote a progress note on it (stored beside the plan): from then on a revision
   * may not give the measure another owner or type, so nobody takes the owner's notes over.
   */
  contentWritten?: boolean;
  /** For ONE-on-ONE: the matched mentor, the only mentor who may see this measure. */
  mentorId?: string;
  statusHistory: StatusChange[];
}

/** True once the measure has ended, whichever way. */
export function hasEnded(measure: Pick<Measure, 'status'>): boolean {
  return measure.status === 'completed' || measure.status === 'stopped';
}

// Domain events of the measures service. Information-poor on purpose: ids, type, region and
// confidentiality only. Not even the measure type travels, because a catalogue id such as
// forensic-care reveals health data; receivers fetch details under their own access rights.
import type { RegionId } from '@cter/config';
import type { Measure } from './measure';

/** Every event about a case is confidential; the level tells a bus or archive how to handle it. */
export const EVENT_CONFIDENTIALITY = 'confidential' as const;

interface EventBase {
  /** Deterministic, so publishing the same fact twice is idempotent downstream. */
  eventId: string;
  occurredAt: string;
  regionId: RegionId;
  caseId: string;
  confidentiality: typeof EVENT_CONFIDENTIALITY;
}

export interface MeasureAssigned extends EventBase {
  type: 'measure.assigned';
  planId: string;
  planVersion: number;
  measureId: string;
  ownerOrganisationId: string;
}

export interface MeasureStarted extends EventBase {
  type: 'measure.started';
  measureId: string;
  ownerOrganisationId: string;
}

/** Carries no outcome: the result is content of the owner. */
export interface MeasureEnded extends EventBase {
  type: 'measure.ended';
  measureId: string;
  ownerOrganisationId: string;
}

export type MeasureEvent = MeasureAssigned | MeasureStarted | MeasureEnded;
export type MeasuresDomainEvent = MeasureEvent;

function base(measure: Pick<Measure, 'regionId' | 'caseId'>, eventId: string, occurredAt: string): EventBase {
  return { eventId, occurredAt, regionId: measure.regionId, caseId: measure.caseId, confidentiality: EVENT_CONFIDENTIALITY };
}

export function measureAssigned(measure: Measure, planVersion: number, occurredAt: string): MeasureAssigned {
  return {
    ...base(measure, `${measure.caseId}/${measure.measureId}/v${planVersion}/measure.assigned`, occurredAt),
    type: 'measure.assigned',
    planId: measure.planId,
    planVersion,
    measureId: measure.measureId,
    ownerOrganisationId: measure.owner.organisationId,
  };
}

export function measureStarted(measure: Measure, occurredAt: string): MeasureStarted {
  return {
    ...base(measure, `${measure.caseId}/${measure.measureId}/measure.started`, occurredAt),
    type: 'measure.started',
    measureId: measure.measureId,
    ownerOrganisationId: measure.owner.organisationId,
  };
}

export function measureEnded(measure: Measure, occurredAt: string): MeasureEnded {
  return {
    ...base(measure, `${measure.caseId}/${measure.measureId}/measure.ended`, occurredAt),
    type: 'measure.ended',
    measureId: measure.measureId,
    ownerOrganisationId: measure.owner.organisationId,
  };
}

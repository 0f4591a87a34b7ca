// Domain events other systems want, as CloudEvents 1.0 envelopes that carry ids, type, region and
// confidentiality only: receivers fetch details through the API under their own access rights.
import type { CaseState } from '@cter/domain';

export interface CaseEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  time: string;
  subject: string;
  datacontenttype: 'application/json';
  data: { caseId: string; region: string; caseNumber?: string; confidentiality: 'special-category-personal-data' };
}

/** Event type of a state change, or undefined when the change is not one partners subscribe to. */
const STATE_EVENTS: Partial<Record<CaseState, string>> = {
  'no-action': 'weighing.decided',
  'admission-proposed': 'weighing.decided',
  consultation: 'case.admitted',
  rejected: 'case.rejected',
  referred: 'case.referred',
  monitoring: 'plan.adopted',
  aftercare: 'case.scaled_down',
  transferred: 'case.transferred',
  closed: 'case.closed',
};

export function stateChangeEventType(from: CaseState | undefined, to: CaseState): string | undefined {
  if (from === to) return undefined;
  if (from === 'admission-proposed' && to === 'consultation') return 'case.admitted';
  return STATE_EVENTS[to];
}

export function caseEvent(type: string, region: string, caseId: string, id: string, time: string, caseNumber?: string): CaseEvent {
  return {
    specversion: '1.0',
    id,
    source: `urn:cter:${region}:cases`,
    type: `nl.cter.${type}`,
    time,
    subject: caseId,
    datacontenttype: 'application/json',
    data: { caseId, region, ...(caseNumber ? { caseNumber } : {}), confidentiality: 'special-category-personal-data' },
  };
}

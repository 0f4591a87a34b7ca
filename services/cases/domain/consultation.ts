// The case consultation (individueel casusoverleg) as a record: the process director (or the directing
// municipality) schedules it with a date, attendees and agenda, and records its outcome and decisions
// afterwards. Each is a new version of the case with its history event. Pure logic: no AWS here.
import { takesPart, type CaseViewLevel } from '@cter/access';
import { findOrganisation } from '@cter/config';
import { byCodeUnits, Conflict, EARLY_STATES, FINAL_STATES, InvalidTransition, ValidationFailed, type ConsultationOutcomeRequest, type ErrorDetail, type ScheduleConsultationRequest } from '@cter/domain';
import { MAX_INVITATION_DAYS, type CaseRecord, type HistoryEvent } from '@cter/case-store';

export interface ConsultationDecision {
  decisionId: string;
  text: string;
  owner?: string;
}

export interface ConsultationRecord {
  consultationId: string;
  caseId: string;
  status: 'scheduled' | 'held';
  scheduledAt: string;
  attendees: string[];
  agenda: string[];
  scheduledBy: string;
  createdAt: string;
  outcome?: { summary: string; decisions: ConsultationDecision[]; absent: string[]; recordedAt: string; recordedBy: string };
}

const DAY_MS = 86_400_000;
/** A consultation already held may be entered late, up to this many days after it. */
export const CONSULTATION_PAST_DAYS = 30;

/** The detail for an organisation that does not take part in the case at `at`, if it does not. */
function outsider(record: CaseRecord, id: string, path: string, at: Date): ErrorDetail[] {
  const organisation = findOrganisation(record.regionId, id);
  if (!organisation) return [{ path, message: `${id} is not a partner organisation of ${record.regionId}` }];
  if (takesPart(record.regionId, organisation, record, at)) return [];
  return [{ path, message: `${id} does not take part in the case at that moment (core partners of the case, the ZVH, the specialist R&E, partners invited until then)` }];
}

const event = (record: CaseRecord, type: string, consultationId: string, organisationId: string, at: string): HistoryEvent => ({
  version: record.version + 1,
  type,
  at,
  organisationId,
  fromState: record.state,
  toState: record.state,
  fields: [`consultation:${consultationId}`],
});

/** Schedules a consultation of an admitted, running case; every attendee must take part in the case then. */
export function scheduleConsultation(
  record: CaseRecord,
  request: ScheduleConsultationRequest,
  consultationId: string,
  scheduledBy: string,
  at: string,
): { record: CaseRecord; event: HistoryEvent; consultation: ConsultationRecord } {
  if (!record.admission || EARLY_STATES.has(record.state) || FINAL_STATES.has(record.state)) {
    throw new InvalidTransition(`consultations are held on admitted, running cases; this case is in ${record.state}`);
  }
  const now = Date.parse(at);
  const when = Date.parse(request.scheduledAt);
  if (when < now - CONSULTATION_PAST_DAYS * DAY_MS || when > now + MAX_INVITATION_DAYS * DAY_MS) {
    throw new ValidationFailed('the consultation date is out of range', [{ path: 'scheduledAt', message: `from ${CONSULTATION_PAST_DAYS} days ago to ${MAX_INVITATION_DAYS} days ahead` }]);
  }
  // Invited partners must still be invited when the consultation takes place.
  const details = request.attendees.flatMap((id, i) => outsider(record, id, `attendees.${i}`, new Date(Math.max(now, when))));
  if (details.length) throw new ValidationFailed('every attendee must take part in the case', details);
  const scheduledAt = new Date(when).toISOString();
  const consultation: ConsultationRecord = { consultationId, caseId: record.caseId, status: 'scheduled', scheduledAt, attendees: [...request.attendees], agenda: [...request.agenda], scheduledBy, createdAt: at };
  return { record: { ...record, version: record.version + 1, updatedAt: at }, event: event(record, 'consultation.scheduled', consultationId, scheduledBy, at), consultation };
}

/** Refuses decision owners that take no part in the case; checked before the consultation is looked up. */
export function checkDecisionOwners(record: CaseRecord, request: ConsultationOutcomeRequest, at: string): void {
  const details = request.decisions.flatMap((d, i) => (d.owner ? outsider(record, d.owner, `decisions.${i}.owner`, new Date(at)) : []));
  if (details.length) throw new ValidationFailed('every decision owner must take part in the case', details);
}

/** Records the outcome of a consultation that took place; once. */
export function recordConsultationOutcome(
  record: CaseRecord,
  consultation: ConsultationRecord,
  request: ConsultationOutcomeRequest,
  recordedBy: string,
  at: string,
  newId: () => string,
): { record: CaseRecord; event: HistoryEvent; consultation: ConsultationRecord } {
  if (consultation.status === 'held') throw new Conflict(`the outcome of consultation ${consultation.consultationId} is recorded already`);
  if (consultation.scheduledAt > at) throw new Conflict(`consultation ${consultation.consultationId} has not taken place yet (it is at ${consultation.scheduledAt})`);
  const absent = request.absent ?? [];
  const strangers = absent.flatMap((id, i) => (consultation.attendees.includes(id) ? [] : [{ path: `absent.${i}`, message: `${id} is not an attendee of the consultation` }]));
  if (strangers.length) throw new ValidationFailed('only attendees can be absent', strangers);
  const decisions = request.decisions.map((d) => ({ decisionId: newId(), text: d.text, ...(d.owner ? { owner: d.owner } : {}) }));
  const held: ConsultationRecord = { ...consultation, status: 'held', outcome: { summary: request.summary, decisions, absent: [...absent], recordedAt: at, recordedBy } };
  return { record: { ...record, version: record.version + 1, updatedAt: at }, event: event(record, 'consultation.held', consultation.consultationId, recordedBy, at), consultation: held };
}

/** The consultations the caller may see, by date: all of them, or for an invited partner the ones it attends. */
export function visibleConsultations(consultations: readonly ConsultationRecord[], level: CaseViewLevel, organisationId: string): ConsultationRecord[] {
  const seen = level === 'invited' ? consultations.filter((c) => c.attendees.includes(organisationId)) : [...consultations];
  return seen.sort((a, b) => byCodeUnits(a.scheduledAt, b.scheduledAt) || byCodeUnits(a.consultationId, b.consultationId));
}

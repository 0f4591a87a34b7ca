// The measures service's items in the region's cases table, and their keys. Everything about one
// case lives under its partition (pk CASE#<id>), so retention deletes it with the case; mentors and
// the de-identified evaluation records have partitions of their own and hold no case ids.
//
//   CASE#<caseId>   PLAN                           the current plan: content + live measures (rev = lock)
//   CASE#<caseId>   PLAN#v0003                     what version 3 said when drafted; adoption added later
//   CASE#<caseId>   NOTE#<measureId>#<noteId>      a progress note (content of the owner)
//   CASE#<caseId>   SESSION#<measureId>#<id>       a ONE-on-ONE session (content of the mentor)
//   CASE#<caseId>   EVENT#<eventId>                outbox: measure.* events, expire after 30 days
//   MENTORS         MENTOR#<mentorId>              the region's mentor pool with capacity
//   EVALUATION#<q>  <measureType>#<uuid>           one ended measure, de-identified, per quarter
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { EntityItem } from '@cter/store';
import type { EvaluationRecord, Mentor, MeasuresDomainEvent, Plan, ProgressNote, Session } from '@cter/measures-domain';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export const caseKey = (caseId: string) => `CASE#${caseId}`;
export const planKey = (caseId: string) => ({ pk: caseKey(caseId), sk: 'PLAN' });
export const planVersionKey = (caseId: string, version: number) => ({ pk: caseKey(caseId), sk: `PLAN#v${String(version).padStart(4, '0')}` });
export const notePrefix = (measureId: string) => `NOTE#${measureId}#`;
export const sessionPrefix = (measureId: string) => `SESSION#${measureId}#`;
export const noteKey = (caseId: string, measureId: string, noteId: string) => ({ pk: caseKey(caseId), sk: `${notePrefix(measureId)}${noteId}` });
export const sessionKey = (caseId: string, measureId: string, sessionId: string) => ({ pk: caseKey(caseId), sk: `${sessionPrefix(measureId)}${sessionId}` });
export const eventKey = (caseId: string, eventId: string) => ({ pk: caseKey(caseId), sk: `EVENT#${eventId}` });
export const MENTORS_PK = 'MENTORS';
export const mentorKey = (mentorId: string) => ({ pk: MENTORS_PK, sk: `MENTOR#${mentorId}` });
export const evaluationPk = (quarter: string) => `EVALUATION#${quarter}`;

/** Outbox items only need to live until the publisher has read the stream (24 hours); 30 days is slack. */
const EVENT_DAYS = 30;

/** The plan item: the plan, its write lock and the case's pseudonym for evaluation records. */
export interface StoredPlan {
  plan: Plan;
  /** Increases with every write to the plan item (content and measure lifecycle); writes are conditional on it. */
  rev: number;
  /** Random, never derived from an identifier; links a case's evaluation records only while the case exists. */
  personKey: string;
}

/** What a version records: the content the consultation discussed, without the measures' later lifecycle. */
export function versionSnapshot(plan: Plan) {
  return {
    planId: plan.planId,
    version: plan.version,
    targetGroups: plan.targetGroups,
    goals: plan.goals,
    riskFactors: plan.riskFactors,
    protectiveFactors: plan.protectiveFactors,
    measures: plan.measures.map(({ measureId, catalogueId, catalogueVersion, owner, goalIds, start, plannedEnd }) => ({ measureId, catalogueId, catalogueVersion, owner, goalIds, start, plannedEnd })),
    change: plan.changes.find((c) => c.toVersion === plan.version),
  };
}
export type PlanVersionSnapshot = ReturnType<typeof versionSnapshot>;

export interface StoredPlanVersion {
  content: PlanVersionSnapshot;
  draftedAt: string;
  draftedBy: string;
  status: 'draft' | 'adopted';
  adoption?: Plan['adoption'];
}

export function planItem(stored: StoredPlan): EntityItem {
  return { ...planKey(stored.plan.caseId), entity: 'plan', caseId: stored.plan.caseId, rev: stored.rev, personKey: stored.personKey, plan: stored.plan };
}

export function planVersionItem(plan: Plan, at: string, by: string): EntityItem {
  const version: StoredPlanVersion = { content: versionSnapshot(plan), draftedAt: at, draftedBy: by, status: 'draft' };
  return { ...planVersionKey(plan.caseId, plan.version), entity: 'plan-version', caseId: plan.caseId, ...version };
}

export function noteItem(caseId: string, measureId: string, note: ProgressNote): EntityItem {
  return { ...noteKey(caseId, measureId, note.noteId), entity: 'note', caseId, measureId, ...note };
}

export function sessionItem(caseId: string, session: Session): EntityItem {
  return { ...sessionKey(caseId, session.measureId, session.sessionId), entity: 'session', caseId, ...session };
}

export function eventItem(event: MeasuresDomainEvent): EntityItem {
  const expiresAt = Math.floor(Date.parse(event.occurredAt) / 1000) + EVENT_DAYS * 86_400;
  return { ...eventKey(event.caseId, event.eventId), entity: 'event', ...event, expiresAt };
}

export function mentorItem(mentor: Mentor): EntityItem {
  return { ...mentorKey(mentor.mentorId), entity: 'mentor', ...mentor };
}

export function evaluationItem(record: EvaluationRecord, quarter: string, unique: string): EntityItem {
  return { pk: evaluationPk(quarter), sk: `${record.measureType}#${unique}`, entity: 'evaluation-record', ...record };
}

export function strip<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, entity: _entity, ...rest } = item;
  return rest as T;
}

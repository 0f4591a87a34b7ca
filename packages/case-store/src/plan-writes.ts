// Transaction items of the measures service's writes. Each write puts the plan item first (or
// checks it), so WriteRefused.failedAt(0) always means "the plan changed since it was read".
import { randomUUID } from 'node:crypto';
import type { EvaluationRecord, MeasuresDomainEvent, Plan, PlanAdoption, ProgressNote, Session } from '@cter/measures-domain';
import { quarterOf } from '@cter/measures-domain/dates';
import { evaluationItem, eventItem, mentorKey, noteItem, planItem, planKey, planVersionItem, planVersionKey, sessionItem, type StoredPlan, type TransactItem } from './plan-items';

/** The plan item, conditional on the revision read (`undefined`: the plan must not exist yet). */
export function putPlan(table: string, stored: StoredPlan, readRev: number | undefined): TransactItem {
  return readRev === undefined
    ? { Put: { TableName: table, Item: planItem(stored), ConditionExpression: 'attribute_not_exists(pk)' } }
    : { Put: { TableName: table, Item: planItem(stored), ConditionExpression: '#rev = :rev', ExpressionAttributeNames: { '#rev': 'rev' }, ExpressionAttributeValues: { ':rev': readRev } } };
}

/** Only checks that the plan is still the revision read (a note or session depends on its measure's state). */
export function checkPlan(table: string, caseId: string, readRev: number): TransactItem {
  return { ConditionCheck: { TableName: table, Key: planKey(caseId), ConditionExpression: '#rev = :rev', ExpressionAttributeNames: { '#rev': 'rev' }, ExpressionAttributeValues: { ':rev': readRev } } };
}

/** A new version is written once. */
export function putPlanVersion(table: string, plan: Plan, at: string, by: string): TransactItem {
  return { Put: { TableName: table, Item: planVersionItem(plan, at, by), ConditionExpression: 'attribute_not_exists(pk)' } };
}

/** Marks a drafted version as adopted; its content stays as drafted. */
export function adoptPlanVersion(table: string, caseId: string, version: number, adoption: PlanAdoption): TransactItem {
  return {
    Update: {
      TableName: table,
      Key: planVersionKey(caseId, version),
      UpdateExpression: 'SET #status = :adopted, adoption = :adoption',
      ConditionExpression: 'attribute_exists(pk) AND #status = :draft',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':adopted': 'adopted', ':draft': 'draft', ':adoption': adoption },
    },
  };
}

/** Outbox records: the table's stream carries them to whoever publishes events. Ids are deterministic. */
export function putEvents(table: string, events: readonly MeasuresDomainEvent[]): TransactItem[] {
  return events.map((event) => ({ Put: { TableName: table, Item: eventItem(event) } }));
}

export function putNote(table: string, caseId: string, measureId: string, note: ProgressNote): TransactItem {
  return { Put: { TableName: table, Item: noteItem(caseId, measureId, note), ConditionExpression: 'attribute_not_exists(pk)' } };
}

export function putSession(table: string, caseId: string, session: Session): TransactItem {
  return { Put: { TableName: table, Item: sessionItem(caseId, session), ConditionExpression: 'attribute_not_exists(pk)' } };
}

/** Takes a place of the mentor; refused when the mentor is gone or full. */
export function takeMentorPlace(table: string, mentorId: string): TransactItem {
  return {
    Update: {
      TableName: table,
      Key: mentorKey(mentorId),
      UpdateExpression: 'ADD #active :one',
      ConditionExpression: 'attribute_exists(pk) AND #active < #capacity',
      ExpressionAttributeNames: { '#active': 'activeMentees', '#capacity': 'capacity' },
      ExpressionAttributeValues: { ':one': 1 },
    },
  };
}

/** Gives a place back when the trajectory ends or the young person gets another mentor. */
export function releaseMentorPlace(table: string, mentorId: string): TransactItem {
  return {
    Update: {
      TableName: table,
      Key: mentorKey(mentorId),
      UpdateExpression: 'ADD #active :minusOne',
      ConditionExpression: 'attribute_exists(pk) AND #active > :zero',
      ExpressionAttributeNames: { '#active': 'activeMentees' },
      ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
    },
  };
}

/** The de-identified record of an ended measure, filed under the quarter it ended in. */
export function putEvaluationRecord(table: string, record: EvaluationRecord): TransactItem {
  return { Put: { TableName: table, Item: evaluationItem(record, quarterOf(record.endedOn), randomUUID()), ConditionExpression: 'attribute_not_exists(pk)' } };
}

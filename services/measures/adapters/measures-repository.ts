// The only place the measures service talks to DynamoDB. Every write of personal data carries its
// audit record in the same transaction, and every write to the plan item is conditional on the
// revision read, so two partners writing the same plan at once cannot both win. Functions, not a
// class: handlers import the module as `measures` and each bundle keeps the operations it calls.
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { byCodeUnits, Conflict } from '@cter/domain';
import { appendAudit, type AuditEntry, auditPut, cancellationReasons, dynamo, type EntityKind, guarded, queryAll } from '@cter/store';
import type { EvaluationRecord, Mentor, ProgressNote, Session } from '@cter/measures-domain';
import {
  evaluationPk,
  MENTORS_PK,
  mentorItem,
  mentorKey,
  notePrefix,
  planKey,
  planVersionKey,
  sessionPrefix,
  strip,
  caseKey,
  type StoredPlan,
  type StoredPlanVersion,
  type TransactItem,
} from '@cter/case-store';
import { auditTable, casesTable } from './environment';

/** A write was refused because a condition of one of its items failed; `index` is that item. */
export class WriteRefused extends Error {
  override name = 'WriteRefused';
  constructor(readonly reasons: string[]) {
    super(`transaction refused: ${reasons.join(',')}`);
  }
  failedAt(index: number): boolean {
    return this.reasons[index] === 'ConditionalCheckFailed';
  }
}

export async function getPlan(caseId: string): Promise<StoredPlan | undefined> {
  const out = await guarded(() => dynamo().send(new GetCommand({ TableName: casesTable, Key: planKey(caseId), ConsistentRead: true })));
  if (!out.Item) return undefined;
  return { plan: out.Item.plan, rev: Number(out.Item.rev), personKey: String(out.Item.personKey) } as StoredPlan;
}

export async function getPlanVersion(caseId: string, version: number): Promise<StoredPlanVersion | undefined> {
  const out = await guarded(() => dynamo().send(new GetCommand({ TableName: casesTable, Key: planVersionKey(caseId, version), ConsistentRead: true })));
  if (!out.Item) return undefined;
  const { caseId: _c, ...rest } = strip<StoredPlanVersion & { caseId: string }>(out.Item);
  return rest;
}

export async function notes(caseId: string, measureId: string): Promise<ProgressNote[]> {
  const items = await queryPrefix(caseKey(caseId), notePrefix(measureId));
  return items
    .map((i) => ({ noteId: String(i.noteId), writtenAt: String(i.writtenAt), authorOrganisationId: String(i.authorOrganisationId), text: String(i.text) }))
    .sort((a, b) => byCodeUnits(a.writtenAt, b.writtenAt));
}

export async function sessions(caseId: string, measureId: string): Promise<Session[]> {
  const items = await queryPrefix(caseKey(caseId), sessionPrefix(measureId));
  return items.map((i) => strip<Session & { caseId: string }>(i)).map(({ caseId: _c, ...s }) => s as Session).sort((a, b) => byCodeUnits(a.date, b.date));
}

export async function mentors(): Promise<Mentor[]> {
  const items = await queryPrefix(MENTORS_PK, 'MENTOR#');
  return items.map((i) => strip<Mentor>(i));
}

export async function getMentor(mentorId: string): Promise<Mentor | undefined> {
  const out = await guarded(() => dynamo().send(new GetCommand({ TableName: casesTable, Key: mentorKey(mentorId), ConsistentRead: true })));
  return out.Item ? strip<Mentor>(out.Item) : undefined;
}

/** Registers a mentor or changes their capacity, languages and gender; the count of mentees stays. */
export async function putMentor(mentor: Omit<Mentor, 'activeMentees'>): Promise<Mentor> {
  const out = await guarded(() =>
    dynamo().send(
      new UpdateCommand({
        TableName: casesTable,
        Key: mentorKey(mentor.mentorId),
        // Every name goes through a placeholder: several (capacity among them) are DynamoDB reserved words.
        UpdateExpression: 'SET #entity = :entity, #id = :id, #region = :region, #capacity = :capacity, #languages = :languages, #gender = :gender, #active = if_not_exists(#active, :zero)',
        ExpressionAttributeNames: { '#entity': 'entity', '#id': 'mentorId', '#region': 'regionId', '#capacity': 'capacity', '#languages': 'languages', '#gender': 'gender', '#active': 'activeMentees' },
        ExpressionAttributeValues: {
          ':entity': 'mentor' satisfies EntityKind,
          ':id': mentor.mentorId,
          ':region': mentor.regionId,
          ':capacity': mentor.capacity,
          ':languages': mentor.languages,
          ':gender': mentor.gender,
          ':zero': 0,
        },
        ReturnValues: 'ALL_NEW',
      }),
    ),
  );
  return strip<Mentor>(out.Attributes ?? mentorItem({ ...mentor, activeMentees: 0 }));
}

/** The evaluation records of one quarter: one query on its partition, never a scan. */
export async function evaluationRecords(quarter: string): Promise<EvaluationRecord[]> {
  const items = await queryPrefix(evaluationPk(quarter));
  return items.map(({ personKey, measureType, targetGroup, regionId, startedOn, endedOn, outcome }) => ({ personKey, measureType, targetGroup, regionId, startedOn, endedOn, outcome }) as EvaluationRecord);
}

/** Appends the audit record of a read of personal data. */
export async function recordRead(audit: AuditEntry): Promise<void> {
  await appendAudit(auditTable, audit);
}

/**
 * Writes `items` and the audit record in one transaction. A failed condition becomes
 * WriteRefused naming the items whose condition failed; the handler decides what it means.
 */
export async function write(items: TransactItem[], audit: AuditEntry): Promise<void> {
  const all: TransactItem[] = [...items, auditPut(auditTable, audit)];
  try {
    await guarded(() => dynamo().send(new TransactWriteCommand({ TransactItems: all })));
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (!reasons) throw error;
    if (reasons.includes('ConditionalCheckFailed')) throw new WriteRefused(reasons);
    // Another transaction touched one of the items at the same moment.
    throw new Conflict('a concurrent change touched the same data; retry');
  }
}

async function queryPrefix(pk: string, prefix?: string): Promise<Record<string, unknown>[]> {
  return queryAll({
    TableName: casesTable,
    KeyConditionExpression: prefix ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
    ExpressionAttributeValues: prefix ? { ':pk': pk, ':prefix': prefix } : { ':pk': pk },
    ConsistentRead: true,
  });
}

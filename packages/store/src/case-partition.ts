// The kinds of item a case's partition (pk CASE#<caseId>) holds, named by their `entity` attribute,
// and the one read of the whole partition. Everything about one case lives there, so retention
// destroys it and subject access reports it by reading the partition, whichever service wrote the
// item. A service that adds a kind adds it here; the subject report must then say what it shows of
// it (services/covenant/domain/subject-report.ts is typed over this list). Items are typed EntityItem,
// whose `entity` is an EntityKind: a kind placed in neither list below does not compile, and
// test/e2e/recorded-writes finds any item stored under a kind placed nowhere.
import { queryAll } from './query-all';

/** Each kind under CASE#<caseId>, with the service that writes it. */
export const CASE_PARTITION_KINDS = {
  case: 'cases: the case (subject, signal, participants, detention, transfer, retention)',
  history: 'cases: one event per case version, with reasoning',
  consultation: 'cases: a case consultation with attendees, agenda and outcome',
  reference: 'cases: pointer to an idempotency record outside the partition',
  task: 'workflow: a human step with assignees, deadline and outcome',
  disclosure: 'covenant: a disclosure between partners',
  consent: 'covenant: a consent of the person',
  informing: 'covenant: informing the person, or its deferral',
  plan: 'measures: the plan of action as it stands, with the measures and their lifecycle',
  'plan-version': 'measures: what a plan version said when drafted, and its adoption',
  note: 'measures: a progress note on a measure',
  session: 'measures: a ONE-on-ONE session (duration, themes, progress scores)',
  event: 'measures: outbox copy of a measure event (ids and type)',
} as const;
export type CasePartitionKind = keyof typeof CASE_PARTITION_KINDS;

/** Kinds that live in partitions of their own (queues, pools, lookups, de-identified records), never under CASE#. */
export const OUTSIDE_CASE_PARTITION = ['case-number-counter', 'idempotency', 'subject-case', 'subject-pending', 'retention-deadline', 'informing-review', 'mentor', 'evaluation-record', 'destruction', 'covenant-version',
  // Anonymous advice requests (advice-items.ts): no person until converted; the case item then holds the thread.
  'advice-request', 'advice-summary', 'advice-retention', 'advice-fact'] as const;
type OutsideCasePartitionKind = (typeof OUTSIDE_CASE_PARTITION)[number];

/** Every kind of item the platform writes, by its `entity` attribute: the kinds placed above. */
export type EntityKind = CasePartitionKind | OutsideCasePartitionKind;
// Placed exactly once: a kind in both lists fails to compile here.
true satisfies ([CasePartitionKind & OutsideCasePartitionKind] extends [never] ? true : never);

/** Every kind, for checks of what is stored. */
// A pure IIFE, so a function bundle that never reads it does not carry the kinds (see packages/domain/src/schemas.ts).
export const ENTITY_KINDS: ReadonlySet<string> = /* @__PURE__ */ (() => new Set<EntityKind>([...(Object.keys(CASE_PARTITION_KINDS) as CasePartitionKind[]), ...OUTSIDE_CASE_PARTITION]))();

/** An item of the cases table (or a destruction record of the audit table), labelled with its placed kind. */
export interface EntityItem {
  pk: string;
  sk: string;
  entity: EntityKind;
  [attribute: string]: unknown;
}

/** Every item of the case's partition, grouped by kind in key order; an item without `entity` counts as `unlabelled`. */
export async function readCasePartition(table: string, caseId: string): Promise<Map<string, Array<Record<string, unknown>>>> {
  const items = await queryAll({ TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `CASE#${caseId}` }, ConsistentRead: true });
  const byKind = new Map<string, Array<Record<string, unknown>>>();
  for (const item of items) {
    const kind = typeof item.entity === 'string' ? item.entity : 'unlabelled';
    byKind.set(kind, [...(byKind.get(kind) ?? []), item]);
  }
  return byKind;
}

// The shape of a region's two tables: keys, indexes with what they project, TTL and stream. One
// definition, read by the CDK stack (infra/lib/data.ts builds the tables from it) and by the
// integration tests' DynamoDB Local (test/integration/support/tables.ts), so the two cannot drift.
// All key attributes are strings.

export interface IndexDefinition {
  readonly indexName: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  /** Projected besides the keys (an INCLUDE projection). */
  readonly nonKeyAttributes: readonly string[];
}

export interface TableDefinition {
  readonly partitionKey: string;
  readonly sortKey: string;
  /** Epoch seconds after which DynamoDB deletes the item. */
  readonly timeToLiveAttribute: string;
  readonly globalSecondaryIndexes: readonly IndexDefinition[];
  /** The stream's view, when the table has one. */
  readonly stream?: 'NEW_AND_OLD_IMAGES';
}

// `admission` (when and at which version the case was admitted) lets the ZVH's list leave out never-admitted cases.
const SUMMARY_ATTRIBUTES = ['caseId', 'caseNumber', 'state', 'municipality', 'createdAt', 'updatedAt', 'admission'];
const TASK_ATTRIBUTES = ['taskId', 'caseId', 'kind', 'title', 'topic', 'assignees', 'allowedOutcomes', 'status', 'createdAt', 'dueAt', 'municipality'];

/** Indexes of the cases table. Index items carry the case summary only, never personal data. */
export const CASE_INDEXES: readonly IndexDefinition[] = [
  { indexName: 'cases-by-created', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', nonKeyAttributes: SUMMARY_ATTRIBUTES },
  { indexName: 'cases-by-state', partitionKey: 'gsi2pk', sortKey: 'gsi2sk', nonKeyAttributes: SUMMARY_ATTRIBUTES },
  { indexName: 'cases-by-municipality', partitionKey: 'gsi3pk', sortKey: 'gsi3sk', nonKeyAttributes: SUMMARY_ATTRIBUTES },
];

/**
 * Open tasks of the work process by due date (GET /tasks): sparse, a task is in it while open (its
 * index keys are removed when it is decided or expires). It carries what the task list shows and
 * what narrows it (assignees, the case's municipality), nothing of the person.
 */
export const TASK_INDEX = { indexName: 'open-tasks-by-due', partitionKey: 'gsi4pk', sortKey: 'gsi4sk', nonKeyAttributes: TASK_ATTRIBUTES } as const satisfies IndexDefinition;

/** The cases table. Its stream is the outbox: new cases and decided tasks reach the work process from it. */
// In a pure IIFE, as the schemas are: esbuild cannot tell the spread is harmless and would keep this
// table in every bundle that reads TASK_INDEX (the functions read only index names).
export const CASES_TABLE: TableDefinition = /* @__PURE__ */ (() => ({
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'expiresAt',
  globalSecondaryIndexes: [...CASE_INDEXES, TASK_INDEX],
  stream: 'NEW_AND_OLD_IMAGES',
}))();

/** The append-only audit table. The TTL attribute lets retention expire records, never a function. */
export const AUDIT_TABLE: TableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'expiresAt',
  globalSecondaryIndexes: [],
};

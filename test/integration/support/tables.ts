// The cases and audit tables as CreateTable inputs for DynamoDB Local, without a synth. They mirror
// infra/lib/data.ts (keys, the four indexes and what they project); the e2e tests run the
// synthesized tables, so a drift here shows there.
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

const SUMMARY_ATTRIBUTES = ['caseId', 'caseNumber', 'state', 'municipality', 'createdAt', 'updatedAt', 'admission'];
const TASK_ATTRIBUTES = ['taskId', 'caseId', 'kind', 'title', 'topic', 'assignees', 'allowedOutcomes', 'status', 'createdAt', 'dueAt', 'municipality'];
const INDEXES = [
  { name: 'cases-by-created', n: 1, attributes: SUMMARY_ATTRIBUTES },
  { name: 'cases-by-state', n: 2, attributes: SUMMARY_ATTRIBUTES },
  { name: 'cases-by-municipality', n: 3, attributes: SUMMARY_ATTRIBUTES },
  { name: 'open-tasks-by-due', n: 4, attributes: TASK_ATTRIBUTES },
];

const keySchema = (pk: string, sk: string) => [
  { AttributeName: pk, KeyType: 'HASH' as const },
  { AttributeName: sk, KeyType: 'RANGE' as const },
];
const stringAttributes = (names: string[]) => names.map((AttributeName) => ({ AttributeName, AttributeType: 'S' as const }));

export function casesTableInput(TableName: string): CreateTableCommandInput {
  return {
    TableName,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: keySchema('pk', 'sk'),
    AttributeDefinitions: stringAttributes(['pk', 'sk', ...INDEXES.flatMap(({ n }) => [`gsi${n}pk`, `gsi${n}sk`])]),
    GlobalSecondaryIndexes: INDEXES.map(({ name, n, attributes }) => ({
      IndexName: name,
      KeySchema: keySchema(`gsi${n}pk`, `gsi${n}sk`),
      Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: attributes },
    })),
  };
}

export function auditTableInput(TableName: string): CreateTableCommandInput {
  return { TableName, BillingMode: 'PAY_PER_REQUEST', KeySchema: keySchema('pk', 'sk'), AttributeDefinitions: stringAttributes(['pk', 'sk']) };
}

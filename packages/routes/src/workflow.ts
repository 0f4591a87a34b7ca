// The workflow service's routes: the human steps (tasks) of the work process, the decisions on
// them and the process evaluation.
import { ALL_PARTNERS } from '@cter/config';
import { CaseIdPath, DecisionAccepted, DecisionRequest, ListTasksQuery, ProcessReportData, ProcessReportQuery, TaskList, TaskPage } from '@cter/domain/schemas';
import { listOpenTasksValidation } from './compiled/list-open-tasks';
import { listTasksValidation } from './compiled/list-tasks';
import { decideValidation } from './compiled/decide';
import { processReportValidation } from './compiled/process-report';
import { type RouteContract, type RouteDocs } from './route-entry';

export const listOpenTasks = {
  route: 'GET /tasks',
  allowed: ALL_PARTNERS,
  personalData: false,
  validate: listOpenTasksValidation,
} as const satisfies RouteContract;
export const listOpenTasksDocs = {
  operationId: 'listOpenTasks',
  query: ListTasksQuery,
  service: 'workflow',
  summary: 'The open tasks the caller may take across cases, by due date',
  handler: { id: 'ListOpenTasks', entry: 'services/workflow/handlers/list-open-tasks.ts', description: 'Lists the open tasks a partner may take across cases' },
  // Query on the open-task index only (no Query of the table), GetItem of the cases for the municipality check.
  grants: { cases: ['GetItem'], indexQuery: 'open-tasks-by-due', audit: 'append' },
  description:
    'The open tasks the caller may take in every case of the region (the same rule as `GET /cases/{caseId}/tasks`: a municipality those of its own cases), the earliest due first. Page with `nextCursor`.',
  responses: { 200: { description: 'One page of open tasks', schema: TaskPage } },
} as const satisfies RouteDocs;

export const listTasks = {
  route: 'GET /cases/{caseId}/tasks',
  allowed: ALL_PARTNERS,
  personalData: false,
  validate: listTasksValidation,
} as const satisfies RouteContract;
export const listTasksDocs = {
  operationId: 'listTasks',
  path: CaseIdPath,
  service: 'workflow',
  summary: 'Open decisions of the case the caller may take',
  handler: { id: 'ListTasks', entry: 'services/workflow/handlers/list-tasks.ts', description: 'Lists the open decisions a partner may take' },
  grants: { cases: ['GetItem', 'Query'], audit: 'append' },
  description: 'The open human steps of the work process that the caller may decide. They appear shortly after the step is reached (the work process runs asynchronously).',
  responses: { 200: { description: 'Open tasks of the case for the caller', schema: TaskList } },
} as const satisfies RouteDocs;

export const decide = {
  route: 'POST /cases/{caseId}/decisions',
  allowed: ALL_PARTNERS,
  personalData: true,
  idempotency: 'runner',
  validate: decideValidation,
} as const satisfies RouteContract;
export const decideDocs = {
  operationId: 'decide',
  path: CaseIdPath,
  body: DecisionRequest,
  service: 'workflow',
  summary: 'Decide a pending human step of the work process',
  handler: { id: 'PostDecision', entry: 'services/workflow/handlers/post-decision.ts', description: 'Decides a pending human step' },
  grants: { cases: ['GetItem', 'PutItem', 'UpdateItem'], audit: 'append' },
  description: 'Decides one open task with one of its `allowedOutcomes`. A plan-adoption decision names the `planVersion` it adopts. 409 when the task is no longer open.',
  responses: { 202: { description: 'The decision is recorded; the work process continues from it', schema: DecisionAccepted } },
  errors: [409],
  example: { task: '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d', outcome: 'contributed', reasoning: 'Bekend bij de politie: twee meldingen in 2025; criteria en afweging vastgelegd' },
} as const satisfies RouteDocs;

// The process evaluation: aggregated and de-identified, for the ZVH process director and the steering group (the municipalities).
export const processReport = {
  route: 'GET /reports/process',
  allowed: ['zvh', 'municipality'],
  personalData: false,
  validate: processReportValidation,
} as const satisfies RouteContract;
export const processReportDocs = {
  operationId: 'processReport',
  query: ProcessReportQuery,
  service: 'workflow',
  summary: 'De-identified process evaluation: lead times per phase, outcomes, overdue steps and escalations per quarter and year',
  handler: { id: 'ProcessReport', entry: 'services/workflow/handlers/process-report.ts', description: 'Computes the de-identified process evaluation' },
  // Query on the case summaries' index, and on case partitions for the named, non-personal attributes only (attributeQuery).
  grants: { cases: [], indexQuery: 'cases-by-created', attributeQuery: 'process-figures', audit: 'append' },
  description:
    'Computed from the cases\' history events and tasks: per quarter and per year, lead times per phase (each counted in the period its phase ended), outcomes, overdue steps, escalations and anonymous advice requests; no ids, cells of fewer than 5 cases suppressed. `Accept: text/csv` or `format=csv` answers text/csv. A range covers at most 5 years.',
  responses: {
    200: { description: 'The process evaluation', schema: ProcessReportData, alternative: { mediaType: 'text/csv', description: 'The same figures as CSV, one line per period' } },
  },
} as const satisfies RouteDocs;

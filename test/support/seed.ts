// Seeds cases in a given state straight into a region's tables through the real repository, for
// tests that need a case further along than the API can bring it in one step.
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import type { CaseState } from '@cter/domain';
import { CaseRepository } from '@cter/case-store';
import { openCase, type Participant } from '@cter/case-store';
import { seededAdmission } from './admission';
import { signalFor } from './signed-client';
import { tableName } from './tables';

process.env.AWS_ENDPOINT_URL_DYNAMODB ??= inject('twin').endpoints.dynamodb;
process.env.AWS_REGION ??= 'eu-west-1';
process.env.AWS_ACCESS_KEY_ID ??= 'local';
process.env.AWS_SECRET_ACCESS_KEY ??= 'local';

const PREFIX: Record<string, string> = { kennemerland: 'KEN', 'zaanstreek-waterland': 'ZWL', 'noord-holland-noord': 'NHN' };

export async function seedCase(regionId: string, options: { municipality: string; state: CaseState; participants: Array<Omit<Participant, 'since'>> }): Promise<string> {
  const repository = new CaseRepository({ cases: tableName(regionId, 'DataCasesTable'), audit: tableName(regionId, 'DataAuditTable') });
  const at = new Date().toISOString();
  const { record, event } = openCase({
    caseId: randomUUID(),
    caseNumber: `${PREFIX[regionId]}-SEED-${randomUUID().slice(0, 6)}`,
    regionId,
    signal: signalFor(options.municipality),
    reportingOrganisation: 'politie',
    at,
  });
  const seeded = { ...record, state: options.state, ...seededAdmission(options.state, at), participants: options.participants.map((p) => ({ ...p, since: at })) };
  await repository.create(seeded, event, { caseId: record.caseId, action: 'write', route: 'seed', organisationId: 'test', regionId, principalArn: 'test', categories: [], purpose: 'test', requestId: randomUUID() });
  return record.caseId;
}

/** Seeds a task of a case that was already decided, so a decision on it must get 409. */
export async function seedDecidedTask(regionId: string, caseId: string): Promise<string> {
  const { TaskRepository } = await import('../../services/workflow/adapters/task-repository');
  const repository = new TaskRepository({ cases: tableName(regionId, 'DataCasesTable'), audit: tableName(regionId, 'DataAuditTable') });
  const taskId = randomUUID();
  const now = new Date().toISOString();
  await repository.put({
    taskId,
    caseId,
    kind: 'evaluation',
    title: 'Evaluate the plan',
    assignees: ['zvh'],
    allowedOutcomes: ['continue'],
    status: 'done',
    createdAt: now,
    dueAt: now,
    executionArn: 'arn:aws:states:eu-west-1:000000000000:execution:seed:seed',
    stateName: 'Seed',
    token: 'seed-token',
  });
  return taskId;
}

// The task repository and the workflow's task routes (GET /cases/{caseId}/tasks, GET /tasks) against
// DynamoDB Local alone. One file: the open-task index is one partition for the whole table, so the
// tests that page through it run in sequence, with due dates of their own (before anyone else's).
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Conflict, StaleVersion } from '@cter/domain';
import type { TaskRecord } from '@cter/case-store';
import { invoke } from '../support/invoke';
import { audit, newCase } from '../support/cases';
import { useLocalAws } from '../support/local-env';

const tables = useLocalAws('workflow');
const { TaskRepository } = await import('../../../services/workflow/adapters/task-repository');
const { CaseRepository } = await import('@cter/case-store');
const listTasks = (await import('../../../services/workflow/handlers/list-tasks')).handler;
const listOpenTasks = (await import('../../../services/workflow/handlers/list-open-tasks')).handler;
const tasks = new TaskRepository(tables);
const cases = new CaseRepository(tables);

function task(caseId: string, overrides: Partial<TaskRecord> = {}): TaskRecord {
  return {
    taskId: randomUUID(),
    caseId,
    kind: 'weighing-decision',
    title: 'Weeg het signaal',
    assignees: ['municipality', 'police'],
    allowedOutcomes: ['admit', 'no-action'],
    status: 'open',
    createdAt: new Date().toISOString(),
    dueAt: '2001-01-01T00:00:00.000Z',
    executionArn: 'arn:aws:states:eu-west-1:000000000000:execution:intake:test',
    stateName: 'WeighingDecision',
    token: `token-${randomUUID()}`,
    ...overrides,
  };
}

async function storedCase(municipality = 'haarlem') {
  const opened = newCase(municipality);
  await cases.create(opened.record, opened.event, audit(opened.record.caseId));
  return opened;
}

describe('TaskRepository', () => {
  it('stores a task beside its case, lists it, and refuses the same task id twice', async () => {
    const { record } = await storedCase();
    const open = task(record.caseId);
    await tasks.put(open, record.municipality);
    expect(await tasks.get(record.caseId, open.taskId)).toEqual(open);
    expect(await tasks.list(record.caseId)).toEqual([open]);
    await expect(tasks.put(open)).rejects.toThrow();
  });

  it('decides a task once: a second decision is a Conflict, a decision on a stale case version is StaleVersion', async () => {
    const { record, event } = await storedCase();
    const open = task(record.caseId);
    await tasks.put(open, record.municipality);
    const at = new Date().toISOString();
    const next = { ...record, version: 2, updatedAt: at, state: 'weighing' as const };
    const decision = { outcome: 'admit', decidedBy: 'politie', decidedAt: at };
    await tasks.decide(open, decision, next, { ...event, version: 2, type: 'task.decided', at }, audit(record.caseId));
    expect(await tasks.get(record.caseId, open.taskId)).toMatchObject({ status: 'done', outcome: 'admit', decidedBy: 'politie' });
    await expect(tasks.decide(open, decision, { ...next, version: 3 }, { ...event, version: 3, type: 'task.decided', at }, audit(record.caseId))).rejects.toBeInstanceOf(Conflict);

    const other = task(record.caseId);
    await tasks.put(other, record.municipality);
    await expect(tasks.decide(other, decision, next, { ...event, version: 2, type: 'task.decided', at }, audit(record.caseId))).rejects.toBeInstanceOf(StaleVersion);
    expect(await tasks.get(record.caseId, other.taskId)).toMatchObject({ status: 'open' });
  });

  it('pages open tasks of an organisation type, earliest due first, and leaves expired ones out', async () => {
    const { record } = await storedCase();
    // Earlier than any other test's tasks, for an assignee no other test uses.
    const mine = [3, 1, 2].map((day) => task(record.caseId, { assignees: ['prison-service'], dueAt: `1990-01-0${day}T00:00:00.000Z` }));
    for (const t of mine) await tasks.put(t, record.municipality);
    const first = await tasks.openFor('prison-service', undefined, { limit: 2 });
    expect(first.items.map((t) => t.dueAt)).toEqual(['1990-01-01T00:00:00.000Z', '1990-01-02T00:00:00.000Z']);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await tasks.openFor('prison-service', undefined, { limit: 1, cursor: first.nextCursor! });
    expect(second.items.map((t) => t.dueAt)).toEqual(['1990-01-03T00:00:00.000Z']);

    const expired = await tasks.expire(record.caseId, (t) => t.dueAt.startsWith('1990-01-01'), 'overdue');
    expect(expired).toHaveLength(1);
    const after = await tasks.openFor('prison-service', undefined, { limit: 2 });
    expect(after.items.map((t) => t.dueAt)).toEqual(['1990-01-02T00:00:00.000Z', '1990-01-03T00:00:00.000Z']);
  });
});

describe('GET /cases/{caseId}/tasks (list-tasks)', () => {
  const read = (organisation: string, caseId: string) =>
    invoke(listTasks, organisation, { method: 'GET', resource: '/cases/{caseId}/tasks', path: `/cases/${caseId}/tasks`, pathParameters: { caseId } });

  it('shows the open tasks the caller may take, without the task token', async () => {
    const { record } = await storedCase();
    const open = task(record.caseId);
    await tasks.put(open, record.municipality);
    await tasks.put(task(record.caseId, { assignees: ['prosecutor'] }), record.municipality);
    const reply = await read('gemeente-haarlem', record.caseId);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ caseId: record.caseId, state: 'signal-received' });
    expect(reply.body.tasks.map((t: TaskRecord) => t.taskId)).toEqual([open.taskId]);
    expect(JSON.stringify(reply.body)).not.toMatch(/token-|executionArn/);
  });

  it('answers 404 for an unknown case, and for a case the caller neither sees nor has a task in', async () => {
    const { record } = await storedCase();
    expect((await read('politie', randomUUID())).status).toBe(404);
    const hidden = await read('gemeente-velsen', record.caseId);
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.code).toBe('NotFound');
  });

  it('refuses an organisation type the route does not allow with 403', async () => {
    const { record } = await storedCase();
    const reply = await read('privacy-officer', record.caseId);
    expect(reply.status).toBe(403);
    expect(reply.body.error.code).toBe('NotAllowed');
  });
});

describe('GET /tasks (list-open-tasks)', () => {
  it('lists a municipality the open tasks of its own cases, with the case number it may see', async () => {
    const haarlem = await storedCase('haarlem');
    const velsen = await storedCase('velsen');
    const ours = task(haarlem.record.caseId, { assignees: ['municipality'], dueAt: '1995-01-01T00:00:00.000Z' });
    await tasks.put(ours, 'haarlem');
    await tasks.put(task(velsen.record.caseId, { assignees: ['municipality'], dueAt: '1995-01-02T00:00:00.000Z' }), 'velsen');
    const reply = await invoke(listOpenTasks, 'gemeente-haarlem', { method: 'GET', resource: '/tasks', path: '/tasks', query: { limit: '50' } });
    expect(reply.status).toBe(200);
    const listed = reply.body.items.filter((t: { caseId: string }) => [haarlem.record.caseId, velsen.record.caseId].includes(t.caseId));
    expect(listed).toEqual([expect.objectContaining({ taskId: ours.taskId, caseNumber: haarlem.record.caseNumber, dueAt: ours.dueAt })]);
    expect(JSON.stringify(reply.body)).not.toContain('token-');
  });

  it('refuses a limit outside the contract with 422', async () => {
    const reply = await invoke(listOpenTasks, 'politie', { method: 'GET', resource: '/tasks', path: '/tasks', query: { limit: 'many' } });
    expect(reply.status).toBe(422);
    expect(reply.body.error.details[0].path).toBe('limit');
  });
});

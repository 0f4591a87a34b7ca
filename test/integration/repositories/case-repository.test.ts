// The case repository (@cter/case-store) against DynamoDB Local: a case is written with its history
// and audit record in one transaction, conditional on the version read; lists page with cursors.
import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { Conflict, StaleVersion } from '@cter/domain';
import { audit, newCase } from '../support/cases';
import { useLocalAws } from '../support/local-env';

const tables = useLocalAws('packages');
const { CaseRepository } = await import('@cter/case-store');
const { dynamo } = await import('@cter/store');
const repository = new CaseRepository(tables);

const auditCount = async (caseId: string) =>
  (await dynamo().send(new QueryCommand({ TableName: tables.audit, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `CASE#${caseId}` }, Select: 'COUNT' }))).Count;

describe('CaseRepository', () => {
  it('creates a case with its first history event and audit record, and reads it back', async () => {
    const { record, event } = newCase();
    await repository.create(record, event, audit(record.caseId));
    expect(await repository.get(record.caseId)).toEqual(record);
    expect(await repository.history(record.caseId)).toEqual([expect.objectContaining({ version: 1, type: event.type })]);
    expect(await auditCount(record.caseId)).toBe(1);
    expect(await repository.get(randomUUID())).toBeUndefined();
  });

  it('refuses to create a case id twice', async () => {
    const { record, event } = newCase();
    await repository.create(record, event, audit(record.caseId));
    await expect(repository.create(record, event, audit(record.caseId))).rejects.toBeInstanceOf(Conflict);
  });

  it('updates a case to its next version, and refuses a write from a stale version with StaleVersion, writing nothing', async () => {
    const { record, event } = newCase();
    await repository.create(record, event, audit(record.caseId));
    const at = new Date().toISOString();
    const next = { ...record, version: 2, updatedAt: at, state: 'weighing' as const };
    await repository.update(next, { ...event, version: 2, type: 'case.weighing', at }, audit(record.caseId));
    expect(await repository.get(record.caseId)).toMatchObject({ version: 2, state: 'weighing' });

    // A second writer that also read version 1.
    const stale = repository.update({ ...record, version: 2, updatedAt: at, state: 'no-action' }, { ...event, version: 2, type: 'case.no_action', at }, audit(record.caseId));
    await expect(stale).rejects.toBeInstanceOf(StaleVersion);
    await expect(stale).rejects.toThrow('version 1 is not the current version 2');
    expect(await repository.get(record.caseId)).toMatchObject({ version: 2, state: 'weighing' });
    expect(await repository.history(record.caseId)).toHaveLength(2);
    expect(await auditCount(record.caseId)).toBe(2);
  });

  it('lists a municipality newest first, a page at a time, with a cursor to the next page', async () => {
    const municipality = `test-${randomUUID().slice(0, 8)}`;
    const created: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { record, event } = newCase(municipality, new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString());
      await repository.create(record, event, audit(record.caseId));
      created.push(record.caseId);
    }
    const scope = { kind: 'municipality' as const, municipality };
    const first = await repository.list(scope, {}, { limit: 2 });
    expect(first.items.map((c) => c.caseId)).toEqual([created[4], created[3]]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await repository.list(scope, {}, { limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((c) => c.caseId)).toEqual([created[2], created[1]]);
    const last = await repository.list(scope, {}, { limit: 2, cursor: second.nextCursor! });
    expect(last.items.map((c) => c.caseId)).toEqual([created[0]]);
    expect(last.nextCursor).toBeUndefined();
    // Index items carry the summary only: nothing of the person.
    expect(JSON.stringify(first.items)).not.toContain('Repository Persoon');
    // Another municipality's scope never sees them; nor does a caller without a list scope.
    expect((await repository.list({ kind: 'municipality', municipality: 'velsen' }, { municipality }, { limit: 10 })).items).toEqual([]);
    expect((await repository.list({ kind: 'none' }, {}, { limit: 10 })).items).toEqual([]);
  });
});

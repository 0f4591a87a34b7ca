// Writes to the measures of one plan at the same time (onMeasure in services/measures/handlers/
// measure-access.ts): the case and the plan are read side by side, every write is conditional on the
// plan's revision read, and a write whose plan changed meanwhile is run again on the plan read anew.
// Against DynamoDB Local alone, with both cores busy.
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../support/invoke';
import { audit, newCase } from '../support/cases';
import { useLocalAws } from '../support/local-env';

const tables = useLocalAws('measures');
const { CaseRepository } = await import('@cter/case-store');
const measures = await import('../../../services/measures/adapters/measures-repository');
const draftPlan = (await import('../../../services/measures/handlers/draft-plan')).handler;
const addProgressNote = (await import('../../../services/measures/handlers/add-progress-note')).handler;
const cases = new CaseRepository(tables);

const OWNER = 'gemeente-haarlem';
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const measure = (plannedEnd: number) => ({ catalogueId: 'daytime-activity', owner: { organisationId: OWNER, organisationType: 'municipality' }, goalIds: ['g-school'], start: day(0), plannedEnd: day(plannedEnd) });

// Busy loops on every core while the writes race.
let spinners: Worker[] = [];
beforeAll(() => {
  spinners = Array.from({ length: Math.max(2, availableParallelism()) }, () => new Worker('for (;;) {}', { eval: true }));
});
afterAll(async () => {
  await Promise.all(spinners.map((w) => w.terminate()));
});

describe('writes to the measures of one plan at the same time', () => {
  it('each lands: the one whose plan changed meanwhile runs again on the plan read anew', async () => {
    const { record, event } = newCase();
    await cases.create({ ...record, state: 'consultation', admission: { at: record.createdAt, version: 1 } }, event, audit(record.caseId));
    const caseId = record.caseId;
    const drafted = await invoke(draftPlan, OWNER, {
      method: 'POST', resource: '/cases/{caseId}/plan', path: `/cases/${caseId}/plan`, pathParameters: { caseId },
      body: { targetGroups: ['young-adults'], goals: [{ goalId: 'g-school', lifeDomain: 'education-and-work', statement: 'Volgt vier dagen per week een opleiding' }], measures: [measure(90), measure(120), measure(180)] },
    });
    expect(drafted.status).toBe(201);
    const measureIds: string[] = drafted.body.measures.map((m: { measureId: string }) => m.measureId);

    // The first note on a measure marks it in the plan: three writes of the plan from the same revision.
    const notes = await Promise.all(measureIds.map((measureId, i) => invoke(addProgressNote, OWNER, {
      method: 'POST', resource: '/cases/{caseId}/measures/{measureId}/notes', path: `/cases/${caseId}/measures/${measureId}/notes`,
      pathParameters: { caseId, measureId }, body: { noteId: `note-${i}`, text: `Voortgang ${i}` },
    })));
    expect(notes.map((n) => n.status)).toEqual([201, 201, 201]);
    const stored = await measures.getPlan(caseId);
    expect(stored?.rev).toBe(4);
    expect(stored?.plan.measures.every((m) => m.contentWritten)).toBe(true);
  });
});

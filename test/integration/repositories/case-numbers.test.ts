// Case numbers against DynamoDB Local: the counter moves in the case's own transaction, so a case
// refused in its transaction uses no number; numbers stay unique and without gaps when execution
// environments register at the same moment (each with its own idea of the next number), both cores busy.
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Conflict } from '@cter/domain';
import type { CaseNumbering, CaseRepository as Repository } from '@cter/case-store';
import { audit, newCase } from '../support/cases';
import { useLocalAws } from '../support/local-env';

const tables = useLocalAws('packages');
const { CaseRepository } = await import('@cter/case-store');

/** A condition that fails: what a refused write put with the case (e.g. an advice request converted meanwhile) looks like. */
const refusedWrite = () => ({
  items: [{ ConditionCheck: { TableName: tables.cases, Key: { pk: `NONE#${randomUUID()}`, sk: 'NONE' }, ConditionExpression: 'attribute_exists(pk)' } }],
  conflict: 'the advice request was converted meanwhile',
});

/** Opens one case the way the handlers do; answers the number it got (the case number's last digits). */
async function register(repository: Repository, numbering: CaseNumbering, refuse = false): Promise<number> {
  const { record } = await repository.open(numbering, (caseNumber) => {
    const { record, event } = newCase();
    return { record: { ...record, caseNumber }, event, audit: audit(record.caseId), ...(refuse ? { alsoWrite: refusedWrite() } : {}) };
  });
  expect(record.caseNumber).toMatch(new RegExp(`^${numbering.prefix}-${numbering.year}-\\d{6}$`));
  return Number(record.caseNumber.slice(-6));
}

const numbering = (): CaseNumbering => ({ prefix: `T${randomUUID().slice(0, 6)}`, year: 2026 });

describe('case numbers', () => {
  it('a case refused in its transaction uses no number', async () => {
    const repository = new CaseRepository(tables);
    const counter = numbering();
    expect(await register(repository, counter)).toBe(1);
    await expect(register(repository, counter, true)).rejects.toBeInstanceOf(Conflict);
    // And in an environment that has never registered one (it reads the counter).
    await expect(register(new CaseRepository(tables), counter, true)).rejects.toBeInstanceOf(Conflict);
    expect(await register(repository, counter)).toBe(2);
    expect(await register(new CaseRepository(tables), counter)).toBe(3);
  });

  it('an environment whose next number was taken meanwhile takes the one after the counter', async () => {
    const counter = numbering();
    const warm = new CaseRepository(tables);
    const other = new CaseRepository(tables);
    expect(await register(warm, counter)).toBe(1);
    expect(await register(other, counter)).toBe(2);
    expect(await register(other, counter)).toBe(3);
    // `warm` tries 2, which `other` took: it reserves the counter's next number and builds its case again for it.
    expect(await register(warm, counter)).toBe(4);
  });

  describe('with both cores busy', () => {
    let spinners: Worker[] = [];
    beforeAll(() => {
      spinners = Array.from({ length: Math.max(2, availableParallelism()) }, () => new Worker('for (;;) {}', { eval: true }));
    });
    afterAll(async () => {
      await Promise.all(spinners.map((w) => w.terminate()));
    });

    it('environments registering at the same moment get every number once, without gaps', async () => {
      const counter = numbering();
      const environments = Array.from({ length: 12 }, () => new CaseRepository(tables));
      // Each environment registers once first, so the next round starts from numbers they believe free.
      const warmUp = await Promise.all(environments.map((r) => register(r, counter)));
      const rounds = await Promise.all(environments.flatMap((r) => [register(r, counter), register(r, counter), register(r, counter)]));
      const all = [...warmUp, ...rounds].sort((a, b) => a - b);
      expect(all).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
    }, 60_000);
  });
});

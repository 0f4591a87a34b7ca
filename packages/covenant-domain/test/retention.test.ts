// Retention deadlines come from the covenant version in force when a case reaches its final state,
// from the wasm-free version facts that every function can afford to import.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addMonths, adviceRequestDeleteAfter, AUDIT_RETENTION_YEARS, auditExpiresAt, covenantVersionAt, destructionRecord, retentionDeadline, type CovenantVersionFacts } from '../src/index';
import { readShippedSources, renderVersionsModule, VERSIONS_MODULE } from '../covenants/generate';

const rules = (signalNotTakenUpMonths: number, caseClosedMonths: number) => ({ article: '16(3)', signalNotTakenUpMonths, caseClosedMonths, transferredMonths: 12, adviceRequestMonths: signalNotTakenUpMonths });

describe('covenant version facts', () => {
  it('are generated from the shipped versions (run covenants/generate.ts if not)', () => {
    expect(readFileSync(VERSIONS_MODULE, 'utf8')).toBe(renderVersionsModule(readShippedSources()));
  });

  it('name the version in force, switching at 00:00 in the Netherlands', () => {
    expect(covenantVersionAt(new Date('2023-09-30T21:59:59.999Z')).id).toBe('cter-2018');
    expect(covenantVersionAt(new Date('2023-09-30T22:00:00.000Z')).id).toBe('cter-2023');
    expect(covenantVersionAt().id).toBe('cter-2023');
  });
});

describe('retention deadlines', () => {
  it('run from the final state: 12 months for a signal not taken up, 60 after closure, 12 after a transfer', () => {
    const at = new Date('2026-03-15T10:00:00.000Z');
    expect(retentionDeadline('no-action', at)).toEqual({ rule: 'signal-not-taken-up', months: 12, from: at.toISOString(), deleteAfter: '2027-03-15T10:00:00.000Z', covenantVersion: 'cter-2023', article: '16(3)' });
    expect(retentionDeadline('referred', at)?.rule).toBe('signal-not-taken-up');
    expect(retentionDeadline('rejected', at)?.rule).toBe('signal-not-taken-up');
    expect(retentionDeadline('closed', at)?.deleteAfter).toBe('2031-03-15T10:00:00.000Z');
    expect(retentionDeadline('transferred', at)?.rule).toBe('transferred');
  });

  it('are not set while the case is worked on', () => {
    for (const state of ['signal-received', 'weighing', 'consultation', 'monitoring', 'aftercare', 'detention', 'transfer-requested'] as const) {
      expect(retentionDeadline(state, new Date())).toBeUndefined();
    }
  });

  it('of an advice request run from its last message, by the version in force then', () => {
    const versions: CovenantVersionFacts[] = [
      { id: 'old', effectiveFrom: '2020-01-01', retention: rules(24, 120) },
      { id: 'new', effectiveFrom: '2025-01-01', retention: rules(6, 36) },
    ];
    expect(adviceRequestDeleteAfter(new Date('2024-12-31T12:00:00Z'), versions)).toEqual({ deleteAfter: '2026-12-31T12:00:00.000Z', covenantVersion: 'old', article: '16(3)' });
    expect(adviceRequestDeleteAfter(new Date('2025-01-31T12:00:00Z'), versions)).toEqual({ deleteAfter: '2025-07-31T12:00:00.000Z', covenantVersion: 'new', article: '16(3)' });
    // The shipped versions: one year.
    expect(adviceRequestDeleteAfter(new Date('2026-03-01T00:00:00Z')).deleteAfter).toBe('2027-03-01T00:00:00.000Z');
  });

  it('follow the version in force at the final state, not the one in force today', () => {
    const versions: CovenantVersionFacts[] = [
      { id: 'old', effectiveFrom: '2020-01-01', retention: rules(24, 120) },
      { id: 'new', effectiveFrom: '2025-01-01', retention: rules(6, 36) },
    ];
    expect(retentionDeadline('closed', new Date('2024-12-31T12:00:00Z'), versions)).toMatchObject({ covenantVersion: 'old', months: 120, deleteAfter: '2034-12-31T12:00:00.000Z' });
    expect(retentionDeadline('closed', new Date('2025-01-01T12:00:00Z'), versions)).toMatchObject({ covenantVersion: 'new', months: 36, deleteAfter: '2028-01-01T12:00:00.000Z' });
    expect(retentionDeadline('no-action', new Date('2025-06-01T00:00:00Z'), versions)).toMatchObject({ covenantVersion: 'new', deleteAfter: '2025-12-01T00:00:00.000Z' });
  });

  it('add calendar months, clamped to the end of a shorter month', () => {
    expect(addMonths(new Date('2024-01-31T08:00:00Z'), 1).toISOString()).toBe('2024-02-29T08:00:00.000Z');
    expect(addMonths(new Date('2023-01-31T08:00:00Z'), 1).toISOString()).toBe('2023-02-28T08:00:00.000Z');
    expect(addMonths(new Date('2024-02-29T08:00:00Z'), 12).toISOString()).toBe('2025-02-28T08:00:00.000Z');
    expect(addMonths(new Date('2026-11-30T23:30:00Z'), 60).toISOString()).toBe('2031-11-30T23:30:00.000Z');
  });
});

describe('the audit of a destroyed case', () => {
  it('expires five years after the destruction', () => {
    expect(AUDIT_RETENTION_YEARS).toBe(5);
    expect(new Date(auditExpiresAt(new Date('2031-01-02T02:15:00Z')) * 1000).toISOString()).toBe('2036-01-02T02:15:00.000Z');
  });
});

describe('destruction records', () => {
  it('name the case by its keyed pseudonym and count what was destroyed, without personal data', () => {
    const pseudonym = 'a'.repeat(64);
    const record = destructionRecord({
      casePseudonym: pseudonym,
      caseNumber: 'KEN-2026-000123',
      regionId: 'kennemerland',
      deletedItems: { case: 1, history: 7, disclosure: 2 },
      pseudonymisedAuditRecords: 4,
      deadline: { rule: 'case-closed', article: '16(3)', covenantVersion: 'cter-2023', deleteAfter: '2031-01-01T00:00:00.000Z' },
      at: new Date('2031-01-02T02:15:00Z'),
      runId: 'run-1',
    });
    expect(record).toMatchObject({ casePseudonym: pseudonym, totalDeleted: 10, pseudonymisedAuditRecords: 4, auditExpiresAt: '2036-01-02T02:15:00.000Z', destroyedAt: '2031-01-02T02:15:00.000Z' });
    expect(Object.keys(record)).not.toContain('caseId');
  });
});

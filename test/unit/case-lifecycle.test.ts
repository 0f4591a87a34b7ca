import { describe, expect, it } from 'vitest';
import { CASE_STATES, FINAL_STATES, allowedTransitions, canTransition } from '@cter/domain';
import { formatCaseNumber, openCase, transition } from '@cter/case-store';

describe('case lifecycle', () => {
  it('final states have no way out', () => {
    for (const state of FINAL_STATES) expect(allowedTransitions(state)).toEqual([]);
  });
  it('every non-final state can reach a final state', () => {
    for (const start of CASE_STATES) {
      const seen = new Set([start]);
      const queue = [start];
      while (queue.length) for (const next of allowedTransitions(queue.shift()!)) if (!seen.has(next)) (seen.add(next), queue.push(next));
      expect([...seen].some((s) => FINAL_STATES.has(s)), start).toBe(true);
    }
  });
  it('a signal cannot jump to monitoring', () => expect(canTransition('signal-received', 'monitoring')).toBe(false));
  it('transition bumps the version and records from/to', () => {
    const { record } = openCase({
      caseId: '00000000-0000-4000-8000-000000000001',
      caseNumber: formatCaseNumber('KEN', 2026, 7),
      regionId: 'kennemerland',
      signal: { subject: { name: 'x', bsn: '111222333', birthDate: '2000-01-01', municipality: 'haarlem' }, reason: 'r', reporter: { name: 'n', phone: '0612345678' } },
      reportingOrganisation: 'politie',
      at: '2026-11-30T10:00:00.000Z',
    });
    expect(record.caseNumber).toBe('KEN-2026-000007');
    const { record: next, event } = transition(record, 'weighing', 'weighing.started', 'zvh', '2026-11-30T11:00:00.000Z');
    expect(next.version).toBe(2);
    expect(event).toMatchObject({ version: 2, fromState: 'signal-received', toState: 'weighing' });
    expect(() => transition(next, 'closed', 'x', 'zvh', 'now')).toThrow(/cannot move/);
  });
});

// Object-level access by the recorded admission, over every state of the lifecycle, and the
// shaping that follows the view level: history events, rectification, invitations.
import { describe, expect, it } from 'vitest';
import { caseViewLevel, listScope, type Caller, type CaseFacts } from '@cter/access';
import { findOrganisation, organisationsOf } from '@cter/config';
import { CASE_STATES, EARLY_STATES, InvalidTransition, NotAllowed, ValidationFailed, type CaseState } from '@cter/domain';
import { assertRectifiable, inviteParticipant, openCase, revokeParticipant, transition, type CaseRecord, type HistoryEvent } from '@cter/case-store';
import { historyView } from '../../services/cases/domain/history-view';

const callerOf = (id: string, regionId = 'kennemerland'): Caller => ({ regionId, organisation: findOrganisation(regionId, id)!, principalArn: 'arn:aws:sts::000000000000:assumed-role/x/y' });
const NOW = new Date('2026-06-01T12:00:00.000Z');
const LATER = '2026-07-01T00:00:00.000Z';

function facts(state: CaseState, admitted: boolean, extra: Partial<CaseFacts> = {}): CaseFacts {
  return {
    caseId: '00000000-0000-4000-8000-000000000001',
    regionId: 'kennemerland',
    municipality: 'haarlem',
    state,
    participants: [{ organisationId: 'ggz', until: LATER }],
    ...(admitted ? { admission: { at: '2026-05-01T00:00:00.000Z', version: 9 } } : {}),
    ...extra,
  };
}

describe('caseViewLevel by the recorded admission, in every state', () => {
  it.each(CASE_STATES.map((s) => [s]))('%s', (state) => {
    for (const admitted of [false, true]) {
      const f = facts(state, admitted);
      // Core partners and the specialist R&E see the case in every state; the municipality only its own.
      expect(caseViewLevel(callerOf('politie'), f, NOW)).toBe('full');
      expect(caseViewLevel(callerOf('specialist-re'), f, NOW)).toBe('full');
      expect(caseViewLevel(callerOf('gemeente-haarlem'), f, NOW)).toBe('full');
      expect(caseViewLevel(callerOf('gemeente-velsen'), f, NOW)).toBeUndefined();
      // The ZVH and invited partners: only once admitted, whatever the state now (never in the early states).
      const expected = admitted && !EARLY_STATES.has(state);
      expect(caseViewLevel(callerOf('zvh'), f, NOW), `zvh admitted=${admitted}`).toBe(expected ? 'process' : undefined);
      expect(caseViewLevel(callerOf('ggz'), f, NOW), `ggz admitted=${admitted}`).toBe(expected ? 'invited' : undefined);
      expect(caseViewLevel(callerOf('jeugdzorg'), f, NOW)).toBeUndefined();
      expect(caseViewLevel(callerOf('privacy-officer'), f, NOW)).toBeUndefined();
      expect(caseViewLevel(callerOf('zvh', 'zaanstreek-waterland'), f, NOW)).toBeUndefined();
    }
  });

  it('an expired invitation shows nothing, even on an admitted case', () => {
    expect(caseViewLevel(callerOf('ggz'), facts('monitoring', true, { participants: [{ organisationId: 'ggz', until: '2026-05-31T00:00:00.000Z' }] }), NOW)).toBeUndefined();
  });

  it('the receiving ZVH sees an offer from another region (process view), nobody invited does', () => {
    const offered = facts('transfer-requested', false, { transferIn: { fromRegion: 'zaanstreek-waterland' } });
    expect(caseViewLevel(callerOf('zvh'), offered, NOW)).toBe('process');
    expect(caseViewLevel(callerOf('ggz'), offered, NOW)).toBeUndefined();
    // Once accepted it is weighed here: hidden again until this region admits it.
    expect(caseViewLevel(callerOf('zvh'), { ...offered, state: 'weighing' }, NOW)).toBeUndefined();
    expect(caseViewLevel(callerOf('zvh'), { ...offered, state: 'rejected' }, NOW)).toBeUndefined();
  });

  it('lists only admitted cases to the ZVH; nothing to invited partners', () => {
    expect(listScope(callerOf('zvh'))).toEqual({ kind: 'admitted' });
    expect(listScope(callerOf('ggz'))).toEqual({ kind: 'none' });
  });
});

function newCase(): CaseRecord {
  return openCase({
    caseId: '00000000-0000-4000-8000-000000000002',
    caseNumber: 'KEN-2026-000002',
    regionId: 'kennemerland',
    signal: { subject: { name: 'x', bsn: '111222333', birthDate: '2000-01-01', municipality: 'haarlem' }, reason: 'r', reporter: { name: 'n', phone: '0612345678' } },
    reportingOrganisation: 'politie',
    at: '2026-05-01T10:00:00.000Z',
  }).record;
}

/** A case walked to consultation by the lifecycle: the admission is recorded by the transition into it. */
function admittedCase(): CaseRecord {
  let record = newCase();
  for (const [to, type] of [
    ['weighing', 'weighing.started'],
    ['admission-proposed', 'weighing.decided'],
    ['consultation', 'case.admitted'],
  ] as const)
    record = transition(record, to, type, 'workflow', '2026-05-02T10:00:00.000Z').record;
  return record;
}

describe('admission is recorded on the case', () => {
  it('by the transition into consultation, once, and kept through later states', () => {
    const admitted = admittedCase();
    expect(admitted.admission).toEqual({ at: '2026-05-02T10:00:00.000Z', version: 4 });
    const monitoring = transition(admitted, 'monitoring', 'plan.adopted', 'workflow', '2026-05-03T00:00:00.000Z').record;
    const back = transition(monitoring, 'consultation', 'evaluation.escalated', 'workflow', '2026-06-03T00:00:00.000Z').record;
    const closed = transition(back, 'closed', 'case.closed', 'workflow', '2026-07-03T00:00:00.000Z').record;
    expect(closed.admission).toEqual(admitted.admission);
  });

  it('never by the weighing, a rejection, detention or a transfer', () => {
    let record = transition(newCase(), 'weighing', 'weighing.started', 'workflow', NOW.toISOString()).record;
    record = transition(record, 'transfer-requested', 'case.transfer_requested', 'workflow', NOW.toISOString()).record;
    expect(record.admission).toBeUndefined();
    const detained = transition(newCase(), 'detention', 'detention.started', 'workflow', NOW.toISOString()).record;
    expect(detained.admission).toBeUndefined();
  });
});

describe('invitations', () => {
  const invite = (record: CaseRecord, until: string) => inviteParticipant(record, { organisationId: 'ggz', role: 'consultation', until, reasoning: 'r' }, 'zvh', NOW.toISOString());

  it('are refused into a case never admitted, in any state', () => {
    const weighing = transition(newCase(), 'weighing', 'weighing.started', 'workflow', NOW.toISOString()).record;
    const noAction = transition(weighing, 'no-action', 'weighing.decided', 'workflow', NOW.toISOString()).record;
    for (const record of [weighing, noAction]) expect(() => invite(record, LATER)).toThrow(InvalidTransition);
  });

  it('are refused into a case that has ended', () => {
    const closed = transition(transition(admittedCase(), 'monitoring', 'plan.adopted', 'workflow', NOW.toISOString()).record, 'closed', 'case.closed', 'workflow', NOW.toISOString()).record;
    expect(() => invite(closed, LATER)).toThrow(InvalidTransition);
  });

  it('last at most 180 days (the longest evaluation interval)', () => {
    expect(() => invite(admittedCase(), '2026-11-28T12:00:00.000Z')).not.toThrow();
    expect(() => invite(admittedCase(), '2026-11-28T12:00:00.001Z')).toThrow(ValidationFailed);
  });

  it('are revoked once: a second revocation changes nothing', () => {
    const invited = invite(admittedCase(), LATER).record;
    const revoked = revokeParticipant(invited, 'ggz', 'zvh', NOW.toISOString())!;
    expect(revoked.record.participants).toEqual([]);
    expect(revoked.event).toMatchObject({ type: 'participant.revoked', organisationId: 'zvh', fields: ['participants.ggz'] });
    expect(revokeParticipant(revoked.record, 'ggz', 'zvh', NOW.toISOString())).toBeUndefined();
  });
});

describe('rectification touches only fields the caller can read', () => {
  it('the process view may correct the name and birth date, not the address', () => {
    expect(() => assertRectifiable({ name: 'y', birthDate: '2000-01-02' }, 'process')).not.toThrow();
    expect(() => assertRectifiable({ name: 'y', address: { street: 's', houseNumber: '1', postalCode: '2011 AA', city: 'c' } }, 'process')).toThrow(NotAllowed);
    try {
      assertRectifiable({ address: { street: 's', houseNumber: '1', postalCode: '2011 AA', city: 'c' } }, 'process');
    } catch (error) {
      expect((error as NotAllowed).details).toEqual([{ path: 'subject.address', message: expect.any(String) }]);
    }
    expect(() => assertRectifiable({ address: { street: 's', houseNumber: '1', postalCode: '2011 AA', city: 'c' } }, 'full')).not.toThrow();
    expect(() => assertRectifiable({ name: 'y' }, 'invited')).toThrow(NotAllowed);
  });
});

describe('history per view level (allowlist)', () => {
  const at = '2026-05-01T10:00:00.000Z';
  const events: HistoryEvent[] = [
    { version: 1, type: 'signal.received', at, organisationId: 'politie', toState: 'signal-received' },
    { version: 2, type: 'weighing.started', at, organisationId: 'workflow', fromState: 'signal-received', toState: 'weighing' },
    { version: 3, type: 'decision.weighing-contribution', at, organisationId: 'politie', fromState: 'weighing', toState: 'weighing', reasoning: 'known to us', fields: ['outcome:contributed', 'task:t1'] },
    { version: 4, type: 'subject.rectified', at, organisationId: 'gemeente-haarlem', fromState: 'weighing', toState: 'weighing', reasoning: 'r', fields: ['subject.address'] },
    { version: 5, type: 'weighing.decided', at, organisationId: 'workflow', fromState: 'weighing', toState: 'admission-proposed' },
    { version: 6, type: 'decision.triangle-decision', at, organisationId: 'gemeente-haarlem', fromState: 'admission-proposed', toState: 'admission-proposed', reasoning: 'r', fields: ['outcome:admit', 'task:t2'] },
    { version: 7, type: 'case.admitted', at, organisationId: 'workflow', fromState: 'admission-proposed', toState: 'consultation' },
    { version: 8, type: 'participant.invited', at, organisationId: 'zvh', fromState: 'consultation', toState: 'consultation', reasoning: 'r', fields: ['participants.ggz'] },
    { version: 9, type: 'participant.invited', at, organisationId: 'zvh', fromState: 'consultation', toState: 'consultation', reasoning: 'r', fields: ['participants.reclassering'] },
    { version: 10, type: 'subject.rectified', at, organisationId: 'zvh', fromState: 'consultation', toState: 'consultation', reasoning: 'r', fields: ['subject.name', 'subject.address'] },
    { version: 11, type: 'decision.plan-adoption', at, organisationId: 'zvh', fromState: 'consultation', toState: 'consultation', reasoning: 'r', fields: ['outcome:adopted', 'task:t3'] },
    { version: 12, type: 'plan.adopted', at, organisationId: 'workflow', fromState: 'consultation', toState: 'monitoring' },
    { version: 13, type: 'something.new', at, organisationId: 'workflow', fromState: 'monitoring', toState: 'monitoring', fields: ['secret'] },
  ];
  const admission = { at, version: 7 };

  it('full: everything, as stored', () => {
    expect(historyView(events, 'full', 'politie', admission)).toEqual(events);
  });

  it('process: early events only as state changes; later events without reasoning, outcomes of the consultation kept', () => {
    expect(historyView(events, 'process', 'zvh', admission)).toEqual([
      { version: 1, type: 'signal.received', at, toState: 'signal-received' },
      { version: 2, type: 'weighing.started', at, fromState: 'signal-received', toState: 'weighing' },
      { version: 5, type: 'weighing.decided', at, fromState: 'weighing', toState: 'admission-proposed' },
      { version: 7, type: 'case.admitted', at, organisationId: 'workflow', fromState: 'admission-proposed', toState: 'consultation' },
      { version: 8, type: 'participant.invited', at, organisationId: 'zvh', fromState: 'consultation', toState: 'consultation', fields: ['participants.ggz'] },
      { version: 9, type: 'participant.invited', at, organisationId: 'zvh', fromState: 'consultation', toState: 'consultation', fields: ['participants.reclassering'] },
      { version: 10, type: 'subject.rectified', at, organisationId: 'zvh', fromState: 'consultation', toState: 'consultation', fields: ['subject.name'] },
      { version: 11, type: 'decision.plan-adoption', at, organisationId: 'zvh', fromState: 'consultation', toState: 'consultation', fields: ['outcome:adopted'] },
      { version: 12, type: 'plan.adopted', at, organisationId: 'workflow', fromState: 'consultation', toState: 'monitoring' },
    ]);
  });

  it('invited: state changes and its own invitation, never an organisation, another participant or an outcome', () => {
    expect(historyView(events, 'invited', 'ggz', admission)).toEqual([
      { version: 1, type: 'signal.received', at, toState: 'signal-received' },
      { version: 2, type: 'weighing.started', at, fromState: 'signal-received', toState: 'weighing' },
      { version: 5, type: 'weighing.decided', at, fromState: 'weighing', toState: 'admission-proposed' },
      { version: 7, type: 'case.admitted', at, fromState: 'admission-proposed', toState: 'consultation' },
      { version: 8, type: 'participant.invited', at, fromState: 'consultation', toState: 'consultation', fields: ['participants.ggz'] },
      { version: 10, type: 'subject.rectified', at, fromState: 'consultation', toState: 'consultation', fields: ['subject.name'] },
      { version: 12, type: 'plan.adopted', at, fromState: 'consultation', toState: 'monitoring' },
    ]);
  });
});

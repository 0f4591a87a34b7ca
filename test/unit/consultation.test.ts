// The case consultation's rules and the lapse of invitations on scale-down, as pure logic.
import { describe, expect, it } from 'vitest';
import { ValidationFailed } from '@cter/domain';
import { openCase, transition, type CaseRecord } from '@cter/case-store';
import { checkDecisionOwners, recordConsultationOutcome, scheduleConsultation, visibleConsultations } from '../../services/cases/domain/consultation';

const AT = '2026-11-30T10:00:00.000Z';
const later = (days: number) => new Date(Date.parse(AT) + days * 86_400_000).toISOString();

function admittedCase(state: CaseRecord['state'] = 'monitoring'): CaseRecord {
  const { record } = openCase({
    caseId: '00000000-0000-4000-8000-000000000001',
    caseNumber: 'KEN-2026-000001',
    regionId: 'kennemerland',
    signal: { subject: { name: 'x', bsn: '111222333', birthDate: '2000-01-01', municipality: 'haarlem' }, reason: 'r', reporter: { name: 'n', phone: '0612345678' } },
    reportingOrganisation: 'politie',
    at: AT,
  });
  return { ...record, state, version: 5, admission: { at: AT, version: 4 }, participants: [{ organisationId: 'ggz', role: 'consultation', since: AT, until: later(10) }] };
}

const details = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationFailed) return error.details;
    throw error;
  }
  throw new Error('no ValidationFailed');
};

describe('scheduling a consultation', () => {
  const request = { scheduledAt: later(2), attendees: ['zvh', 'gemeente-haarlem', 'politie', 'specialist-re', 'ggz'], agenda: ['Plan'] };

  it('writes the next version with a consultation.scheduled event naming the consultation only', () => {
    const { record, event, consultation } = scheduleConsultation(admittedCase(), request, 'c-1', 'zvh', AT);
    expect(record.version).toBe(6);
    expect(event).toEqual({ version: 6, type: 'consultation.scheduled', at: AT, organisationId: 'zvh', fromState: 'monitoring', toState: 'monitoring', fields: ['consultation:c-1'] });
    expect(consultation).toMatchObject({ consultationId: 'c-1', status: 'scheduled', attendees: request.attendees, scheduledBy: 'zvh' });
  });

  it('refuses attendees that take no part in the case, also an invitation that ends before the consultation', () => {
    expect(details(() => scheduleConsultation(admittedCase(), { ...request, attendees: ['gemeente-velsen', 'reclassering', 'nobody', 'privacy-officer'] }, 'c', 'zvh', AT)).map((d) => d.path)).toEqual([
      'attendees.0',
      'attendees.1',
      'attendees.2',
      'attendees.3',
    ]);
    expect(details(() => scheduleConsultation(admittedCase(), { ...request, scheduledAt: later(11) }, 'c', 'zvh', AT))).toEqual([{ path: 'attendees.4', message: expect.stringMatching(/ggz does not take part/) }]);
  });

  it('refuses dates out of range and cases that are not admitted and running', () => {
    expect(details(() => scheduleConsultation(admittedCase(), { ...request, scheduledAt: later(-31) }, 'c', 'zvh', AT))[0]!.path).toBe('scheduledAt');
    expect(details(() => scheduleConsultation(admittedCase(), { ...request, scheduledAt: later(181) }, 'c', 'zvh', AT))[0]!.path).toBe('scheduledAt');
    expect(() => scheduleConsultation({ ...admittedCase('weighing'), admission: undefined }, request, 'c', 'zvh', AT)).toThrow(/admitted, running/);
    expect(() => scheduleConsultation(admittedCase('closed'), request, 'c', 'zvh', AT)).toThrow(/admitted, running/);
  });
});

describe('the outcome of a consultation', () => {
  const scheduled = scheduleConsultation(admittedCase(), { scheduledAt: later(1), attendees: ['zvh', 'ggz'], agenda: ['Plan'] }, 'c-1', 'zvh', AT);
  const outcome = { summary: 's', decisions: [{ text: 'd', owner: 'ggz' }], absent: ['ggz'] };
  let n = 0;
  const ids = () => `d-${++n}`;

  it('is recorded once, after the consultation took place', () => {
    expect(() => recordConsultationOutcome(scheduled.record, scheduled.consultation, outcome, 'zvh', AT, ids)).toThrow(/not taken place yet/);
    const held = recordConsultationOutcome(scheduled.record, scheduled.consultation, outcome, 'zvh', later(2), ids);
    expect(held.consultation).toMatchObject({ status: 'held', outcome: { summary: 's', decisions: [{ decisionId: 'd-1', text: 'd', owner: 'ggz' }], absent: ['ggz'], recordedBy: 'zvh' } });
    expect(held.event).toMatchObject({ type: 'consultation.held', fields: ['consultation:c-1'] });
    expect(() => recordConsultationOutcome(held.record, held.consultation, outcome, 'zvh', later(3), ids)).toThrow(/recorded already/);
  });

  it('names only attendees as absent, and owners that take part in the case', () => {
    expect(details(() => recordConsultationOutcome(scheduled.record, scheduled.consultation, { ...outcome, absent: ['politie'] }, 'zvh', later(2), ids))).toEqual([{ path: 'absent.0', message: 'politie is not an attendee of the consultation' }]);
    expect(details(() => checkDecisionOwners(scheduled.record, { summary: 's', decisions: [{ text: 'a' }, { text: 'b', owner: 'reclassering' }] }, later(2)))).toEqual([{ path: 'decisions.1.owner', message: expect.stringMatching(/reclassering does not take part/) }]);
  });

  it('is read by an invited partner only where it attends', () => {
    const other = { ...scheduled.consultation, consultationId: 'c-0', scheduledAt: AT, attendees: ['zvh'] };
    expect(visibleConsultations([scheduled.consultation, other], 'invited', 'ggz').map((c) => c.consultationId)).toEqual(['c-1']);
    expect(visibleConsultations([scheduled.consultation, other], 'process', 'zvh').map((c) => c.consultationId)).toEqual(['c-0', 'c-1']);
  });
});

describe('scaling down', () => {
  it('ends every invitation and names them in the event (covenant art. 11(2))', () => {
    const { record, event } = transition(admittedCase(), 'aftercare', 'case.scaled_down', 'workflow', later(1));
    expect(record.participants).toEqual([]);
    expect(event.fields).toEqual(['participants.ggz']);
  });

  it('keeps invitations on every other move, and on a refused transfer returning to aftercare', () => {
    expect(transition(admittedCase(), 'closed', 'case.closed', 'workflow', later(1)).record.participants).toHaveLength(1);
    expect(transition(admittedCase('transfer-requested'), 'aftercare', 'case.transfer_withdrawn', 'workflow', later(1)).record.participants).toHaveLength(1);
  });
});

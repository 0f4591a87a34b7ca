// Which change of the cases table publishes which catalogue event, with which id: pure mapping
// (services/workflow/domain/events.ts), the e2e walks are in test/e2e/events.test.ts.
import { describe, expect, it } from 'vitest';
import { EVENT_CATALOGUE, eventsOfChange, type TableChange } from '../../services/workflow/domain/events';

const caseId = '5f0c1d7e-1111-4222-8333-944445555666';
const time = '2026-12-05T10:00:00.000Z';
const history = (type: string, version = 7): TableChange => ({ eventName: 'INSERT', image: { entity: 'history', caseId, type, version, at: time }, old: undefined, time });
const typesOf = (change: TableChange) => eventsOfChange(change, 'kennemerland').map((e) => e.type);

describe('the event catalogue', () => {
  it('consultation.scheduled: the history event of a scheduled consultation publishes it, with the fact id', () => {
    const [event] = eventsOfChange(history('consultation.scheduled', 12), 'kennemerland');
    expect(event).toMatchObject({ id: `${caseId}/v12/consultation.scheduled`, type: 'nl.cter.consultation.scheduled', subject: caseId, source: 'urn:cter:kennemerland:cases', data: { caseId, region: 'kennemerland' } });
  });

  it('a re-consultation, a withdrawn or refused transfer and the weighing starting publish nothing', () => {
    for (const type of ['evaluation.escalated', 'case.transfer_withdrawn', 'transfer.refused', 'weighing.started', 'evaluation.completed', 'decision.evaluation', 'transfer.received']) expect(typesOf(history(type)), type).toEqual([]);
  });

  it('a referral is a weighing decision and a referral', () => {
    expect(typesOf(history('case.referred'))).toEqual(['nl.cter.weighing.decided', 'nl.cter.case.referred']);
    expect(new Set(eventsOfChange(history('case.referred'), 'kennemerland').map((e) => e.id)).size).toBe(2);
  });

  it('the same stream record publishes the same ids (redelivery)', () => {
    const task = { entity: 'task', caseId, taskId: 't-1', kind: 'evaluation', status: 'open', createdAt: time };
    const change: TableChange = { eventName: 'INSERT', image: task, old: undefined, time };
    expect(eventsOfChange(change, 'kennemerland')).toEqual(eventsOfChange({ ...change, time: '2026-12-06T00:00:00.000Z' }, 'kennemerland'));
  });

  it('an evaluation task expired because the case left the region is not overdue', () => {
    const old = { entity: 'task', caseId, taskId: 't-1', kind: 'evaluation', status: 'open' };
    expect(typesOf({ eventName: 'MODIFY', image: { ...old, status: 'expired', expiredBecause: 'case-left' }, old, time })).toEqual([]);
    expect(typesOf({ eventName: 'MODIFY', image: { ...old, status: 'expired', expiredBecause: 'overdue' }, old, time })).toEqual(['nl.cter.evaluation.overdue']);
  });

  it('every type it can publish is in the catalogue, and events carry ids only', () => {
    const changes: TableChange[] = [
      ...['signal.received', 'weighing.decided', 'case.admitted', 'case.rejected', 'case.referred', 'consultation.scheduled', 'plan.adopted', 'case.scaled_down', 'case.transferred', 'case.closed'].map((t) => history(t)),
      { eventName: 'INSERT', image: { entity: 'disclosure', caseId, disclosureId: 'd-1', items: [{ content: 'secret' }] }, old: undefined, time },
      { eventName: 'INSERT', image: { entity: 'informing', caseId, informingId: 'i-1', kind: 'deferred', reason: 'secret' }, old: undefined, time },
    ];
    for (const event of changes.flatMap((c) => eventsOfChange(c, 'kennemerland'))) {
      expect(EVENT_CATALOGUE).toContain(event.type.replace(/^nl\.cter\./, ''));
      expect(JSON.stringify(event)).not.toContain('secret');
    }
  });
});

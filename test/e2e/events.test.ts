// Partner systems subscribe to the region's domain events locally (server-sent events from the
// twin's EventBridge) and receive CloudEvents that carry ids, type, region and confidentiality only.
// Every event of the catalogue is published once, on the fact it names: the walks below drive the
// work process, the measures and the covenant as partners do, and count what each bus received.
import { describe, expect, it } from 'vitest';
import { eventsDuring } from '../support/events';
import { settled, useOwnTwin } from '../support/own-twin';
import { call, signalFor } from '../support/signed-client';
import { WorkflowDriver } from '../support/workflow-driver';
import { measureIdsOf } from '../support/measures';
import { invokeFunction } from '../support/covenant';
import { TASK_SETTINGS } from '@cter/config';

describe('domain events', () => {
  it('a local subscriber receives signal.received without any personal data', async () => {
    const signal = signalFor('heemskerk');
    let caseId = '';
    const events = await eventsDuring(
      'kennemerland',
      { 'detail-type': ['signal.received'] },
      async () => {
        const reply = await call('kennemerland.politie', 'POST', '/signals', { body: signal });
        expect(reply.status).toBe(201);
        caseId = reply.body.caseId;
      },
      (received) => received.some((e) => e.detail?.subject === caseId),
    );
    const event = events.find((e) => e.detail.subject === caseId);
    expect(event['detail-type']).toBe('signal.received');
    expect(event.detail).toMatchObject({ specversion: '1.0', type: 'nl.cter.signal.received', source: 'urn:cter:kennemerland:cases', data: { caseId, region: 'kennemerland', confidentiality: 'special-category-personal-data' } });
    const text = JSON.stringify(event);
    for (const personal of [signal.subject.bsn, signal.subject.name, signal.reason, signal.reporter.name, signal.reporter.phone, signal.subject.birthDate]) {
      expect(text).not.toContain(personal);
    }
  });
});

// Walks through weighing, consultation and monitoring take longer than the default 30 s on a loaded machine.
describe('the event catalogue, each published once on its fact', { timeout: 240_000 }, () => {
  const own = useOwnTwin();
  const ken = () => new WorkflowDriver(own, 'kennemerland');

  /**
   * The facts of `type` the region's bus published about the case (its id in the event's data), one
   * per event id: a stream record redelivered after a failed batch (at least once, as Lambda's stream
   * mappings deliver) publishes its event again with the same id, and subscribers deduplicate on it.
   */
  function published(region: string, type: string, caseId?: string): any[] {
    const details = own
      .twin()
      .eventBridge.publishedEvents({ bus: `cter-${region}-events`, detailType: type })
      .map((e) => e.detail as any)
      .filter((detail) => caseId === undefined || detail?.data?.caseId === caseId);
    return [...new Map(details.map((detail) => [detail.id, detail])).values()];
  }
  const count = (type: string, caseId?: string, region = 'kennemerland') => published(region, type, caseId).length;

  const throughWeighing = (wf: WorkflowDriver) => wf.throughWeighing();
  async function inMonitoring(wf: WorkflowDriver): Promise<string> {
    const caseId = await wf.admitted();
    await wf.settle();
    return caseId;
  }

  /**
   * Moves the clock and waits until every daily schedule and wait it passed has run (a quarter:
   * hundreds of scheduled runs over three regions, more than the driver's 30 s on a busy machine).
   */
  async function advanceDays(days: number): Promise<void> {
    own.twin().clock.advance(days * 86_400_000);
    await settled(own.twin());
  }

  /** Moves the clock to the case's first evaluation and waits for its task. */
  async function evaluationOpen(wf: WorkflowDriver, caseId: string): Promise<void> {
    await advanceDays(91);
    await wf.waitForTask('zvh', caseId, 'evaluation');
    await wf.settle();
  }

  it('signal.received, weighing.decided, case.admitted and plan.adopted: once each, on registration, weighing decision, admission and adoption', async () => {
    const wf = ken();
    const caseId = await throughWeighing(wf);
    expect(count('signal.received', caseId)).toBe(1);
    expect(count('weighing.decided', caseId)).toBe(0);
    await wf.decide('gemeente-haarlem', caseId, 'weighing-decision', 'propose-admission');
    await wf.waitForTask('gemeente-haarlem', caseId, 'triangle-decision');
    expect(count('weighing.decided', caseId)).toBe(1);
    expect(count('case.admitted', caseId)).toBe(0);
    await wf.decide('gemeente-haarlem', caseId, 'triangle-decision', 'admit');
    await wf.waitForTask('zvh', caseId, 'plan-adoption');
    expect(count('case.admitted', caseId)).toBe(1);
    expect(count('plan.adopted', caseId)).toBe(0);
    await wf.decide('zvh', caseId, 'plan-adoption', 'adopted');
    await wf.waitForState(caseId, 'monitoring');
    await wf.settle();
    expect(count('plan.adopted', caseId)).toBe(1);
    for (const type of ['signal.received', 'weighing.decided', 'case.admitted']) expect(count(type, caseId), type).toBe(1);
    const [adopted] = published('kennemerland', 'plan.adopted', caseId);
    expect(adopted).toMatchObject({ type: 'nl.cter.plan.adopted', subject: caseId, data: { caseId, region: 'kennemerland' } });
  });

  it('weighing.decided and case.referred: a referral publishes both, once', async () => {
    const wf = ken();
    const caseId = await throughWeighing(wf);
    await wf.decide('gemeente-haarlem', caseId, 'weighing-decision', 'referral-care');
    await wf.waitForState(caseId, 'referred');
    await wf.settle();
    expect(count('weighing.decided', caseId)).toBe(1);
    expect(count('case.referred', caseId)).toBe(1);
    expect(count('case.rejected', caseId)).toBe(0);
  });

  it('case.rejected: once, when the triangle does not admit the case', async () => {
    const wf = ken();
    const caseId = await throughWeighing(wf);
    await wf.decide('gemeente-haarlem', caseId, 'weighing-decision', 'propose-admission');
    await wf.decide('gemeente-haarlem', caseId, 'triangle-decision', 'reject');
    await wf.waitForState(caseId, 'rejected');
    await wf.settle();
    expect(count('case.rejected', caseId)).toBe(1);
    expect(count('case.admitted', caseId)).toBe(0);
  });

  it('measure.assigned, measure.started and measure.ended: once per measure, on adoption, start and end', async () => {
    const wf = ken();
    const caseId = await inMonitoring(wf);
    const plan = (await own.call('kennemerland.zvh', 'GET', `/cases/${caseId}/plan`)).body.plan;
    const measures = measureIdsOf(plan);
    const assigned = published('kennemerland', 'measure.assigned', caseId);
    expect(assigned.map((e) => e.data.measureId).sort()).toEqual([measures.mentor, measures.daytime].sort());
    const on = String(plan.adoption.adoptedAt).slice(0, 10);
    const transition = (body: object) => own.call('kennemerland.gemeente-haarlem', 'POST', `/cases/${caseId}/measures/${measures.daytime}/transitions`, { body });
    expect((await transition({ action: 'start', startedOn: on })).status).toBe(200);
    await wf.settle();
    expect(published('kennemerland', 'measure.started', caseId).map((e) => e.data.measureId)).toEqual([measures.daytime]);
    expect((await transition({ action: 'complete', endedOn: on, outcome: 'goal-achieved' })).status).toBe(200);
    await wf.settle();
    expect(published('kennemerland', 'measure.ended', caseId).map((e) => e.data.measureId)).toEqual([measures.daytime]);
    expect(published('kennemerland', 'measure.started', caseId)).toHaveLength(1);
    expect(count('measure.assigned', caseId)).toBe(2);
  });

  it('disclosure.made, subject.informed and subject.inform_deferred: once, on the covenant record', async () => {
    const wf = ken();
    const caseId = await throughWeighing(wf);
    const disclosure = await own.call('kennemerland.politie', 'POST', `/cases/${caseId}/disclosures`, {
      body: {
        recipients: ['om'],
        categories: ['identity'],
        items: [{ category: 'identity', label: 'Adres', content: 'Bekend adres in de gemeente' }],
        purpose: 'weighing',
        basis: { kind: 'legal-basis', reference: 'wpg-20' },
        proportionality: 'Alleen wat de weging nodig heeft.',
        subsidiarity: 'Het OM kan dit niet uit eigen bron weten.',
      },
    });
    expect(disclosure.status, JSON.stringify(disclosure.body)).toBe(201);
    const now = new Date(own.twin().clock.nowMs());
    const deferred = await own.call('kennemerland.gemeente-haarlem', 'POST', `/cases/${caseId}/informing`, {
      body: { kind: 'deferred', ground: 'ongoing-investigation', reason: 'Lopend opsporingsonderzoek', reviewAt: new Date(now.getTime() + 30 * 86_400_000).toISOString().slice(0, 10) },
    });
    expect(deferred.status, JSON.stringify(deferred.body)).toBe(201);
    const informed = await own.call('kennemerland.gemeente-haarlem', 'POST', `/cases/${caseId}/informing`, { body: { kind: 'informed', informedAt: now.toISOString(), channel: 'letter' } });
    expect(informed.status, JSON.stringify(informed.body)).toBe(201);
    await wf.settle();
    expect(published('kennemerland', 'disclosure.made', caseId).map((e) => e.data.disclosureId)).toEqual([disclosure.body.disclosureId]);
    expect(published('kennemerland', 'subject.inform_deferred', caseId).map((e) => e.data.informingId)).toEqual([deferred.body.informingId]);
    expect(published('kennemerland', 'subject.informed', caseId).map((e) => e.data.informingId)).toEqual([informed.body.informingId]);
    const text = JSON.stringify(published('kennemerland', 'disclosure.made', caseId));
    expect(text).not.toContain('Bekend adres');
  });

  it('evaluation.due when the evaluation opens, evaluation.completed on its decision; a re-consultation does not publish case.admitted', async () => {
    const wf = ken();
    const caseId = await inMonitoring(wf);
    expect(count('evaluation.due', caseId)).toBe(0);
    await evaluationOpen(wf, caseId);
    expect(count('evaluation.due', caseId)).toBe(1);
    expect(count('evaluation.completed', caseId)).toBe(0);
    await wf.decide('zvh', caseId, 'evaluation', 'escalate');
    await wf.waitForState(caseId, 'consultation');
    await wf.settle();
    expect(count('evaluation.completed', caseId)).toBe(1);
    expect(count('case.admitted', caseId)).toBe(1);
    // The consultation adopts the plan again: that is a plan adoption.
    await wf.decide('zvh', caseId, 'plan-adoption', 'adopted');
    await wf.waitForState(caseId, 'monitoring');
    await wf.settle();
    expect(count('plan.adopted', caseId)).toBe(2);
    expect(count('evaluation.due', caseId)).toBe(1);
  });

  it('evaluation.overdue when the evaluation deadline passes; case.scaled_down and case.closed once', async () => {
    const wf = ken();
    const caseId = await inMonitoring(wf);
    await evaluationOpen(wf, caseId);
    await advanceDays(TASK_SETTINGS.evaluation.deadlineDays + 1);
    // The ZVH owns the evaluation: overdue, it escalates to the municipality of the case.
    const escalation = await wf.waitForTask('gemeente-haarlem', caseId, 'escalation', 'evaluation');
    expect(escalation).toBeDefined();
    await wf.settle();
    expect(count('evaluation.overdue', caseId)).toBe(1);
    expect(count('evaluation.completed', caseId)).toBe(0);
    await wf.decide('gemeente-haarlem', caseId, 'escalation', 'scale-down', 'evaluation');
    await wf.waitForState(caseId, 'aftercare');
    await wf.settle();
    expect(count('evaluation.completed', caseId)).toBe(1);
    expect(count('case.scaled_down', caseId)).toBe(1);
    expect(count('evaluation.overdue', caseId)).toBe(1);

    await advanceDays(181);
    await wf.decide('zvh', caseId, 'evaluation', 'close');
    await wf.decide('politie', caseId, 'closure-decision', 'close');
    await wf.waitForState(caseId, 'closed');
    await wf.settle();
    expect(count('case.closed', caseId)).toBe(1);
    expect(count('evaluation.completed', caseId)).toBe(2);
    expect(count('evaluation.due', caseId)).toBe(2);
    expect(count('case.scaled_down', caseId)).toBe(1);
  });

  it('a refused transfer does not publish plan.adopted; an accepted one publishes case.transferred once', async () => {
    const wf = ken();
    const zw = new WorkflowDriver(own, 'zaanstreek-waterland');
    const caseId = await inMonitoring(wf);
    const offer = () => wf.offerTransfer(caseId, 'haarlem');
    const refused = await offer();
    await zw.decide('zvh', refused, 'transfer-acceptance', 'refuse');
    await wf.waitForState(caseId, 'monitoring');
    await zw.waitForState(refused, 'rejected');
    await wf.settle();
    expect(count('plan.adopted', caseId)).toBe(1);
    expect(count('case.transferred', caseId)).toBe(0);
    // The refusing region's copy was never admitted there, nor rejected by a triangle.
    expect(count('case.rejected', refused, 'zaanstreek-waterland')).toBe(0);

    const accepted = await offer();
    await zw.decide('zvh', accepted, 'transfer-acceptance', 'accept');
    await wf.waitForState(caseId, 'transferred');
    await wf.settle();
    expect(count('case.transferred', caseId)).toBe(1);
    expect(count('plan.adopted', caseId)).toBe(1);
  });

  it('covenant.version_published once, when the daily run first finds the version in force in the region', async () => {
    // The clock moved by months above: the daily runs recorded cter-2023 on the first of them, once.
    await advanceDays(1);
    const events = published('kennemerland', 'covenant.version_published');
    expect(events.map((e) => e.data.covenantVersion)).toEqual(['cter-2023']);
    expect(events[0]).toMatchObject({ source: 'urn:cter:kennemerland:covenant', subject: 'covenant/cter-2023', data: { confidentiality: 'public', effectiveFrom: '2023-10-01' } });
    expect(await invokeFunction(own.twin(), 'kennemerland', 'RunRetention', {})).toMatchObject({ covenantRecorded: false });
    await advanceDays(1);
    expect(count('covenant.version_published')).toBe(1);
  });

  it('retention.expired and destruction.done once, when the deadline passes and the data is destroyed', async () => {
    const wf = ken();
    const caseId = await throughWeighing(wf);
    await wf.decide('gemeente-haarlem', caseId, 'weighing-decision', 'no-action');
    await wf.waitForState(caseId, 'no-action');
    const { deleteAfter } = (await wf.caseOf(caseId)).retention ?? {};
    expect(count('retention.expired', caseId)).toBe(0);
    // Past the deadline in one jump (the twin runs a jump's first 100 daily runs, all before the
    // deadline, and skips the rest), then the retention run as its schedule or `npm run
    // twin:run-retention` runs it, and the next day's scheduled run, which finds nothing left.
    own.twin().clock.set(new Date(Date.parse(deleteAfter) + 86_400_000));
    await advanceDays(0);
    await invokeFunction(own.twin(), 'kennemerland', 'RunRetention', {});
    await advanceDays(1);
    expect(count('retention.expired', caseId)).toBe(1);
    expect(count('destruction.done', caseId)).toBe(1);
    expect((await own.call('kennemerland.politie', 'GET', `/cases/${caseId}`)).status).toBe(404);
  });
});

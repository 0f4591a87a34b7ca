// Partner systems subscribe to the region's domain events locally (server-sent events from the
// twin's EventBridge) and receive CloudEvents that carry ids, type, region and confidentiality only.
import { describe, expect, it } from 'vitest';
import { eventsDuring } from '../support/events';
import { call, signalFor } from '../support/signed-client';

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

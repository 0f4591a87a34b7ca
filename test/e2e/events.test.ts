// Partner systems subscribe to the region's domain events locally (server-sent events from the
// twin's EventBridge) and receive CloudEvents that carry ids, type, region and confidentiality only.
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { call, signalFor } from '../support/signed-client';

/** Collects server-sent events from the twin's EventBridge until `until` returns true. */
async function subscribe(bus: string, pattern: object, until: (events: any[]) => boolean, act: () => Promise<void>): Promise<any[]> {
  const url = `${inject('twin').endpoints.eventbridge}/_twin/events/stream?bus=${bus}&pattern=${encodeURIComponent(JSON.stringify(pattern))}`;
  const controller = new AbortController();
  const response = await fetch(url, { signal: controller.signal, headers: { accept: 'text/event-stream' } });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  const events: any[] = [];
  await act();
  const timeout = setTimeout(() => controller.abort(), 20_000);
  let buffer = '';
  try {
    while (!until(events)) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += Buffer.from(value).toString('utf8');
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = frame.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('');
        if (data) events.push(JSON.parse(data));
      }
    }
  } finally {
    clearTimeout(timeout);
    controller.abort();
  }
  return events;
}

describe('domain events', () => {
  it('a local subscriber receives signal.received without any personal data', async () => {
    const signal = signalFor('heemskerk');
    let caseId = '';
    const events = await subscribe(
      'cter-kennemerland-events',
      { 'detail-type': ['signal.received'] },
      (received) => received.some((e) => e.detail?.subject === caseId),
      async () => {
        const reply = await call('kennemerland.politie', 'POST', '/signals', { body: signal });
        expect(reply.status).toBe(201);
        caseId = reply.body.caseId;
      },
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

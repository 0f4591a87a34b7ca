// The twin's EventBridge as a partner subscribes to it locally: server-sent events of a region's bus.
import { inject } from 'vitest';

/** Collects the events of the region's bus that match `pattern` (the twin's server-sent events) while `act` runs, until `until` holds. */
export async function eventsDuring(region: string, pattern: object, act: () => Promise<void>, until: (events: any[]) => boolean): Promise<any[]> {
  const url = `${inject('twin').endpoints.eventbridge}/_twin/events/stream?bus=cter-${region}-events&pattern=${encodeURIComponent(JSON.stringify(pattern))}`;
  const controller = new AbortController();
  const response = await fetch(url, { signal: controller.signal, headers: { accept: 'text/event-stream' } });
  if (response.status !== 200) throw new Error(`event stream: ${response.status}`);
  const reader = response.body!.getReader();
  const events: any[] = [];
  const timeout = setTimeout(() => controller.abort(), 30_000);
  let buffer = '';
  try {
    await act();
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
  } catch (error) {
    if ((error as Error).name !== 'AbortError') throw error;
  } finally {
    clearTimeout(timeout);
    controller.abort();
  }
  return events;
}

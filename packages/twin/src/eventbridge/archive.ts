// The last events each bus accepted, kept in memory so tests (and people) can see what was published:
// GET /_twin/events?bus=<name>&detailType=<t>. Not EventBridge's archive/replay feature.
import type { EventEnvelope } from './types';

export interface ArchivedEvent {
  /** ARN of the bus the event was accepted on (forwarded events appear on every bus they reach). */
  bus: string;
  event: EventEnvelope;
}

export interface ArchiveQuery {
  /** Bus ARNs to include; absent = every bus. */
  busArns?: string[];
  detailType?: string;
  source?: string;
}

export class EventArchive {
  private readonly perBus = new Map<string, Array<{ seq: number; event: EventEnvelope }>>();
  private seq = 0;

  constructor(private readonly limitPerBus = 1000) {}

  add(busArn: string, event: EventEnvelope): void {
    let list = this.perBus.get(busArn);
    if (!list) this.perBus.set(busArn, (list = []));
    list.push({ seq: this.seq++, event });
    // Drop the oldest: a ring of the last N is all a test needs, and memory stays bounded.
    if (list.length > this.limitPerBus) list.splice(0, list.length - this.limitPerBus);
  }

  /** Oldest first, across the buses asked for. */
  query(query: ArchiveQuery = {}): ArchivedEvent[] {
    const buses = query.busArns ?? [...this.perBus.keys()];
    return buses
      .flatMap((bus) => (this.perBus.get(bus) ?? []).map((entry) => ({ bus, ...entry })))
      .filter(({ event }) => (query.detailType === undefined || event['detail-type'] === query.detailType) && (query.source === undefined || event.source === query.source))
      .sort((a, b) => a.seq - b.seq)
      .map(({ bus, event }) => ({ bus, event }));
  }

  clear(busArns?: string[]): void {
    if (!busArns) this.perBus.clear();
    else for (const bus of busArns) this.perBus.delete(bus);
  }
}

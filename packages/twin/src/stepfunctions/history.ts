// Appends execution history events the way the service numbers them (id, previousEventId), and
// skips events a replay reaches again, recognised by their stable key.
import type { ExecutionRecord, StoredEvent } from './records';
import type { EventDetails } from './types';

/** A causal chain of events (the execution, a Parallel branch, a Map iteration): previousEventId follows it. */
export interface Lane {
  last: number;
}

export function detailsKeyOf(type: string): string {
  if (type.endsWith('StateEntered')) return 'stateEnteredEventDetails';
  if (type.endsWith('StateExited')) return 'stateExitedEventDetails';
  return `${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`;
}

export class History {
  private readonly idsByKey = new Map<string, number>();

  constructor(
    private readonly record: ExecutionRecord,
    private readonly now: () => number,
  ) {
    for (const event of record.history) this.idsByKey.set(event.key, event.id);
  }

  /** Virtual time of the event recorded under `key`, if any. */
  timestampOf(key: string): number | undefined {
    const id = this.idsByKey.get(key);
    return id === undefined ? undefined : this.record.history[id - 1]?.timestamp;
  }

  /** Appends unless the key is known; either way the lane moves on to the event. Returns [id, appended]. */
  append(lane: Lane, key: string, type: string, details?: EventDetails, previousEventId?: number, timestamp?: number): { id: number; appended: boolean } {
    const known = this.idsByKey.get(key);
    if (known !== undefined) {
      lane.last = known;
      return { id: known, appended: false };
    }
    const event: StoredEvent = { id: this.record.history.length + 1, previousEventId: previousEventId ?? lane.last, timestamp: timestamp ?? this.now(), type, key };
    if (details) event.details = details;
    this.record.history.push(event);
    this.idsByKey.set(key, event.id);
    lane.last = event.id;
    return { id: event.id, appended: true };
  }
}

/** The JSON text of a value as events carry it. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value === undefined ? null : value);
}

export function dataDetails(field: 'input' | 'output', value: unknown): EventDetails {
  return { [field]: jsonText(value), [`${field}Details`]: { truncated: false } };
}

// Wait states on the virtual clock: the end time is journaled on entry, so after a restart the
// wait still ends when it would have, and advancing the clock ends it at once.
import type { HandlerInput, WaitInfo } from './compile';
import { StatesRuntimeError } from './errors';
import type { Attempt, StateHost } from './state-host';
import type { JsonValue } from './types';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export async function runWait(host: StateHost, attempt: Attempt, info: WaitInfo, input: HandlerInput): Promise<JsonValue> {
  attempt.entry.until ??= waitEnd(info, input, attempt.enteredAt);
  host.persist();
  await host.clock.until(attempt.entry.until, attempt.scope.signal);
  return host.complete(attempt, { ok: true, value: input.p });
}

function waitEnd(info: WaitInfo, input: HandlerInput, enteredAt: number): number {
  const seconds = info.seconds ?? input.s;
  if (seconds !== undefined) {
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0) {
      throw new StatesRuntimeError(`SecondsPath must point to a non-negative integer, got ${JSON.stringify(seconds)}`);
    }
    return enteredAt + seconds * 1000;
  }
  const timestamp = info.timestamp ?? input.ts;
  if (typeof timestamp !== 'string' || !RFC3339.test(timestamp)) {
    throw new StatesRuntimeError(`TimestampPath must point to an RFC 3339 timestamp, got ${JSON.stringify(timestamp)}`);
  }
  // A time in the past means no wait.
  return Math.max(enteredAt, Date.parse(timestamp));
}

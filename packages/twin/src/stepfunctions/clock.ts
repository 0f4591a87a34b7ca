// The twin's virtual clock: real time plus an offset that tests and users move forward, shared with
// Lambda workers through a SharedArrayBuffer so functions and state machines agree on "now".
import type { VirtualClockSource } from '../function-host';

/** setTimeout takes at most a signed 32-bit delay; longer ones are re-armed. */
const MAX_REAL_DELAY_MS = 2 ** 31 - 1;

interface Timer {
  id: number;
  at: number;
  fire: () => void;
}

export type CancelTimer = () => void;

export class TwinClock implements VirtualClockSource {
  /** One BigInt64: the offset from real time in milliseconds (read by function workers with Atomics). */
  readonly offsetBuffer: SharedArrayBuffer;
  private readonly offset: BigInt64Array;
  private readonly timers: Timer[] = [];
  private nextId = 1;
  private realTimer: NodeJS.Timeout | undefined;

  constructor(start?: Date) {
    this.offsetBuffer = new SharedArrayBuffer(8);
    this.offset = new BigInt64Array(this.offsetBuffer);
    if (start) this.setOffset(start.getTime() - Date.now());
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  nowMs(): number {
    return Date.now() + Number(Atomics.load(this.offset, 0));
  }

  /** Move forward; waits and timeouts that fall due fire at once, in time order. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`the clock only moves forward (advance by ${ms} ms)`);
    this.setOffset(Number(Atomics.load(this.offset, 0)) + Math.round(ms));
    this.fireDue();
  }

  /** Jump to a later time; going back is refused because timers already fired cannot un-fire. */
  set(date: Date): void {
    const target = date.getTime();
    if (!Number.isFinite(target)) throw new RangeError('invalid date');
    if (target < this.nowMs()) throw new RangeError(`the clock only moves forward (now ${this.now().toISOString()}, asked ${date.toISOString()})`);
    this.setOffset(target - Date.now());
    this.fireDue();
  }

  /** Run `fire` once the clock reaches `atMs` (by real time passing or by advance/set). */
  schedule(atMs: number, fire: () => void): CancelTimer {
    const timer: Timer = { id: this.nextId++, at: atMs, fire };
    // Keep time order, and insertion order for equal times, so replays fire in the same sequence.
    const index = this.indexAfter(atMs);
    this.timers.splice(index, 0, timer);
    if (atMs <= this.nowMs()) queueMicrotask(() => this.fireDue());
    // Only a new earliest deadline moves the real timer.
    else if (index === 0) this.arm();
    return () => this.cancel(timer);
  }

  /** Resolves when the clock reaches `atMs`; rejects with the signal's reason when aborted first. */
  until(atMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = (): void => {
        cancel();
        reject(signal?.reason);
      };
      const cancel = this.schedule(atMs, () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Timers not yet fired (diagnostics, tests of clean shutdown). */
  get pendingTimers(): number {
    return this.timers.length;
  }

  private setOffset(ms: number): void {
    Atomics.store(this.offset, 0, BigInt(Math.round(ms)));
  }

  /**
   * The first timer due after `atMs` (binary search: every open execution holds timers, and
   * scheduling or cancelling one must not walk past all of them).
   */
  private indexAfter(atMs: number): number {
    let low = 0;
    let high = this.timers.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.timers[middle]!.at <= atMs) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private cancel(timer: Timer): void {
    // Timers due at the same time lie together; fired or cancelled ones are gone already.
    let index = this.indexAfter(timer.at) - 1;
    while (index >= 0 && this.timers[index] !== timer && this.timers[index]!.at === timer.at) index -= 1;
    if (index < 0 || this.timers[index] !== timer) return;
    this.timers.splice(index, 1);
    if (index === 0) this.arm();
  }

  private fireDue(): void {
    const now = this.nowMs();
    const due: Timer[] = [];
    while (this.timers.length > 0 && this.timers[0]!.at <= now) due.push(this.timers.shift()!);
    for (const timer of due) {
      try {
        timer.fire();
      } catch {
        // A timer callback only settles promises; one that throws must not stop the others.
      }
    }
    this.arm();
  }

  /** One real timer for the earliest virtual deadline; unref'd so a far-off wait never holds the process. */
  private arm(): void {
    if (this.realTimer) clearTimeout(this.realTimer);
    this.realTimer = undefined;
    const first = this.timers[0];
    if (!first) return;
    const delay = Math.min(Math.max(0, first.at - this.nowMs()), MAX_REAL_DELAY_MS);
    this.realTimer = setTimeout(() => this.fireDue(), delay);
    this.realTimer.unref();
  }
}

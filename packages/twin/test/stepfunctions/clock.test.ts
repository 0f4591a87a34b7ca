// The virtual clock's timers: time order, insertion order for equal times, cancelling; and that a
// timer which is not the earliest leaves the one real timer alone (every open execution holds a
// few virtual timers, so scheduling or cancelling one must not cost in proportion to all of them).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TwinClock } from '../../src/stepfunctions/index.js';

afterEach(() => vi.restoreAllMocks());

describe('TwinClock timers', () => {
  it('fires in time order, equal times in the order scheduled, and never a cancelled one', () => {
    const clock = new TwinClock();
    const start = clock.nowMs();
    const fired: string[] = [];
    const at = (offset: number, name: string) => clock.schedule(start + offset, () => fired.push(name));
    at(3_000, 'c1');
    const cancelB = at(2_000, 'b1');
    at(1_000, 'a');
    at(2_000, 'b2');
    const cancelC2 = at(3_000, 'c2');
    at(2_000, 'b3');
    at(3_000, 'c3');
    cancelB();
    cancelC2();
    cancelB(); // twice: nothing more happens
    expect(clock.pendingTimers).toBe(5);
    clock.advance(2_500);
    expect(fired).toEqual(['a', 'b2', 'b3']);
    clock.advance(1_000);
    expect(fired).toEqual(['a', 'b2', 'b3', 'c1', 'c3']);
    expect(clock.pendingTimers).toBe(0);
  });

  it('re-arms the real timer only when the earliest deadline changes', () => {
    const clock = new TwinClock();
    const start = clock.nowMs();
    const cancels = Array.from({ length: 500 }, (_, i) => clock.schedule(start + 60_000 + i * 1_000, () => undefined));
    const setTimer = vi.spyOn(globalThis, 'setTimeout');
    const clearTimer = vi.spyOn(globalThis, 'clearTimeout');

    // Later than the earliest: a year-long execution timeout, a task deadline, cancelling one in the middle.
    const yearly = clock.schedule(start + 365 * 86_400_000, () => undefined);
    clock.schedule(start + 120_000, () => undefined);
    cancels[250]!();
    yearly();
    expect(setTimer).not.toHaveBeenCalled();
    expect(clearTimer).not.toHaveBeenCalled();

    // A new earliest, and cancelling the earliest, do move it.
    const first = clock.schedule(start + 30_000, () => undefined);
    first();
    expect(setTimer).toHaveBeenCalledTimes(2);
    expect(clock.pendingTimers).toBe(500);
    for (const cancel of cancels) cancel();
  });
});

// Runs scheduled rules on the twin's virtual clock: each run is a clock timer, so advancing the clock
// by a day fires a daily rule once and an hourly one 24 times; stop() cancels every timer.
import type { CancelTimer, TwinClock } from '../stepfunctions/clock';
import type { CompiledRule } from './registry';

/** Runs missed in one clock jump before the rest are skipped (a rule every minute and a jump of a year). */
const MAX_CATCH_UP = 100;

export class RuleScheduler {
  private readonly timers = new Map<CompiledRule, CancelTimer>();
  private stopped = false;

  constructor(
    private readonly options: {
      clock: TwinClock;
      log: (line: string) => void;
      /** Delivers one run of `rule`, scheduled for `atMs`. */
      fire: (rule: CompiledRule, atMs: number) => void;
    },
  ) {}

  start(rules: CompiledRule[]): void {
    const now = this.options.clock.nowMs();
    for (const rule of rules) {
      if (!rule.schedule || rule.spec.state !== 'ENABLED') continue;
      this.arm(rule, rule.schedule.next(now), 0);
    }
  }

  get scheduledRules(): number {
    return this.timers.size;
  }

  stop(): void {
    this.stopped = true;
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
  }

  private arm(rule: CompiledRule, atMs: number | undefined, missed: number): void {
    if (this.stopped) return;
    if (atMs === undefined) {
      this.timers.delete(rule);
      this.options.log(`rule ${rule.spec.name}: ${rule.spec.scheduleExpression} has no further runs`);
      return;
    }
    this.timers.set(
      rule,
      this.options.clock.schedule(atMs, () => {
        if (this.stopped) return;
        try {
          this.options.fire(rule, atMs);
        } finally {
          const schedule = rule.schedule!;
          const now = this.options.clock.nowMs();
          let next = schedule.next(atMs);
          let late = next !== undefined && next <= now ? missed + 1 : 0;
          if (late >= MAX_CATCH_UP) {
            next = schedule.next(now);
            late = 0;
            this.options.log(`rule ${rule.spec.name}: the clock jumped past more than ${MAX_CATCH_UP} runs; skipping the rest up to now`);
          }
          this.arm(rule, next, late);
        }
      }),
    );
  }
}

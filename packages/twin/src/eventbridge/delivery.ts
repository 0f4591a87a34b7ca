// Asynchronous delivery with retries on the twin's virtual clock, as EventBridge delivers to targets:
// PutEvents returns at once, each delivery runs on its own, retries back off, and idle() tells tests
// when everything accepted so far has been delivered (or given up on).
import { setMaxListeners } from 'node:events';
import type { TwinClock } from '../stepfunctions/clock';

export type AttemptResult = { ok: true } | { ok: false; errorType: string; retryable: boolean };

export interface DeliveryJob {
  /** For log lines: ids and names only, never the event's detail. */
  describe: string;
  attempt: () => Promise<AttemptResult>;
  maxAttempts: number;
  /** Give up once the event is older than this (virtual clock), as MaximumEventAgeInSeconds does. */
  maxAgeMs: number;
  /** Virtual time the event was accepted. */
  acceptedAtMs: number;
  /** Called once when the job gives up (attempts exhausted, too old, or not retryable). */
  onGiveUp?: (lastErrorType: string) => void;
}

export interface DeliveryQueueOptions {
  clock: TwinClock;
  log: (line: string) => void;
  /** First retry delay (virtual ms); it doubles per retry. */
  backoffMs: number;
}

/** How long stop() waits for invocations already running before it lets them finish on their own. */
const STOP_GRACE_MS = 2_000;

export class DeliveryQueue {
  private pending = 0;
  private readonly running = new Set<Promise<void>>();
  private waiters: Array<() => void> = [];
  private readonly abort = new AbortController();

  constructor(private readonly options: DeliveryQueueOptions) {
    // Every retry wait listens on this one signal; many at once are expected, not a leak.
    setMaxListeners(0, this.abort.signal);
  }

  get closed(): boolean {
    return this.abort.signal.aborted;
  }

  /** Deliveries started and not yet finished (including those waiting for a retry). */
  get inFlight(): number {
    return this.pending;
  }

  /** Starts the job now; it is counted by idle() from this moment. */
  deliver(job: DeliveryJob): void {
    if (this.closed) return;
    this.pending++;
    const run = this.run(job)
      .catch(() => undefined) // a throwing log or give-up hook must not become an unhandled rejection
      .finally(() => {
        this.running.delete(run);
        this.pending--;
        if (this.pending === 0) for (const wake of this.waiters.splice(0)) wake();
      });
    this.running.add(run);
  }

  /** Resolves when no delivery is pending; rejects after `timeoutMs` of real time. */
  idle(timeoutMs = 30_000): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const wake = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== wake);
        reject(new Error(`the EventBridge twin is not idle after ${timeoutMs} ms: ${this.pending} deliveries pending`));
      }, timeoutMs);
      this.waiters.push(wake);
    });
  }

  /** Cancels waiting retries and waits briefly for attempts already running; no timers stay behind. */
  async close(): Promise<void> {
    this.abort.abort(new Error('the EventBridge twin stopped'));
    if (this.running.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...this.running]), new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_GRACE_MS)))]);
    clearTimeout(timer);
  }

  private async run(job: DeliveryJob): Promise<void> {
    const { clock, log, backoffMs } = this.options;
    for (let attempt = 1; ; attempt++) {
      if (this.closed) return;
      let result: AttemptResult;
      try {
        result = await job.attempt();
      } catch (error) {
        result = { ok: false, errorType: error instanceof Error ? error.name : 'Error', retryable: true };
      }
      if (result.ok || this.closed) return;
      const age = clock.nowMs() - job.acceptedAtMs;
      const why = !result.retryable ? 'not retryable' : attempt >= job.maxAttempts ? `${attempt} attempts` : age > job.maxAgeMs ? 'event too old' : undefined;
      if (why) {
        log(`${job.describe}: failed (${result.errorType}), giving up after ${why}`);
        job.onGiveUp?.(result.errorType);
        return;
      }
      const delay = backoffMs * 2 ** (attempt - 1);
      log(`${job.describe}: attempt ${attempt}/${job.maxAttempts} failed (${result.errorType}), retrying in ${delay} ms (virtual clock)`);
      try {
        await clock.until(clock.nowMs() + delay, this.abort.signal);
      } catch {
        return; // stopped while waiting
      }
    }
  }
}

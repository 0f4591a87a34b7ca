// The machine's CPU as the bench sees it: what a measurement shares its cores with.
import { cpus } from 'node:os';
import { round } from './stats';

/** Busy (non-idle) CPU seconds of all cores since boot, from os.cpus(). */
export function machineBusySeconds(): number {
  return cpus().reduce((sum, core) => sum + (core.times.user + core.times.nice + core.times.sys + core.times.irq) / 1000, 0);
}

/** Measures how fast a CPU counter (seconds used so far) grows from now until `stop()`, in percent of one core. */
function cpuMeter(cpuSeconds: () => number): { stop: () => number } {
  const before = cpuSeconds();
  const started = performance.now();
  return { stop: () => round(((cpuSeconds() - before) / ((performance.now() - started) / 1000)) * 100, 0) };
}

/** Measures the machine's busy share from now until `stop()`, in percent of one core (2 cores: 0 to 200). */
export const machineCpu = (): { stop: () => number } => cpuMeter(machineBusySeconds);

/** The machine counts as quiet below this share of one core, measured over one second (an idle twin polls its streams and queues). */
const QUIET_MACHINE_PERCENT = 30;

/**
 * Waits until a CPU counter (seconds used so far) grows by less than `percent` of one core over a
 * second: cases opened or driven before keep the twin's work processes (Step Functions, the functions
 * they invoke, DynamoDB Local) busy for a while, and a timing taken then measures their work too.
 * Returns the seconds waited; after `limitMs` it measures anyway and says so.
 */
export async function waitUntilQuiet(cpuSeconds: () => number, percent: number, limitMs: number, log: (line: string) => void, what: string): Promise<number> {
  const started = Date.now();
  for (;;) {
    const meter = cpuMeter(cpuSeconds);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const busy = meter.stop();
    if (busy < percent) return round((Date.now() - started) / 1000, 0);
    if (Date.now() - started > limitMs) {
      log(`${what}: still at ${busy}% of a core after ${limitMs / 1000} s; measuring anyway`);
      return round((Date.now() - started) / 1000, 0);
    }
  }
}

/** Waits (at most two minutes) until the whole machine is quiet; returns the seconds waited. */
export const waitForQuietMachine = (log: (line: string) => void, what: string): Promise<number> => waitUntilQuiet(machineBusySeconds, QUIET_MACHINE_PERCENT, 120_000, log, `${what}: the machine`);

// Schedule expressions of EventBridge rules (`rate(...)`, six-field AWS `cron(...)`) and of EventBridge
// Scheduler (`at(...)`, and cron/at in the schedule's ScheduleExpressionTimezone): parsed with the
// service's rules and "when is the next run". Cron and at are evaluated by croner, time zone included.
import { Cron } from 'croner';

export class InvalidScheduleExpressionError extends Error {
  constructor(expression: string, reason: string) {
    super(`Parameter ScheduleExpression is not valid: ${expression} (${reason})`);
    this.name = 'ValidationException';
  }
}

export interface Schedule {
  expression: string;
  /**
   * The first run strictly after `afterMs`, or undefined when there is none (a past `at`, a cron whose
   * years are over). `anchorMs` is when the rule started: rate schedules count their periods from it.
   */
  next(afterMs: number, anchorMs: number): number | undefined;
}

const MINUTE = 60_000;
/** The largest value of each AWS cron field: minutes, hours, day-of-month, month, day-of-week, year. */
const FIELD_MAX = [59, 23, 31, 12, 7, 2199];
const UNIT_MS = { minute: MINUTE, hour: 60 * MINUTE, day: 24 * 60 * MINUTE } as const;

/** `timeZone` is an IANA name (Scheduler's ScheduleExpressionTimezone); EventBridge rules run in UTC. */
export function parseSchedule(expression: string, timeZone = 'UTC'): Schedule {
  const trimmed = expression.trim();
  const match = /^(rate|cron|at)\((.*)\)$/s.exec(trimmed);
  if (!match) throw new InvalidScheduleExpressionError(expression, 'expected rate(...), cron(...) or at(...)');
  const [, kind, body] = match as unknown as [string, string, string];
  if (kind === 'rate') return rate(trimmed, body);
  if (kind === 'at') {
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(body.trim())) throw new InvalidScheduleExpressionError(expression, 'at takes yyyy-mm-ddThh:mm:ss');
    return withCroner(trimmed, body.trim(), timeZone, {});
  }
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) throw new InvalidScheduleExpressionError(expression, 'cron takes six fields: minutes hours day-of-month month day-of-week year');
  // AWS: exactly one of day-of-month and day-of-week is '?'; croner would accept both or neither.
  if ((fields[2] === '?') === (fields[4] === '?')) throw new InvalidScheduleExpressionError(expression, 'exactly one of day-of-month and day-of-week must be "?"');
  // Croner reads weekdays 0-7 and any year; AWS only 1-7 (the `#k` aside) and 1970-2199.
  const outside = (field: string, min: number, max: number) => field.split(/\D+/).some((n) => n !== '' && (Number(n) < min || Number(n) > max));
  if (outside(fields[4]!.replace(/#\d+$/, ''), 1, 7) || outside(fields[5]!, 1970, 2199)) {
    throw new InvalidScheduleExpressionError(expression, 'days of the week are 1-7, years 1970-2199');
  }
  // AWS's `a/n` runs from a to the field's end; croner wants that range spelled out.
  const spelled = fields.map((field, i) => field.replace(/^(\d+)\/(\d+)$/, `$1-${FIELD_MAX[i]}/$2`));
  // Croner's seven-field pattern (seconds first) with AWS's weekday numbering (1 = Sunday).
  return withCroner(trimmed, `0 ${spelled.join(' ')}`, timeZone, { mode: '7-part', alternativeWeekdays: true });
}

function rate(expression: string, body: string): Schedule {
  const match = /^\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*$/.exec(body);
  if (!match) throw new InvalidScheduleExpressionError(expression, 'rate takes "<n> minute(s)|hour(s)|day(s)"');
  const value = Number(match[1]);
  const unit = match[2]!;
  if (value <= 0) throw new InvalidScheduleExpressionError(expression, 'the rate must be positive');
  // AWS insists on the singular for 1 and the plural otherwise.
  if ((value === 1) !== !unit.endsWith('s')) throw new InvalidScheduleExpressionError(expression, value === 1 ? `use "${unit.replace(/s$/, '')}" for 1` : `use "${unit}s" for ${value}`);
  const period = value * UNIT_MS[unit.replace(/s$/, '') as keyof typeof UNIT_MS];
  return {
    expression,
    // A rate rule runs one period after it is created, then every period.
    next: (afterMs, anchorMs) => anchorMs + Math.max(1, Math.floor((afterMs - anchorMs) / period) + 1) * period,
  };
}

function withCroner(expression: string, pattern: string, timeZone: string, options: { mode?: '7-part'; alternativeWeekdays?: boolean }): Schedule {
  let job: Cron;
  try {
    job = new Cron(pattern, { ...options, timezone: timeZone, paused: true });
  } catch (error) {
    throw new InvalidScheduleExpressionError(expression, (error as Error).message);
  }
  return { expression, next: (afterMs) => job.nextRun(new Date(afterMs))?.getTime() ?? undefined };
}

// Schedule expressions: six-field AWS `cron(...)`, of EventBridge rules (in UTC) and of EventBridge
// Scheduler (in the schedule's ScheduleExpressionTimezone), parsed with the service's rules and
// evaluated by croner, time zone included. The platform schedules nothing else, so `rate(...)` and
// `at(...)` are refused (the twin ran them until issue #17).
import { Cron } from 'croner';

export class InvalidScheduleExpressionError extends Error {
  constructor(expression: string, reason: string) {
    super(`Parameter ScheduleExpression is not valid: ${expression} (${reason})`);
    this.name = 'ValidationException';
  }
}

export interface Schedule {
  expression: string;
  /** The first run strictly after `afterMs`, or undefined when there is none (a cron whose years are over). */
  next(afterMs: number): number | undefined;
}

/** The largest value of each AWS cron field: minutes, hours, day-of-month, month, day-of-week, year. */
const FIELD_MAX = [59, 23, 31, 12, 7, 2199];

/** `timeZone` is an IANA name (Scheduler's ScheduleExpressionTimezone); EventBridge rules run in UTC. */
export function parseSchedule(expression: string, timeZone = 'UTC'): Schedule {
  const trimmed = expression.trim();
  const body = /^cron\((.*)\)$/s.exec(trimmed)?.[1];
  if (body === undefined) throw new InvalidScheduleExpressionError(expression, 'the twin runs cron(...) only');
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
  let job: Cron;
  try {
    job = new Cron(`0 ${spelled.join(' ')}`, { mode: '7-part', alternativeWeekdays: true, timezone: timeZone, paused: true });
  } catch (error) {
    throw new InvalidScheduleExpressionError(expression, (error as Error).message);
  }
  return { expression: trimmed, next: (afterMs) => job.nextRun(new Date(afterMs))?.getTime() ?? undefined };
}

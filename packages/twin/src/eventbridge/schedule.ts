// Schedule expressions of EventBridge rules (`rate(...)`, six-field AWS `cron(...)`, in UTC) and of
// EventBridge Scheduler (`at(...)`): parsing with the service's rules and "when is the next run".

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
const DAY = 24 * 60 * MINUTE;
/** How far ahead a cron is searched; AWS allows years up to 2199, a rule firing later than this is as good as never. */
const CRON_SEARCH_DAYS = 366 * 50;

export function parseSchedule(expression: string): Schedule {
  const trimmed = expression.trim();
  const match = /^(rate|cron|at)\((.*)\)$/s.exec(trimmed);
  if (!match) throw new InvalidScheduleExpressionError(expression, 'expected rate(...), cron(...) or at(...)');
  const [, kind, body] = match as unknown as [string, string, string];
  if (kind === 'rate') return rate(trimmed, body);
  if (kind === 'at') return at(trimmed, body);
  return cron(trimmed, body);
}

function rate(expression: string, body: string): Schedule {
  const match = /^\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*$/.exec(body);
  if (!match) throw new InvalidScheduleExpressionError(expression, 'rate takes "<n> minute(s)|hour(s)|day(s)"');
  const value = Number(match[1]);
  const unit = match[2]!;
  if (value <= 0) throw new InvalidScheduleExpressionError(expression, 'the rate must be positive');
  // AWS insists on the singular for 1 and the plural otherwise.
  if ((value === 1) !== !unit.endsWith('s')) throw new InvalidScheduleExpressionError(expression, value === 1 ? `use "${unit.replace(/s$/, '')}" for 1` : `use "${unit}s" for ${value}`);
  const period = value * (unit.startsWith('minute') ? MINUTE : unit.startsWith('hour') ? 60 * MINUTE : DAY);
  return {
    expression,
    // A rate rule runs one period after it is created, then every period.
    next: (afterMs, anchorMs) => anchorMs + Math.max(1, Math.floor((afterMs - anchorMs) / period) + 1) * period,
  };
}

function at(expression: string, body: string): Schedule {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(body.trim());
  const when = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), Number(match[4]), Number(match[5]), Number(match[6])) : NaN;
  if (!Number.isFinite(when)) throw new InvalidScheduleExpressionError(expression, 'at takes yyyy-mm-ddThh:mm:ss');
  return { expression, next: (afterMs) => (when > afterMs ? when : undefined) };
}

// ---- cron ----

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface Day {
  year: number;
  /** 1-12 */
  month: number;
  /** 1-31 */
  day: number;
  /** AWS numbering: 1 = Sunday … 7 = Saturday. */
  weekday: number;
  daysInMonth: number;
}
type DayRule = (day: Day) => boolean;

function cron(expression: string, body: string): Schedule {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) throw new InvalidScheduleExpressionError(expression, 'cron takes six fields: minutes hours day-of-month month day-of-week year');
  const [minF, hourF, domF, monthF, dowF, yearF] = fields as [string, string, string, string, string, string];
  const fail = (reason: string): never => {
    throw new InvalidScheduleExpressionError(expression, reason);
  };
  // AWS: one of day-of-month and day-of-week must be '?', not both.
  if ((domF === '?') === (dowF === '?')) fail('exactly one of day-of-month and day-of-week must be "?"');
  const minutes = [...numberSet(minF, 0, 59, [], fail)].sort((a, b) => a - b);
  const hours = [...numberSet(hourF, 0, 23, [], fail)].sort((a, b) => a - b);
  const months = numberSet(monthF, 1, 12, MONTHS, fail);
  const years = numberSet(yearF, 1970, 2199, [], fail);
  const dayRule: DayRule = domF === '?' ? weekdayRule(dowF, fail) : monthDayRule(domF, fail);

  return {
    expression,
    next: (afterMs) => {
      // Runs are on whole minutes, strictly after `afterMs`.
      const from = (Math.floor(afterMs / MINUTE) + 1) * MINUTE;
      const start = new Date(from);
      let dayStart = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate());
      for (let i = 0; i < CRON_SEARCH_DAYS; i++, dayStart += DAY) {
        const date = new Date(dayStart);
        const day: Day = {
          year: date.getUTCFullYear(),
          month: date.getUTCMonth() + 1,
          day: date.getUTCDate(),
          weekday: date.getUTCDay() + 1,
          daysInMonth: new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate(),
        };
        if (!years.has(day.year) || !months.has(day.month) || !dayRule(day)) continue;
        for (const hour of hours) {
          for (const minute of minutes) {
            const at = dayStart + hour * 60 * MINUTE + minute * MINUTE;
            if (at >= from) return at;
          }
        }
      }
      return undefined;
    },
  };
}

/** A field of plain values: `*`, `a`, `a-b` (wrapping when a > b), `*\/n`, `a/n`, `a-b/n`, comma lists, names. */
function numberSet(field: string, min: number, max: number, names: string[], fail: (reason: string) => never): Set<number> {
  const value = (text: string): number => {
    const index = names.indexOf(text.toUpperCase());
    const n = index >= 0 ? index + min : /^\d+$/.test(text) ? Number(text) : NaN;
    if (!Number.isInteger(n) || n < min || n > max) fail(`"${text}" is out of range ${min}-${max} in "${field}"`);
    return n;
  };
  const out = new Set<number>();
  for (const item of field.split(',')) {
    const [range, stepText] = item.split('/') as [string, string | undefined];
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step <= 0) fail(`bad step in "${item}"`);
    let from: number;
    let to: number;
    if (range === '*') {
      from = min;
      to = max;
    } else if (range.includes('-')) {
      const [a, b] = range.split('-') as [string, string];
      from = value(a);
      to = value(b);
    } else {
      from = value(range);
      to = stepText === undefined ? from : max;
    }
    const span = to >= from ? to - from : to - from + (max - min + 1);
    for (let k = 0; k <= span; k += step) out.add(((from - min + k) % (max - min + 1)) + min);
  }
  return out;
}

/** Day-of-month: values as numberSet, plus `L` (last day), `LW` (last weekday) and `nW` (weekday nearest n). */
function monthDayRule(field: string, fail: (reason: string) => never): DayRule {
  if (field === 'L') return (d) => d.day === d.daysInMonth;
  if (field === 'LW') return (d) => d.day === nearestWeekday(d, d.daysInMonth);
  const w = /^(\d{1,2})W$/.exec(field);
  if (w) {
    const target = Number(w[1]);
    if (target < 1 || target > 31) fail(`"${field}" is out of range`);
    return (d) => d.day === nearestWeekday(d, Math.min(target, d.daysInMonth));
  }
  const days = numberSet(field, 1, 31, [], fail);
  return (d) => days.has(d.day);
}

/** Day-of-week: values as numberSet (1 = SUN), plus `L` (Saturday), `nL` (last n-day of the month) and `n#k` (k-th n-day). */
function weekdayRule(field: string, fail: (reason: string) => never): DayRule {
  const weekday = (text: string): number => {
    const index = WEEKDAYS.indexOf(text.toUpperCase());
    const n = index >= 0 ? index + 1 : /^\d$/.test(text) ? Number(text) : NaN;
    if (!(n >= 1 && n <= 7)) fail(`"${text}" is not a day of the week`);
    return n;
  };
  if (field === 'L') return (d) => d.weekday === 7;
  const last = /^(\w+)L$/.exec(field);
  if (last) {
    const n = weekday(last[1]!);
    return (d) => d.weekday === n && d.day + 7 > d.daysInMonth;
  }
  const nth = /^(\w+)#(\d)$/.exec(field);
  if (nth) {
    const n = weekday(nth[1]!);
    const k = Number(nth[2]);
    if (k < 1 || k > 5) fail(`"${field}": the instance must be 1-5`);
    return (d) => d.weekday === n && Math.ceil(d.day / 7) === k;
  }
  const days = numberSet(field, 1, 7, WEEKDAYS, fail);
  return (d) => days.has(d.weekday);
}

/** The weekday (Mon-Fri) nearest to day `target` of d's month, not crossing into another month. */
function nearestWeekday(d: Day, target: number): number {
  const weekdayOf = (day: number) => ((d.weekday - 1 + (day - d.day)) % 7 + 7) % 7; // 0 = Sunday
  const wd = weekdayOf(target);
  if (wd === 6) return target === 1 ? 3 : target - 1; // Saturday: Friday before, or Monday after the 1st
  if (wd === 0) return target === d.daysInMonth ? target - 2 : target + 1; // Sunday: Monday after, or Friday before the last
  return target;
}

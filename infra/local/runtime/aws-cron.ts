/**
 * EventBridge Scheduler's `cron(minutes hours day-of-month month day-of-week year)`, evaluated
 * with croner in the schedule's time zone.
 *
 * The fields and wildcards are those of the AWS cron reference ("Schedule types in EventBridge
 * Scheduler" → cron-based; EventBridge's cron expressions reference has the same table): minutes
 * 0-59, hours 0-23, day-of-month 1-31 (`, - * ? / L W`), month 1-12 or JAN-DEC, day-of-week 1-7
 * or SUN-SAT (`, - * ? L #`, 1 = Sunday), year 1970-2199. One of day-of-month and day-of-week is
 * `?`, never both; `#` stands alone in day-of-week. Anything outside that is refused, naming the
 * field, rather than handed to croner, which accepts more (seconds, `+`, `LW`, `L-3`) and would
 * run what AWS rejects.
 *
 * The AWS form is rewritten into croner's 7-part form (a `0` seconds field in front) with Quartz
 * weekday numbering (`alternativeWeekdays`), `?` as `*` and day-of-month AND day-of-week
 * (`domAndDow`), which with one side `*` is the other side alone, as AWS means it. AWS's `a/n`
 * ("from a, every n") becomes `a-<max>/n`, because croner refuses a bare start before `/`.
 *
 * Daylight saving time follows the Scheduler guide rather than croner's Vixie-cron rules: a time
 * that does not exist (spring forward) is skipped, where croner runs fixed-time jobs after the
 * gap; a time that occurs twice (fall back) runs once, where croner runs interval jobs on both
 * passes. Both corrections filter croner's answers (./zoned-clock.ts tells the two passes apart).
 */
import { Cron } from 'croner';
import { isSecondPass } from './zoned-clock.ts';

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface Field {
  name: string;
  min: number;
  max: number;
  names?: string[];
}

const MINUTES: Field = { name: 'minutes', min: 0, max: 59 };
const HOURS: Field = { name: 'hours', min: 0, max: 23 };
const DAY_OF_MONTH: Field = { name: 'day-of-month', min: 1, max: 31 };
const MONTH: Field = { name: 'month', min: 1, max: 12, names: MONTHS };
const DAY_OF_WEEK: Field = { name: 'day-of-week', min: 1, max: 7, names: DAYS };
const YEAR: Field = { name: 'year', min: 1970, max: 2199 };

/** A cron expression AWS would run but this evaluator cannot, or one AWS would reject. */
export class UnsupportedScheduleError extends Error {
  override name = 'UnsupportedScheduleError';
}

export class AwsCron {
  private readonly cron: Cron;

  /** @param fields what is inside `cron(…)`. @param where names the schedule in errors. */
  constructor(
    fields: string,
    private readonly timezone: string,
    where: string,
  ) {
    const pattern = toCronerPattern(fields, where);
    try {
      this.cron = new Cron(pattern, {
        mode: '7-part',
        alternativeWeekdays: true,
        domAndDow: true,
        timezone,
        paused: true,
      });
    } catch (error) {
      throw new UnsupportedScheduleError(`${where}: cron(${fields}): ${(error as Error).message}`);
    }
  }

  /** The first firing strictly after `afterMs`, or null when the expression has none left. */
  nextAfter(afterMs: number): number | null {
    let cursor = new Date(afterMs);
    // Each skipped candidate is a DST edge, a handful a year; the bound only guards against a loop.
    for (let i = 0; i < 1000; i++) {
      const next = this.cron.nextRun(cursor);
      if (!next) return null;
      // croner moves a fixed time that falls in a spring-forward gap to just after the gap: that
      // time does not match the pattern, and AWS skips it.
      if (this.cron.match(next) && !isSecondPass(next.getTime(), this.timezone)) return next.getTime();
      cursor = next;
    }
    throw new Error(`cron(${this.cron.getPattern()}) found no firing in 1000 candidates`);
  }
}

/** Validates the six AWS fields and writes croner's 7-part pattern. */
export function toCronerPattern(fields: string, where: string): string {
  const parts = fields.trim().split(/\s+/);
  const refuse = (why: string) => new UnsupportedScheduleError(`${where}: cron(${fields}): ${why}`);
  if (parts.length !== 6)
    throw refuse(`needs 6 fields (minutes hours day-of-month month day-of-week year), has ${parts.length}`);
  const [minutes, hours, dom, month, dow, year] = parts as [string, string, string, string, string, string];
  if ((dom === '?') === (dow === '?'))
    throw refuse('one of day-of-month and day-of-week must be ?, and only one (AWS cron rule)');
  return [
    '0',
    plainField(minutes, MINUTES, refuse),
    plainField(hours, HOURS, refuse),
    dom === '?' ? '*' : dayOfMonth(dom, refuse),
    plainField(month, MONTH, refuse),
    dow === '?' ? '*' : dayOfWeek(dow, refuse),
    plainField(year, YEAR, refuse),
  ].join(' ');
}

type Refuse = (why: string) => Error;

/** `*`, `a`, `a-b`, each optionally `/n`, in a comma list: the grammar every field shares. */
function plainField(text: string, field: Field, refuse: Refuse, allowStep = true): string {
  return text
    .split(',')
    .map((item) => {
      const match = /^(\*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:\/(\d+))?$/.exec(item);
      if (!match) throw refuse(`${field.name} "${item}" is not a value, range or step AWS accepts here`);
      const [, range = '', step] = match;
      if (step !== undefined && !allowStep) throw refuse(`${field.name} takes no / step in AWS cron`);
      if (step !== undefined && Number(step) < 1) throw refuse(`${field.name} step must be at least 1`);
      const suffix = step === undefined ? '' : `/${step}`;
      if (range === '*') return `*${suffix}`;
      const [from = '', to] = range.split('-');
      const a = value(from, field, refuse);
      if (to === undefined) return step === undefined ? String(a) : `${a}-${field.max}${suffix}`;
      const b = value(to, field, refuse);
      // UNVERIFIED whether AWS wraps a range such as FRI-MON; refusing beats guessing.
      if (a > b) throw refuse(`${field.name} range ${range} runs backwards`);
      return `${a}-${b}${suffix}`;
    })
    .join(',');
}

function value(text: string, field: Field, refuse: Refuse): number {
  const named = field.names?.indexOf(text.toUpperCase()) ?? -1;
  // Month and weekday names count from 1 (JAN = 1, SUN = 1), as their numbers do in AWS cron.
  const n = named >= 0 ? named + 1 : /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(n) || n < field.min || n > field.max)
    throw refuse(`${field.name} value "${text}" is outside ${field.min}-${field.max}`);
  return n;
}

/** Day-of-month: the shared grammar, or `L` (last day) or `nW` (weekday nearest the nth) alone. */
function dayOfMonth(text: string, refuse: Refuse): string {
  if (text === 'L') return 'L';
  const weekday = /^(\d+)W$/.exec(text);
  if (weekday) return `${value(weekday[1] ?? '', DAY_OF_MONTH, refuse)}W`;
  if (/[LW]/i.test(text))
    throw refuse(
      `day-of-month "${text}": L and W stand alone (L, or nW such as 3W); other forms are not AWS's`,
    );
  return plainField(text, DAY_OF_MONTH, refuse);
}

/**
 * Day-of-week: the shared grammar without `/`, or alone one of `L` (the last day of the week,
 * Saturday), `dL` (the last such weekday of the month) and `d#n` (the nth such weekday).
 */
function dayOfWeek(text: string, refuse: Refuse): string {
  if (text === 'L') return '7';
  const last = /^([A-Za-z0-9]+)L$/.exec(text);
  if (last) return `${value(last[1] ?? '', DAY_OF_WEEK, refuse)}#L`;
  const nth = /^([A-Za-z0-9]+)#(\d+)$/.exec(text);
  if (nth) {
    const n = Number(nth[2]);
    if (n < 1 || n > 5) throw refuse(`day-of-week "${text}": the week of the month is 1-5`);
    return `${value(nth[1] ?? '', DAY_OF_WEEK, refuse)}#${n}`;
  }
  if (text.includes('#'))
    throw refuse(`day-of-week "${text}": # allows one expression in the field (AWS cron rule)`);
  // No weekday name holds an L, so any L left here is a misplaced one.
  if (text.toUpperCase().includes('L'))
    throw refuse(`day-of-week "${text}": L stands alone (L or dL such as 6L)`);
  return plainField(text, DAY_OF_WEEK, refuse, false);
}

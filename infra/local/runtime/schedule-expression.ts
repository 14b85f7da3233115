/**
 * EventBridge Scheduler's three expressions ("Schedule types in EventBridge Scheduler"), and the
 * next time each fires:
 *
 * - `rate(value unit)`, unit minute(s) | hour(s) | day(s): fires first at StartDate, or at once
 *   when there is none (the guide: a rate schedule without StartDate "starts invoking the target
 *   immediately"), then every period. A day is 24 hours, DST or not, as the guide says. Locally the
 *   schedule is created each time the runtime starts, so without StartDate every start fires once.
 * - `cron(…)`: ./aws-cron.ts, in the schedule's time zone, from StartDate on.
 * - `at(yyyy-mm-ddThh:mm:ss)`: once, at that wall-clock time in the schedule's time zone. Scheduler
 *   ignores StartDate and EndDate for one-time schedules (CreateSchedule reference), and so does this.
 *
 * EndDate is exclusive ("the date before which the schedule can invoke its target"). Scheduler
 * fires somewhere in the scheduled minute; locally it fires at the scheduled second.
 */
import { Cron } from 'croner';
import { AwsCron, UnsupportedScheduleError } from './aws-cron.ts';
import { assertTimezone } from './zoned-clock.ts';

export { UnsupportedScheduleError };

export type ScheduleExpression =
  | { kind: 'rate'; text: string; periodMs: number }
  | { kind: 'cron'; text: string; cron: AwsCron }
  | { kind: 'at'; text: string; atMs: number };

/** When a recurring schedule may fire (epoch milliseconds). */
export interface ScheduleWindow {
  /** When the schedule came into being: a rate schedule without StartDate fires first then. */
  activatedAt: number;
  startDate?: number;
  endDate?: number;
}

const UNIT_MS: Record<string, number> = {
  minute: 60_000,
  minutes: 60_000,
  hour: 3_600_000,
  hours: 3_600_000,
  day: 86_400_000,
  days: 86_400_000,
};

/** Parses an expression, refusing (naming `where`) what cannot be honoured exactly. */
export function parseScheduleExpression(text: string, timezone: string, where: string): ScheduleExpression {
  try {
    assertTimezone(timezone);
  } catch {
    throw new UnsupportedScheduleError(`${where}: unknown time zone "${timezone}" (an IANA name is needed)`);
  }
  const rate = /^rate\((\d+)\s+([a-z]+)\)$/.exec(text);
  if (rate) {
    const unit = UNIT_MS[rate[2] ?? ''];
    const value = Number(rate[1]);
    if (!unit)
      throw new UnsupportedScheduleError(`${where}: ${text}: the unit is minute(s), hour(s) or day(s)`);
    if (value < 1)
      throw new UnsupportedScheduleError(`${where}: ${text}: the value must be a positive integer`);
    return { kind: 'rate', text, periodMs: value * unit };
  }
  const cron = /^cron\((.+)\)$/.exec(text);
  if (cron) return { kind: 'cron', text, cron: new AwsCron(cron[1] ?? '', timezone, where) };
  const at = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/.exec(text);
  if (at) return { kind: 'at', text, atMs: wallClockInstant(at.slice(1).map(Number), timezone, text, where) };
  throw new UnsupportedScheduleError(
    `${where}: "${text}" is not a Scheduler expression (rate(value unit), cron(6 fields) or at(yyyy-mm-ddThh:mm:ss))`,
  );
}

/** The first firing at or after `fromMs`, or null when the schedule has none left. */
export function nextFiring(
  expression: ScheduleExpression,
  fromMs: number,
  window: ScheduleWindow,
): number | null {
  if (expression.kind === 'at') return expression.atMs >= fromMs ? expression.atMs : null;
  let next: number | null;
  if (expression.kind === 'rate') {
    const anchor = window.startDate ?? window.activatedAt;
    const periods = fromMs <= anchor ? 0 : Math.ceil((fromMs - anchor) / expression.periodMs);
    next = anchor + periods * expression.periodMs;
  } else {
    next = expression.cron.nextAfter(Math.max(fromMs, window.startDate ?? fromMs) - 1);
  }
  return next !== null && (window.endDate === undefined || next < window.endDate) ? next : null;
}

/**
 * The instant a wall-clock time names in a zone, through croner with a pattern that matches that
 * one second. UNVERIFIED for a time inside a spring-forward gap: croner (and so this) fires just
 * after the gap; the Scheduler guide only speaks of recurring schedules there.
 */
function wallClockInstant(fields: number[], timezone: string, text: string, where: string): number {
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = fields;
  const pattern = `${second} ${minute} ${hour} ${day} ${month} * ${year}`;
  let found: Date | null = null;
  try {
    const cron = new Cron(pattern, { mode: '7-part', timezone, paused: true });
    // Every zone is within a day of UTC, so two days before the UTC reading is before the instant.
    found = cron.nextRun(new Date(Date.UTC(year, month - 1, day, hour, minute, second) - 2 * 86_400_000));
  } catch {
    found = null;
  }
  if (!found) throw new UnsupportedScheduleError(`${where}: ${text} is not a date and time that exists`);
  return found.getTime();
}

import { describe, expect, it } from 'vitest';
import {
  nextFiring,
  parseScheduleExpression,
  type ScheduleWindow,
  UnsupportedScheduleError,
} from '../../../infra/local/runtime/schedule-expression.ts';

const ACTIVATED = Date.parse('2026-11-22T10:00:30Z'); // a Sunday

/** The next `count` firings from `from` (ISO), each searched from just after the previous one. */
function firings(
  expression: string,
  { timezone = 'UTC', from = ACTIVATED, count = 4, window = {} as Partial<ScheduleWindow> } = {},
): string[] {
  const parsed = parseScheduleExpression(expression, timezone, 'Schedule Test');
  const result: string[] = [];
  let cursor = from;
  for (let i = 0; i < count; i++) {
    const next = nextFiring(parsed, cursor, { activatedAt: ACTIVATED, ...window });
    if (next === null) break;
    result.push(new Date(next).toISOString());
    cursor = next + 1;
  }
  return result;
}

describe('rate expressions', () => {
  it('fires at once when the schedule starts, then every period', () => {
    expect(firings('rate(1 minute)', { count: 3 })).toEqual([
      '2026-11-22T10:00:30.000Z',
      '2026-11-22T10:01:30.000Z',
      '2026-11-22T10:02:30.000Z',
    ]);
  });

  it('counts days as 24 hours and anchors on StartDate when there is one', () => {
    const start = Date.parse('2026-12-01T08:00:00Z');
    expect(firings('rate(2 days)', { count: 2, window: { startDate: start } })).toEqual([
      '2026-12-01T08:00:00.000Z',
      '2026-12-03T08:00:00.000Z',
    ]);
    expect(firings('rate(3 hours)', { count: 1, from: Date.parse('2026-11-22T11:00:00Z') })).toEqual([
      '2026-11-22T13:00:30.000Z',
    ]);
  });

  it('stops before EndDate', () => {
    const endDate = Date.parse('2026-11-22T10:02:30Z');
    expect(firings('rate(1 minute)', { window: { endDate } })).toEqual([
      '2026-11-22T10:00:30.000Z',
      '2026-11-22T10:01:30.000Z',
    ]);
  });
});

describe('cron expressions (AWS six fields)', () => {
  it.each([
    ['cron(0 6 ? * MON *)', ['2026-11-23T06:00:00.000Z', '2026-11-30T06:00:00.000Z']],
    ['cron(0/15 * * * ? *)', ['2026-11-22T10:15:00.000Z', '2026-11-22T10:30:00.000Z']],
    ['cron(0 6 L * ? *)', ['2026-11-30T06:00:00.000Z', '2026-12-31T06:00:00.000Z']],
    ['cron(0 6 ? * 6L *)', ['2026-11-27T06:00:00.000Z', '2026-12-25T06:00:00.000Z']],
    ['cron(0 6 ? * 3#2 *)', ['2026-12-08T06:00:00.000Z', '2027-01-12T06:00:00.000Z']],
    ['cron(0 6 ? * L *)', ['2026-11-28T06:00:00.000Z', '2026-12-05T06:00:00.000Z']],
    ['cron(0 6 15W * ? *)', ['2026-12-15T06:00:00.000Z', '2027-01-15T06:00:00.000Z']],
    ['cron(0 12 1 JAN-MAR ? 2027)', ['2027-01-01T12:00:00.000Z', '2027-02-01T12:00:00.000Z']],
    ['cron(0 8 ? * 2-6 *)', ['2026-11-23T08:00:00.000Z', '2026-11-24T08:00:00.000Z']],
  ])('%s fires as AWS documents it', (expression, expected) => {
    // ? = any; L = last day (of the month, or Saturday in day-of-week); 6L = last Friday;
    // 3#2 = second Tuesday (1 = Sunday); 15W = weekday nearest the 15th; a/n = from a, every n.
    expect(firings(expression, { count: 2 })).toEqual(expected);
  });

  it('reads the fields in the schedule time zone', () => {
    expect(firings('cron(0 9 ? * MON *)', { timezone: 'Europe/Paris', count: 1 })).toEqual([
      '2026-11-23T08:00:00.000Z',
    ]);
  });

  it('skips a time that daylight saving removes and runs a repeated time once, as Scheduler does', () => {
    // New York springs forward at 02:00 on 2027-03-14 and falls back at 02:00 on 2026-11-01.
    expect(
      firings('cron(30 2 * * ? *)', {
        timezone: 'America/New_York',
        from: Date.parse('2027-03-13T00:00:00Z'),
        count: 2,
      }),
    ).toEqual(['2027-03-13T07:30:00.000Z', '2027-03-15T06:30:00.000Z']);
    expect(
      firings('cron(0/30 1 * * ? *)', {
        timezone: 'America/New_York',
        from: Date.parse('2026-11-01T04:00:00Z'),
        count: 3,
      }),
    ).toEqual(['2026-11-01T05:00:00.000Z', '2026-11-01T05:30:00.000Z', '2026-11-02T06:00:00.000Z']);
  });

  it('starts at StartDate and ends before EndDate', () => {
    const window = {
      startDate: Date.parse('2026-12-01T00:00:00Z'),
      endDate: Date.parse('2026-12-15T06:00:00Z'),
    };
    expect(firings('cron(0 6 ? * MON *)', { window })).toEqual([
      '2026-12-07T06:00:00.000Z',
      '2026-12-14T06:00:00.000Z',
    ]);
  });
});

describe('at expressions', () => {
  it('fires once at the wall-clock time in the schedule time zone, whatever StartDate says', () => {
    const window = { startDate: Date.parse('2030-01-01T00:00:00Z') };
    expect(firings('at(2026-12-24T18:00:00)', { timezone: 'Europe/Paris', window })).toEqual([
      '2026-12-24T17:00:00.000Z',
    ]);
  });

  it('has no firing once its time has passed', () => {
    expect(firings('at(2026-01-01T00:00:00)')).toEqual([]);
  });
});

describe('expressions the local runtime refuses', () => {
  it.each([
    ['cron(0 6 * * MON *)', 'one of day-of-month and day-of-week must be ?'],
    ['cron(0 6 ? * ? *)', 'one of day-of-month and day-of-week must be ?'],
    ['cron(0 6 * * ?)', 'needs 6 fields'],
    ['cron(0 6 ? * 2#1,6#3 *)', '# allows one expression'],
    ['cron(0 6 LW * ? *)', 'L and W stand alone'],
    ['cron(0 6 ? * 0 *)', 'day-of-week value "0" is outside 1-7'],
    ['cron(0 6 ? * 1/2 *)', 'day-of-week takes no / step'],
    ['cron(0 6 ? * FRI-MON *)', 'runs backwards'],
    ['cron(0 24 * * ? *)', 'hours value "24" is outside 0-23'],
    ['rate(0 minutes)', 'positive integer'],
    ['rate(30 seconds)', 'minute(s), hour(s) or day(s)'],
    ['at(2026-02-30T18:00:00)', 'not a date and time that exists'],
    ['every monday', 'is not a Scheduler expression'],
  ])('rejects %s, naming the schedule and the problem', (expression, problem) => {
    const parse = () => parseScheduleExpression(expression, 'UTC', 'Schedule Nightly (NightlyABC)');
    expect(parse).toThrow(UnsupportedScheduleError);
    expect(parse).toThrow(/^Schedule Nightly \(NightlyABC\): /);
    expect(parse).toThrow(problem);
  });

  it('rejects a time zone that is not an IANA name', () => {
    expect(() => parseScheduleExpression('rate(1 hour)', 'Mars/Olympus', 'Schedule S')).toThrow(
      'Schedule S: unknown time zone "Mars/Olympus"',
    );
  });
});

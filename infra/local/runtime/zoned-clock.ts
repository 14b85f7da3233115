/**
 * Wall-clock questions about an instant in an IANA time zone, answered with Intl (no time zone
 * database of our own): its UTC offset, and whether it is the second pass through a repeated hour.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timezone, f);
  }
  return f;
}

/** Throws a RangeError for a name Intl does not know. */
export function assertTimezone(timezone: string): void {
  formatter(timezone);
}

/** Milliseconds to add to `instant` to read the zone's wall clock (negative west of UTC). */
export function offsetMs(instant: number, timezone: string): number {
  const parts = Object.fromEntries(
    formatter(timezone)
      .formatToParts(new Date(instant))
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<string, number>;
  const wall = Date.UTC(
    parts.year ?? 0,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * Whether the wall-clock time of `instant` already happened once, an offset change ago: the
 * second 01:30 of a night when clocks fall back from 02:00 to 01:00. Offsets change by at most a
 * couple of hours, so looking three hours back finds every such change.
 */
export function isSecondPass(instant: number, timezone: string): boolean {
  const before = offsetMs(instant - 3 * 3_600_000, timezone);
  const now = offsetMs(instant, timezone);
  if (before <= now) return false;
  const earlier = instant - (before - now);
  return earlier + offsetMs(earlier, timezone) === instant + now;
}

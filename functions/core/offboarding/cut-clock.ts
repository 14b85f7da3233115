/**
 * The clock of an offboarding's access cuts: when each cut became due, the time-to-cut SLO it is
 * held to, and until when it keeps trying through outages. Pure: the workflow carries the clock
 * from Begin Offboarding to every cut step, so all of them measure from the same instant.
 */

export interface TimeToCutSettings {
  /** A cut must be read back this many seconds after it became due. */
  sloSeconds: number;
  /** The same for a termination marked `urgent`. */
  urgentSloSeconds: number;
  /** A cut keeps trying this long through outages before the run says `access-remains`. */
  keepTryingHours: number;
}

export interface CutClock {
  /** The termination's `effectiveAt`, as HR sent it. */
  effectiveAt: string;
  /** When Lanyard could first act: `effectiveAt`, or when the event arrived if that was later (or urgent). */
  dueAt: string;
  sloSeconds: number;
  /** After this, a cut that still fails stops trying and the run says `access-remains`. */
  giveUpAt: string;
}

export function cutClockOf(
  event: { effectiveAt: string; urgent?: boolean },
  startAt: Date,
  settings: TimeToCutSettings,
): CutClock {
  return {
    effectiveAt: event.effectiveAt,
    dueAt: startAt.toISOString(),
    sloSeconds: event.urgent ? settings.urgentSloSeconds : settings.sloSeconds,
    giveUpAt: new Date(startAt.getTime() + settings.keepTryingHours * 3_600_000).toISOString(),
  };
}

/** Seconds from due to `at` (never negative: a cut read back before it was due took no time). */
export function secondsSinceDue(clock: CutClock, at: Date): number {
  return Math.max(0, Math.round((at.getTime() - Date.parse(clock.dueAt)) / 1000));
}

/** The longest pause between two tries of a cut. */
export const MAX_RETRY_DELAY_SECONDS = 300;

/**
 * How long to wait before trying a failed cut again: 5 s doubling per attempt, capped at five
 * minutes, spread by a jitter derived from the run (so a burst of leavers that failed together
 * does not come back together, and a re-run of the same step waits the same).
 */
export function retryDelaySeconds(attempt: number, runId: string): number {
  const base = Math.min(MAX_RETRY_DELAY_SECONDS, 5 * 2 ** Math.max(0, attempt - 1));
  const spread = (hash(`${runId}#${attempt}`) % 1000) / 1000; // [0, 1)
  return Math.max(1, Math.min(MAX_RETRY_DELAY_SECONDS, Math.round(base * (0.5 + spread / 2))));
}

/** FNV-1a: a stable spread, not a secret. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

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

/** The pause between two tries of a cut that found Trello's rate limit fully booked: 5–15 s. */
export const BUSY_RETRY_SECONDS = { least: 5, most: 15 } as const;

/**
 * How long to wait before trying again a cut whose step found Trello's rate limit booked past
 * what it may wait (TrelloBusy: nothing was sent). That is a full queue, not an outage, so the
 * pause does not grow with the tries: a doubling pause would leave the cuts of a layoff waiting
 * minutes while the windows they queue for go unused. 5–15 s, spread per run and try, keeps every
 * waiting cut coming back about as often as a try may wait for its first call (a quarter of the
 * step's time, about 13 s), so the queue stays fed until the last cut is through.
 */
export function busyRetryDelaySeconds(attempt: number, runId: string): number {
  const spread = (hash(`${runId}#busy#${attempt}`) % 1000) / 1000; // [0, 1)
  const { least, most } = BUSY_RETRY_SECONDS;
  return Math.round(least + (most - least) * spread);
}

/** The pause before trying again a cut the IdP pacer refused: 10 s doubling, at most 2 min. */
export const IDP_BUSY_RETRY_SECONDS = { first: 10, most: 120 } as const;

/**
 * How long to wait before trying again a sign-in cut whose step found the IdP's rate limit booked
 * past what it may wait (IdpBusy: nothing was sent) when the pacer gave it no turn in its queue
 * (it gives one unless the records table fails it; Note Cut Delay waits for that). Unlike Trello's, that queue is long in a
 * layoff: an Okta sign-in cut is 4 calls at 600 a minute, so 1,000 leavers queue for 7 minutes,
 * and trying every 5–15 s would be some 30,000 refused tries (each a Lambda call and a record)
 * for the same 10 minutes. A pause doubling from 10 s to 2 minutes, spread per run and try, keeps
 * enough tries coming to fill every slot while hundreds wait, and the last cut only a slot or
 * two behind (simulated for 1,000 cuts at Okta's rate: 6,800 tries, the last about 10 s later).
 */
export function idpBusyRetryDelaySeconds(attempt: number, runId: string): number {
  const { first, most } = IDP_BUSY_RETRY_SECONDS;
  const base = Math.min(most, first * 2 ** Math.max(0, attempt - 1));
  const spread = (hash(`${runId}#idp-busy#${attempt}`) % 1000) / 1000; // [0, 1)
  return Math.max(1, Math.round(base * (0.5 + spread / 2)));
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

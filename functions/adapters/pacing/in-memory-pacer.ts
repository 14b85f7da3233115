import type { RateLimit, ReleaseSlot, RequestPacer } from '../../ports/request-pacer.ts';

interface Slot {
  /** Send time while in flight; response time once released. */
  at: number;
  inFlight: boolean;
}

/**
 * A sliding-window log per bucket: a request may go when fewer than `max` requests fall in the
 * last `windowMs`. Sliding (not fixed) windows because Trello does not say how it aligns its
 * windows; a sliding log is under the limit for any alignment. A request in flight counts as
 * "now" until its response arrives, and then from the response time: the provider saw it at some
 * moment in between, so this never undercounts, however long the request took to land.
 * Shared by every caller in this process; the check and the record happen in one synchronous turn,
 * so concurrent callers cannot both take the last slot.
 */
export class InMemoryPacer implements RequestPacer {
  private readonly slots = new Map<string, Slot[]>();
  private readonly pausedUntil = new Map<string, number>();
  /** Wakes waiters whose only obstacle was a request in flight. */
  private released: { promise: Promise<void>; resolve: () => void } = InMemoryPacer.signal();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  async take(limits: readonly RateLimit[]): Promise<ReleaseSlot> {
    for (;;) {
      const wait = this.waitMs(limits);
      if (wait === 0) {
        const t = this.now();
        const taken = limits.map((limit) => {
          const slot: Slot = { at: t, inFlight: true };
          this.log(limit.name).push(slot);
          return slot;
        });
        return () => {
          const done = this.now();
          for (const slot of taken) {
            slot.at = done;
            slot.inFlight = false;
          }
          const { resolve } = this.released;
          this.released = InMemoryPacer.signal();
          resolve();
        };
      }
      await (wait === Number.POSITIVE_INFINITY ? this.released.promise : this.sleep(wait));
    }
  }

  async pause(bucket: string, untilEpochMs: number): Promise<void> {
    this.pausedUntil.set(bucket, Math.max(this.pausedUntil.get(bucket) ?? 0, untilEpochMs));
  }

  /** 0 = go now; a number = sleep that long; Infinity = wait for a request in flight to finish. */
  private waitMs(limits: readonly RateLimit[]): number {
    const t = this.now();
    let wait = 0;
    for (const limit of limits) {
      wait = Math.max(wait, (this.pausedUntil.get(limit.name) ?? 0) - t);
      const horizon = t - limit.windowMs;
      const log = this.log(limit.name).filter((s) => s.inFlight || s.at > horizon);
      this.slots.set(limit.name, log);
      if (log.length < limit.max) continue;
      // Room appears when enough finished requests leave the window; in-flight ones never leave it.
      const finished = log
        .filter((s) => !s.inFlight)
        .map((s) => s.at)
        .sort((a, b) => a - b);
      const mustLeave = log.length - limit.max + 1;
      const leaving = finished[mustLeave - 1];
      wait = Math.max(
        wait,
        leaving === undefined ? Number.POSITIVE_INFINITY : leaving + limit.windowMs - t + 1,
      );
    }
    return wait;
  }

  private log(bucket: string): Slot[] {
    let log = this.slots.get(bucket);
    if (!log) {
      log = [];
      this.slots.set(bucket, log);
    }
    return log;
  }

  private static signal(): { promise: Promise<void>; resolve: () => void } {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => {
      resolve = r;
    });
    return { promise, resolve };
  }
}

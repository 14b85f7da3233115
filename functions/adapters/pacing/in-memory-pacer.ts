import {
  type RateLimit,
  type ReleaseSlot,
  type RequestPacer,
  SlotUnavailableError,
  type TakeOptions,
} from '../../ports/request-pacer.ts';

const BULK = 0;
const CUT_START = 1;
const CUT_UNDER_WAY = 2;

/** A caller's tier: who goes first when several wait on a bucket. */
function tierOf({ urgent = false, continues = false }: TakeOptions): number {
  if (!urgent) return BULK;
  return continues ? CUT_UNDER_WAY : CUT_START;
}

interface Slot {
  /** Send time while in flight; response time once released. */
  at: number;
  inFlight: boolean;
}

/**
 * How long a caller must wait: `ms` exactly when `settled`; otherwise at least `ms`, until a
 * request in flight answers or the callers of a higher tier ahead are served (a `changed` signal).
 */
interface Wait {
  ms: number;
  settled: boolean;
}

/**
 * A sliding-window log per bucket: a request may go when fewer than `max` requests fall in the
 * last `windowMs`. Sliding (not fixed) windows because Trello does not say how it aligns its
 * windows; a sliding log is under the limit for any alignment. A request in flight counts as
 * "now" until its response arrives, and then from the response time: the provider saw it at some
 * moment in between, so this never undercounts, however long the request took to land.
 * Shared by every caller in this process; the check and the record happen in one synchronous turn,
 * so concurrent callers cannot both take the last slot.
 *
 * Deadlines: a caller is refused as soon as its slot is known to come too late, and never books
 * anything before it goes. Urgency, in tiers: bulk work, then a cut's first call, then the later
 * calls of a cut under way. While a caller of a higher tier waits on a bucket, callers of lower
 * tiers see that bucket as full, so every slot that frees goes to cuts under way first, then to
 * new cuts. Bulk work also gives way for one window after a cut had to wait for a slot or was
 * refused one: a layoff's cuts come back between their tries, and the slots that free while none of
 * them happens to wait must not go to the rest of the runs' work. A cut served at once (a single
 * offboarding) holds nothing back; without contended cuts bulk work keeps the whole rate.
 * First calls of cuts are also spaced `window ÷ max` apart: a window that empties would otherwise
 * start a whole window of cuts at once, more than their later calls can follow before their steps'
 * deadlines (every such try starts over, its first call wasted).
 */
export class InMemoryPacer implements RequestPacer {
  private readonly slots = new Map<string, Slot[]>();
  private readonly pausedUntil = new Map<string, number>();
  /** When each bucket last saw a cut that could not go at once (it waited, or was refused). */
  private readonly lastContendedCut = new Map<string, number>();
  /** When each bucket last let a cut's first call go. */
  private readonly lastCutStart = new Map<string, number>();
  /** When each bucket last let bulk work go. */
  private readonly lastBulkStart = new Map<string, number>();
  /** Each bucket's next free turn for refused callers (nextTurn). */
  private readonly turns = new Map<string, number>();
  /** Callers waiting per bucket, by tier (index: see tierOf). Bulk callers are not counted. */
  private readonly waiting = new Map<string, number[]>();
  /** Wakes waiters that wait for a request in flight to finish or for higher tiers to be served. */
  private changed: { promise: Promise<void>; resolve: () => void } = InMemoryPacer.signal();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  async take(limits: readonly RateLimit[], options: TakeOptions = {}): Promise<ReleaseSlot> {
    const { deadline } = options;
    const tier = tierOf(options);
    // One timer per take (not per wake-up: a thousand waiters woken by every release would pile
    // up timers), started only when the caller first waits for a signal.
    let expired: Promise<void> | undefined;
    let pastDeadline = false;
    let queued = false;
    try {
      for (let contended = false; ; contended = true) {
        const t = this.now();
        const wait = this.waitMs(limits, tier, t);
        const goesNow = wait.ms === 0 && wait.settled;
        if (tier > BULK && (contended || !goesNow))
          for (const { name } of limits) this.lastContendedCut.set(name, t);
        if (goesNow) return this.book(limits, tier, t);
        if (deadline !== undefined && (t + wait.ms > deadline || (!wait.settled && pastDeadline))) {
          throw new SlotUnavailableError(
            `No request slot under ${limits.map((l) => l.name).join(', ')} before the deadline`,
            wait.settled ? t + wait.ms : undefined,
          );
        }
        if (tier > BULK && !queued) {
          queued = true;
          this.queue(limits, tier, 1);
        }
        if (wait.settled) {
          await this.sleep(wait.ms);
        } else if (deadline === undefined) {
          await this.changed.promise;
        } else {
          expired ??= this.sleep(deadline - t).then(() => {
            pastDeadline = true;
          });
          await Promise.race([this.changed.promise, expired]);
        }
      }
    } finally {
      if (queued) {
        this.queue(limits, tier, -1);
        this.notify();
      }
    }
  }

  async pause(bucket: string, untilEpochMs: number): Promise<void> {
    this.pausedUntil.set(bucket, Math.max(this.pausedUntil.get(bucket) ?? 0, untilEpochMs));
  }

  async nextTurn(limit: RateLimit, slots: number, notBefore: number): Promise<number> {
    const at = Math.max(notBefore, this.turns.get(limit.name) ?? 0);
    this.turns.set(limit.name, at + (slots * limit.windowMs) / limit.max);
    return at;
  }

  private book(limits: readonly RateLimit[], tier: number, t: number): ReleaseSlot {
    const starts = tier === CUT_START ? this.lastCutStart : tier === BULK ? this.lastBulkStart : undefined;
    if (starts) for (const { name } of limits) starts.set(name, t);
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
      this.notify();
    };
  }

  private waitMs(limits: readonly RateLimit[], tier: number, t: number): Wait {
    const wait: Wait = { ms: 0, settled: true };
    for (const limit of limits) {
      wait.ms = Math.max(wait.ms, (this.pausedUntil.get(limit.name) ?? 0) - t);
      const spaced = (last: number | undefined) => {
        if (last !== undefined) wait.ms = Math.max(wait.ms, last + limit.windowMs / limit.max - t);
      };
      if (tier === BULK) {
        const seen = this.lastContendedCut.get(limit.name);
        if (seen !== undefined && t < seen + 2 * limit.windowMs) {
          wait.ms = Math.max(wait.ms, seen + limit.windowMs - t);
          spaced(this.lastBulkStart.get(limit.name));
        }
      }
      if (tier === CUT_START) spaced(this.lastCutStart.get(limit.name));
      if ((this.waiting.get(limit.name) ?? []).some((n, above) => above > tier && n > 0))
        wait.settled = false;
      const horizon = t - limit.windowMs;
      const log = this.log(limit.name).filter((s) => s.inFlight || s.at > horizon);
      this.slots.set(limit.name, log);
      if (log.length < limit.max) continue;
      // Room appears when enough finished requests leave the window; in-flight ones never leave it
      // until they answer, and then a window after that at the earliest.
      const finished = log
        .filter((s) => !s.inFlight)
        .map((s) => s.at)
        .sort((a, b) => a - b);
      const mustLeave = log.length - limit.max + 1;
      const leaving = finished[mustLeave - 1];
      if (leaving === undefined) wait.settled = false;
      wait.ms = Math.max(wait.ms, (leaving ?? t) + limit.windowMs - t + 1);
    }
    return wait;
  }

  private queue(limits: readonly RateLimit[], tier: number, delta: 1 | -1): void {
    for (const { name } of limits) {
      const counts = this.waiting.get(name) ?? [0, 0, 0];
      counts[tier] = (counts[tier] ?? 0) + delta;
      if (counts.some((n) => n > 0)) this.waiting.set(name, counts);
      else this.waiting.delete(name);
    }
  }

  private notify(): void {
    const { resolve } = this.changed;
    this.changed = InMemoryPacer.signal();
    resolve();
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

import type { RateLimit, RequestPacer } from '../../ports/request-pacer.ts';

/**
 * A sliding-window log per bucket: a request may go when fewer than `max` requests were sent in
 * the last `windowMs`. Sliding (not fixed) windows because Trello does not say how it aligns its
 * windows; a sliding log is under the limit for any alignment. Shared by every caller in this
 * process; the check and the record happen in one synchronous turn, so concurrent callers cannot
 * both take the last slot.
 */
export class InMemoryPacer implements RequestPacer {
  private readonly sent = new Map<string, number[]>();
  private readonly pausedUntil = new Map<string, number>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  async take(limits: readonly RateLimit[]): Promise<void> {
    for (;;) {
      const wait = this.waitMs(limits);
      if (wait <= 0) {
        const t = this.now();
        for (const limit of limits) this.log(limit.name).push(t);
        return;
      }
      await this.sleep(wait);
    }
  }

  async pause(bucket: string, untilEpochMs: number): Promise<void> {
    this.pausedUntil.set(bucket, Math.max(this.pausedUntil.get(bucket) ?? 0, untilEpochMs));
  }

  /** How long until every limit has room (0 = now). Prunes expired entries as it goes. */
  private waitMs(limits: readonly RateLimit[]): number {
    const t = this.now();
    let wait = 0;
    for (const limit of limits) {
      wait = Math.max(wait, (this.pausedUntil.get(limit.name) ?? 0) - t);
      const log = this.log(limit.name);
      const horizon = t - limit.windowMs;
      let expired = 0;
      while (expired < log.length && (log[expired] as number) <= horizon) expired++;
      if (expired > 0) log.splice(0, expired);
      if (log.length >= limit.max) {
        // The oldest request that must leave the window before one more fits.
        const blocker = log[log.length - limit.max] as number;
        wait = Math.max(wait, blocker + limit.windowMs - t + 1);
      }
    }
    return wait;
  }

  private log(bucket: string): number[] {
    let log = this.sent.get(bucket);
    if (!log) {
      log = [];
      this.sent.set(bucket, log);
    }
    return log;
  }
}

/**
 * The simulator's notion of "now": real time by default, or pinned/shifted by the control plane so
 * tests can reason about `dateLastImpression`, `activeSince`/`inactiveSince` and token expiry.
 * Rate-limit windows do NOT use it: they run on the real monotonic clock (see rate-limits.ts).
 */
export type ClockMode = 'real' | 'fixed' | 'offset';

export class SimClock {
  #mode: ClockMode = 'real';
  #fixedMs = 0;
  #offsetMs = 0;

  nowMs(): number {
    if (this.#mode === 'fixed') return this.#fixedMs;
    return Date.now() + this.#offsetMs;
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  /** `fixed` stops the clock at `at`; `offset` lets it run on from `at`. */
  set(at: Date, mode: 'fixed' | 'offset' = 'fixed'): void {
    this.#mode = mode;
    this.#fixedMs = at.getTime();
    this.#offsetMs = at.getTime() - Date.now();
  }

  useRealTime(): void {
    this.#mode = 'real';
    this.#offsetMs = 0;
  }

  describe(): { now: string; mode: ClockMode } {
    return { now: this.now().toISOString(), mode: this.#mode };
  }
}

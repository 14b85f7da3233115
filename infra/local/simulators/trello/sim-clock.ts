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
  #pinnedMs: number | null = null;

  nowMs(): number {
    if (this.#pinnedMs !== null) return this.#pinnedMs;
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

  /**
   * Runs `operation` with the clock stopped at `atMs`, so every reading inside one model operation
   * sees the same instant, and replaying it from the journal at that instant gives the same ids.
   */
  during<T>(atMs: number, operation: () => T): T {
    const before = this.#pinnedMs;
    this.#pinnedMs = atMs;
    try {
      return operation();
    } finally {
      this.#pinnedMs = before;
    }
  }

  useRealTime(): void {
    this.#mode = 'real';
    this.#offsetMs = 0;
  }

  describe(): { now: string; mode: ClockMode } {
    return { now: this.now().toISOString(), mode: this.#mode };
  }
}

/**
 * Trello's request limits (ref: NOTES.md §7): 300 requests / 10 s per API key, 100 / 10 s per
 * token, and 100 / 900 s per token on the `GET /1/members/{id}` route alone. A key that draws more
 * than 200 429s inside a key window is locked out for the rest of that window.
 *
 * UNVERIFIED: windows are sliding (the strict reading of "N requests per T"), only admitted
 * requests fill them, the lockout lasts one key window from the 429 that tripped it, 429s answered
 * during a lockout do not extend it, and when several buckets are full the key's is named first,
 * then the token's, then the member route's. Headers are sent only once key and token are valid.
 * Windows run on the real monotonic clock scaled by `timeScale`, never on the sim clock, so
 * pinning the sim date cannot freeze or skip them.
 */
export type RateLimitError = 'API_KEY_LIMIT_EXCEEDED' | 'API_TOKEN_LIMIT_EXCEEDED' | 'MEMBER_LIMIT_EXCEEDED';

export const RATE_LIMITS = {
  key: { max: 300, intervalMs: 10_000 },
  token: { max: 100, intervalMs: 10_000 },
  memberRoute: { max: 100, intervalMs: 900_000 },
  /** More than this many 429s on one key inside a key window locks the key. */
  lockoutAfter429s: 200,
} as const;

/** A log of instants inside a sliding window; pruned lazily from the front. */
class SlidingWindow {
  #times: number[] = [];
  #head = 0;

  count(now: number, intervalMs: number): number {
    const cutoff = now - intervalMs;
    while (this.#head < this.#times.length && (this.#times[this.#head] ?? 0) <= cutoff) this.#head += 1;
    if (this.#head > 1024 && this.#head * 2 > this.#times.length) {
      this.#times = this.#times.slice(this.#head);
      this.#head = 0;
    }
    return this.#times.length - this.#head;
  }

  add(now: number): void {
    this.#times.push(now);
  }

  clear(): void {
    this.#times = [];
    this.#head = 0;
  }
}

interface KeyState {
  requests: SlidingWindow;
  recent429s: SlidingWindow;
  lockedUntil: number;
}

interface TokenState {
  requests: SlidingWindow;
  memberRoute: SlidingWindow;
}

export interface RateLimitDecision {
  /** null when admitted. */
  error: RateLimitError | null;
  /** Best-effort headers seen on real responses (ref: NOTES.md §7, [RL-COMM]). */
  headers: Record<string, string>;
}

export interface RateLimitSettings {
  timeScale: number;
  enabled: boolean;
}

export interface RateLimitStats extends RateLimitSettings {
  intervalsMs: { key: number; token: number; memberRoute: number };
  rejected: Record<RateLimitError, number>;
  lockouts: number;
  keysLockedNow: number;
}

export class RateLimiter {
  #settings: RateLimitSettings;
  readonly #now: () => number;
  #keys = new Map<string, KeyState>();
  #tokens = new Map<string, TokenState>();
  #rejected: Record<RateLimitError, number> = {
    API_KEY_LIMIT_EXCEEDED: 0,
    API_TOKEN_LIMIT_EXCEEDED: 0,
    MEMBER_LIMIT_EXCEEDED: 0,
  };
  #lockouts = 0;

  constructor(settings: RateLimitSettings, now: () => number = () => performance.now()) {
    this.#settings = { ...settings };
    this.#now = now;
  }

  get settings(): RateLimitSettings {
    return { ...this.#settings };
  }

  configure(settings: Partial<RateLimitSettings>): void {
    this.#settings = { ...this.#settings, ...settings };
  }

  /** Forgets every window and lockout (a reseed brings new keys and tokens anyway). */
  reset(): void {
    this.#keys.clear();
    this.#tokens.clear();
    this.#rejected = { API_KEY_LIMIT_EXCEEDED: 0, API_TOKEN_LIMIT_EXCEEDED: 0, MEMBER_LIMIT_EXCEEDED: 0 };
    this.#lockouts = 0;
  }

  #interval(baseMs: number): number {
    return Math.max(1, baseMs * this.#settings.timeScale);
  }

  #keyState(key: string): KeyState {
    let state = this.#keys.get(key);
    if (!state) {
      state = { requests: new SlidingWindow(), recent429s: new SlidingWindow(), lockedUntil: 0 };
      this.#keys.set(key, state);
    }
    return state;
  }

  #tokenState(token: string): TokenState {
    let state = this.#tokens.get(token);
    if (!state) {
      state = { requests: new SlidingWindow(), memberRoute: new SlidingWindow() };
      this.#tokens.set(token, state);
    }
    return state;
  }

  /** Admits the request (filling every window it counts against) or names the bucket that refused. */
  check(key: string, token: string, memberRoute: boolean): RateLimitDecision {
    if (!this.#settings.enabled) return { error: null, headers: {} };
    const now = this.#now();
    const keyInterval = this.#interval(RATE_LIMITS.key.intervalMs);
    const tokenInterval = this.#interval(RATE_LIMITS.token.intervalMs);
    const memberInterval = this.#interval(RATE_LIMITS.memberRoute.intervalMs);
    const keyState = this.#keyState(key);
    const tokenState = this.#tokenState(token);
    const keyUsed = keyState.requests.count(now, keyInterval);
    const tokenUsed = tokenState.requests.count(now, tokenInterval);

    let error: RateLimitError | null = null;
    if (keyState.lockedUntil > now || keyUsed >= RATE_LIMITS.key.max) error = 'API_KEY_LIMIT_EXCEEDED';
    else if (tokenUsed >= RATE_LIMITS.token.max) error = 'API_TOKEN_LIMIT_EXCEEDED';
    else if (
      memberRoute &&
      tokenState.memberRoute.count(now, memberInterval) >= RATE_LIMITS.memberRoute.max
    ) {
      error = 'MEMBER_LIMIT_EXCEEDED';
    }

    const admitted = error === null ? 1 : 0;
    if (error === null) {
      keyState.requests.add(now);
      tokenState.requests.add(now);
      if (memberRoute) tokenState.memberRoute.add(now);
    } else {
      this.#rejected[error] += 1;
      // 429s answered during a lockout do not extend it: it ends with its window.
      if (keyState.lockedUntil <= now) this.#count429(keyState, now, keyInterval);
    }
    return {
      error,
      headers: {
        'x-rate-limit-api-key-interval-ms': String(Math.round(keyInterval)),
        'x-rate-limit-api-key-max': String(RATE_LIMITS.key.max),
        'x-rate-limit-api-key-remaining': String(Math.max(0, RATE_LIMITS.key.max - keyUsed - admitted)),
        'x-rate-limit-api-token-interval-ms': String(Math.round(tokenInterval)),
        'x-rate-limit-api-token-max': String(RATE_LIMITS.token.max),
        'x-rate-limit-api-token-remaining': String(Math.max(0, RATE_LIMITS.token.max - tokenUsed - admitted)),
      },
    };
  }

  /**
   * A 429 injected by the fault layer. UNVERIFIED: it counts towards the key's lockout like any
   * other 429, because a client cannot tell them apart and Trello counts 429s per key.
   */
  recordInjected429(key: string): void {
    if (!this.#settings.enabled) return;
    const now = this.#now();
    const keyState = this.#keyState(key);
    if (keyState.lockedUntil <= now)
      this.#count429(keyState, now, this.#interval(RATE_LIMITS.key.intervalMs));
  }

  #count429(keyState: KeyState, now: number, keyInterval: number): void {
    keyState.recent429s.add(now);
    if (keyState.recent429s.count(now, keyInterval) > RATE_LIMITS.lockoutAfter429s) {
      keyState.lockedUntil = now + keyInterval;
      keyState.recent429s.clear();
      this.#lockouts += 1;
    }
  }

  stats(): RateLimitStats {
    const now = this.#now();
    return {
      ...this.#settings,
      intervalsMs: {
        key: this.#interval(RATE_LIMITS.key.intervalMs),
        token: this.#interval(RATE_LIMITS.token.intervalMs),
        memberRoute: this.#interval(RATE_LIMITS.memberRoute.intervalMs),
      },
      rejected: { ...this.#rejected },
      lockouts: this.#lockouts,
      keysLockedNow: [...this.#keys.values()].filter((k) => k.lockedUntil > now).length,
    };
  }
}

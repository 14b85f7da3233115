/**
 * Counts every `/1/*` request per `METHOD /1/route/template` with its status codes, plus totals,
 * so tests can assert "a re-run made no new writes" and benchmarks can compare calls to the floor.
 */
export interface RouteCallStats {
  count: number;
  statuses: Record<string, number>;
}

export interface CallStatsSnapshot {
  total: number;
  /** Non-GET requests, whatever their answer. */
  writes: number;
  /** Non-GET requests answered 2xx: the ones that may have changed something. */
  successfulWrites: number;
  rateLimited: number;
  byRoute: Record<string, RouteCallStats>;
}

/** One second of requests, counted from the last reset: answered, and refused with a 429. */
export interface CallSecond {
  second: number;
  answered: number;
  rateLimited: number;
}

/** What a request ended as: an HTTP status, or `timeout` when the connection was dropped. */
export type CallOutcome = number | 'timeout';

export class CallStats {
  #byRoute = new Map<string, RouteCallStats>();
  #total = 0;
  #writes = 0;
  #successfulWrites = 0;
  #rateLimited = 0;
  #since = performance.now();
  #perSecond: Array<{ answered: number; rateLimited: number }> = [];

  record(method: string, template: string, outcome: CallOutcome): void {
    const second = Math.floor((performance.now() - this.#since) / 1000);
    this.#perSecond[second] ??= { answered: 0, rateLimited: 0 };
    const slot = this.#perSecond[second];
    if (outcome === 429) slot.rateLimited += 1;
    else slot.answered += 1;
    const key = `${method} ${template}`;
    let route = this.#byRoute.get(key);
    if (!route) {
      route = { count: 0, statuses: {} };
      this.#byRoute.set(key, route);
    }
    route.count += 1;
    const status = String(outcome);
    route.statuses[status] = (route.statuses[status] ?? 0) + 1;
    this.#total += 1;
    if (method !== 'GET') {
      this.#writes += 1;
      if (typeof outcome === 'number' && outcome >= 200 && outcome < 300) this.#successfulWrites += 1;
    }
    if (outcome === 429) this.#rateLimited += 1;
  }

  reset(): void {
    this.#byRoute.clear();
    this.#total = 0;
    this.#writes = 0;
    this.#successfulWrites = 0;
    this.#rateLimited = 0;
    this.#since = performance.now();
    this.#perSecond = [];
  }

  /** Requests per second since the last reset (benchmarks chart them against the limit). */
  timeline(): CallSecond[] {
    return Array.from(this.#perSecond, (slot, second) => ({
      second,
      answered: slot?.answered ?? 0,
      rateLimited: slot?.rateLimited ?? 0,
    }));
  }

  snapshot(): CallStatsSnapshot {
    const byRoute: Record<string, RouteCallStats> = {};
    for (const [key, value] of [...this.#byRoute].sort(([a], [b]) => a.localeCompare(b))) {
      byRoute[key] = { count: value.count, statuses: { ...value.statuses } };
    }
    return {
      total: this.#total,
      writes: this.#writes,
      successfulWrites: this.#successfulWrites,
      rateLimited: this.#rateLimited,
      byRoute,
    };
  }
}

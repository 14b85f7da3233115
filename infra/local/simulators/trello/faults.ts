import { z } from 'zod';
import { mulberry32, type RandomSource } from '../prng.ts';

/**
 * Failures on demand for `/1/*` (never `/_sim/*`): added latency, 5xx answers, held-then-dropped
 * connections, and bursts of 429s. Every matching request draws the same number of random values
 * in the same order, so one seed and one request sequence always give the same faults.
 */
export const FaultSettings = z
  .object({
    seed: z.number().int().default(1),
    latency: z
      .object({ minMs: z.number().int().min(0), maxMs: z.number().int().min(0) })
      .refine((l) => l.minMs <= l.maxMs, 'latency.minMs must not exceed latency.maxMs')
      .optional(),
    /** Share of matching requests answered 500/502/503. */
    serverErrorRate: z.number().min(0).max(1).default(0),
    serverErrorStatuses: z
      .array(z.union([z.literal(500), z.literal(502), z.literal(503)]))
      .min(1)
      .default([500, 502, 503]),
    /** Share of matching requests held for `timeoutMs` and then dropped without an answer. */
    timeoutRate: z.number().min(0).max(1).default(0),
    timeoutMs: z.number().int().min(0).max(600_000).default(30_000),
    /** Chance that a matching request starts a burst of `rateLimitBurst` consecutive 429s. */
    rateLimitRate: z.number().min(0).max(1).default(0),
    rateLimitBurst: z.number().int().min(1).max(10_000).default(1),
    rateLimitError: z
      .enum(['API_KEY_LIMIT_EXCEEDED', 'API_TOKEN_LIMIT_EXCEEDED', 'MEMBER_LIMIT_EXCEEDED'])
      .default('API_TOKEN_LIMIT_EXCEEDED'),
    /** Restrict faults to a method and/or a path glob (`*` = any characters), matched against the
     * route template (`/1/enterprises/{id}/members/query`) or the concrete path. */
    match: z
      .object({ method: z.string().min(1).optional(), path: z.string().min(1).optional() })
      .strict()
      .optional(),
  })
  .strict();
export type FaultSettings = z.infer<typeof FaultSettings>;

export type FaultOutcome =
  | { kind: 'none' }
  | { kind: 'timeout'; holdMs: number }
  | { kind: 'server-error'; status: 500 | 502 | 503 }
  | { kind: 'rate-limited'; error: FaultSettings['rateLimitError'] };

export interface FaultDecision {
  latencyMs: number;
  outcome: FaultOutcome;
}

export interface FaultStats {
  active: boolean;
  settings: FaultSettings | null;
  matched: number;
  injected: { latency: number; timeout: number; serverError: number; rateLimited: number };
}

const NO_FAULT: FaultDecision = { latencyMs: 0, outcome: { kind: 'none' } };

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

function emptyInjected(): FaultStats['injected'] {
  return { latency: 0, timeout: 0, serverError: 0, rateLimited: 0 };
}

export class FaultInjector {
  #settings: FaultSettings | null = null;
  #random: RandomSource = mulberry32(1);
  #pathPattern: RegExp | null = null;
  #burstLeft = 0;
  #matched = 0;
  #injected = emptyInjected();

  /** Replaces the fault settings and restarts the random sequence from the seed. */
  configure(settings: FaultSettings): void {
    this.#settings = settings;
    this.#random = mulberry32(settings.seed);
    this.#pathPattern = settings.match?.path === undefined ? null : globToRegExp(settings.match.path);
    this.#burstLeft = 0;
    this.#matched = 0;
    this.#injected = emptyInjected();
  }

  clear(): void {
    this.#settings = null;
    this.#pathPattern = null;
    this.#burstLeft = 0;
  }

  #applies(method: string, templatePath: string, concretePath: string): boolean {
    const match = this.#settings?.match;
    if (match?.method !== undefined && match.method.toUpperCase() !== method.toUpperCase()) return false;
    if (this.#pathPattern && !this.#pathPattern.test(templatePath) && !this.#pathPattern.test(concretePath)) {
      return false;
    }
    return true;
  }

  decide(method: string, templatePath: string, concretePath: string): FaultDecision {
    const s = this.#settings;
    if (!s || !this.#applies(method, templatePath, concretePath)) return NO_FAULT;
    this.#matched += 1;
    // Always five draws, in this order, whatever the outcome: keeps the sequence reproducible.
    const latencyDraw = this.#random();
    const timeoutDraw = this.#random();
    const errorDraw = this.#random();
    const statusDraw = this.#random();
    const burstDraw = this.#random();

    const latencyMs = s.latency
      ? s.latency.minMs + Math.floor(latencyDraw * (s.latency.maxMs - s.latency.minMs + 1))
      : 0;
    if (latencyMs > 0) this.#injected.latency += 1;

    if (this.#burstLeft === 0 && burstDraw < s.rateLimitRate) this.#burstLeft = s.rateLimitBurst;
    let outcome: FaultOutcome = { kind: 'none' };
    if (timeoutDraw < s.timeoutRate) {
      outcome = { kind: 'timeout', holdMs: s.timeoutMs };
      this.#injected.timeout += 1;
    } else if (errorDraw < s.serverErrorRate) {
      const status = s.serverErrorStatuses[Math.floor(statusDraw * s.serverErrorStatuses.length)] ?? 500;
      outcome = { kind: 'server-error', status };
      this.#injected.serverError += 1;
    } else if (this.#burstLeft > 0) {
      this.#burstLeft -= 1;
      outcome = { kind: 'rate-limited', error: s.rateLimitError };
      this.#injected.rateLimited += 1;
    }
    return { latencyMs, outcome };
  }

  stats(): FaultStats {
    return {
      active: this.#settings !== null,
      settings: this.#settings,
      matched: this.#matched,
      injected: { ...this.#injected },
    };
  }
}

/**
 * Paces one identity provider's API calls through the shared pacer (the Trello pacer's port and
 * adapters: in memory in one process, in DynamoDB across Lambdas), so a reconciliation's thousands
 * of reads stay under the provider's published rate (idp-rate-limits.ts) instead of finding it
 * through 429s, and an offboarding's cut never waits behind them:
 *
 * - A step's calls take their slot within its time budget (budgeted-take.ts): the IdP cut step is
 *   urgent, so its calls go ahead of the reads under contention, and a cut that cannot have a slot
 *   in time throws IdpBusyError, having sent nothing — it never waits past the budget. The cut's
 *   workflow comes back after a pause that grows with its tries (cut-clock.ts), a step that is not
 *   a cut through its Task's Retry (idpBusy).
 * - The provider's own view wins over the configured figure: a lower `X-Rate-Limit-Limit` (Okta)
 *   or `X-RateLimit-Limit` (Atlassian) lowers the window for later calls; `Remaining: 0` holds every
 *   caller of the bucket until the `Reset` the provider gave (NOTES §2, §1.4).
 * - A rate-limit answer (429 + Retry-After, Okta E0000047, Google 403 userRateLimitExceeded) pauses
 *   the whole bucket for the provider's hint, at most a tenth of a pacer slice (1 s for Okta; that
 *   tenth when it gives none), so concurrent callers in every Lambda do not each draw their own 429:
 *   at most about one 429 a second per org reaches the provider, no retry storm. At most that,
 *   because the pause holds cuts too: an Okta 429 says "until the minute resets", and a transient
 *   one must not stop every cut for a minute (offboarding.test's 20 % faults timed out at a tenth
 *   of the minute); the refused call's own step waits out the rest in its Retry (backoff with
 *   jitter). The call itself is not retried here (idp-http.ts).
 */
import { IdpBusyError } from '../../core/errors.ts';
import type { IdpKind } from '../../ports/identity-provider.ts';
import {
  type RateLimit,
  type ReleaseSlot,
  type RequestPacer,
  SlotUnavailableError,
} from '../../ports/request-pacer.ts';
import { type Budget, BudgetSpentError, takeWithinBudget } from '../pacing/budgeted-take.ts';
import { withMargin } from '../pacing/limit-margin.ts';
import type { IdpRateLimit } from './idp-rate-limits.ts';

export interface IdpPacingOptions {
  pacer: RequestPacer;
  kind: IdpKind;
  /** The provider's API base URL: its host names the bucket (one org, one window). */
  baseUrl: string;
  limit: IdpRateLimit;
  /** The current invocation's budget (invocation-budget.ts); none outside a step. */
  budget?: () => Budget | undefined;
  now?: () => number;
}

export class IdpPacing {
  private bucket: RateLimit;
  private readonly now: () => number;
  /** Requests per provider window: the configured figure, or a lower one the provider advertised. */
  private advertisedFloor: number;
  /** Invocations (by budget) that have sent a call: their later calls continue a cut under way. */
  private readonly started = new WeakSet<Budget>();

  constructor(private readonly options: IdpPacingOptions) {
    this.bucket = {
      name: `idp:${options.kind}:${new URL(options.baseUrl).host}`,
      ...sliced(options.limit),
    };
    this.now = options.now ?? Date.now;
    this.advertisedFloor = options.limit.max;
  }

  /** The (sliced) window calls are paced to now: the configured rate, or lower, as the provider said. */
  get limit(): RateLimit {
    return { ...this.bucket };
  }

  /**
   * The step invocation running now, known by its budget; undefined outside a step. The adapters
   * keep what one invocation read of a user by it (idp-adapter-base.ts).
   */
  invocation(): object | undefined {
    return this.options.budget?.();
  }

  /** A slot for one call; within a step, by its deadline or IdpBusyError (nothing sent). */
  async take(what: string): Promise<ReleaseSlot> {
    const budget = this.options.budget?.();
    try {
      return await takeWithinBudget(this.options.pacer, [this.bucket], budget, this.started, this.now());
    } catch (error) {
      if (!(error instanceof SlotUnavailableError || error instanceof BudgetSpentError)) throw error;
      const now = this.now();
      const earliest = error instanceof SlotUnavailableError ? error.earliestAt : undefined;
      const left = budget ? Math.max(0, Math.round((budget.deadline - now) / 1000)) : 0;
      // A refused access cut takes a turn in the bucket's queue and comes back then (Note Cut
      // Delay waits for it): 1,000 leavers' cuts return once each, spread at the rate the IdP can
      // take them, instead of all retrying every few seconds and each try costing a Lambda call
      // and its records. Other steps retry through their Task's Retry (idpBusy). A turn that
      // cannot be had (the records table failing) leaves the cut its usual pause.
      const back = budget?.urgent
        ? await this.options.pacer
            .nextTurn(this.bucket, CALLS_PER_CUT, earliest ?? now + this.bucket.windowMs)
            .catch(() => earliest)
        : earliest;
      throw new IdpBusyError(
        `The ${this.options.kind} rate limit is booked for longer than this step may wait (about ${left} s ` +
          `left) to ${what}; nothing was sent`,
        back === undefined ? undefined : Math.max(1, Math.ceil((back - now) / 1000)),
      );
    }
  }

  /**
   * What the provider's answer says of its limit: a lower advertised limit, a spent window
   * (Remaining 0 until Reset), or a rate-limit answer (`rateLimitedFor`: seconds it asked to wait,
   * null when it did not say).
   */
  async observe(
    headers: Headers,
    rateLimitedFor: number | null | undefined,
    resetAt: number | undefined,
  ): Promise<void> {
    const advertised = headerNumber(headers, 'limit');
    if (advertised !== undefined && advertised >= 1 && advertised < this.advertisedFloor) {
      this.advertisedFloor = Math.floor(advertised);
      this.bucket = {
        ...this.bucket,
        ...sliced({ max: this.advertisedFloor, windowMs: this.options.limit.windowMs }),
      };
    }
    const now = this.now();
    if (rateLimitedFor !== undefined) {
      const most = this.bucket.windowMs / 10;
      const hint = rateLimitedFor === null ? most : Math.min(rateLimitedFor * 1000, most);
      await this.options.pacer.pause(this.bucket.name, now + Math.max(hint, 1));
      return;
    }
    if (headerNumber(headers, 'remaining') === 0 && resetAt !== undefined && resetAt > now) {
      await this.options.pacer.pause(this.bucket.name, resetAt);
    }
  }
}

/**
 * The span of a cut's turn: the calls of Okta's sign-in cut, which finds the user (a read of its
 * status too), suspends it, ends its sessions and reads it back (a step reads a user once:
 * idp-adapter-base.ts). Turns so spaced give the cuts the IdP's whole rate; the reads that wait
 * behind them (Verify Offboarding's) come after, as bulk work does behind contended cuts.
 * Providers whose cut takes fewer calls have their turns come a little late, never early.
 */
const CALLS_PER_CUT = 4;

/** Slices of a window the pacer sees: a sixth of a minute for Okta and Google. */
const SLICES = 6;

/**
 * The provider's window cut into sixths, each holding a sixth of its requests: never more in any
 * of the provider's windows (six slices cover it), and the pacer's priority works in slices — bulk
 * work gives way to a contended cut for one pacer window, and a whole Okta minute (Graph's 150 s)
 * of that starved the offboardings' own non-cut IdP steps (verify, finish) past their retries.
 * A window of fewer than six requests is kept whole.
 */
function sliced(limit: IdpRateLimit): IdpRateLimit {
  const slices = limit.max >= SLICES ? SLICES : 1;
  return withMargin({ max: Math.floor(limit.max / slices), windowMs: limit.windowMs / slices });
}

/** Okta's `X-Rate-Limit-<name>` or Atlassian's `X-RateLimit-<name>`, as a number. */
function headerNumber(headers: Headers, name: 'limit' | 'remaining'): number | undefined {
  const text = headers.get(`x-rate-limit-${name}`) ?? headers.get(`x-ratelimit-${name}`);
  if (text === null || text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

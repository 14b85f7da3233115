/**
 * The one way Lanyard talks HTTP to Trello: auth by `key`/`token` query parameters, pacing under
 * the documented limits (NOTES §7), retries with full-jitter backoff, and failures turned into the
 * named errors of core/errors. The key and token are never put into an error, a log line or a
 * record: errors name the method and the route template only.
 *
 * Within a budget (a Lambda step's deadline) nothing waits or runs past the deadline: not the wait
 * for a slot, not a backoff, not a request. What cannot be done in time is thrown as a retryable
 * error (TrelloBusy when nothing was sent), and the state machine calls the step again later —
 * waiting there costs nothing, waiting in a Lambda ends in a timeout (DESIGN.md "Properties").
 */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import {
  AdminHubManagedError,
  type LanyardError,
  LastBoardAdminError,
  MemberDeactivatedError,
  SeatsExhaustedError,
  TrelloAuthFailedError,
  TrelloBusyError,
  TrelloNotFoundError,
  TrelloRateLimitedError,
  TrelloRequestRejectedError,
  TrelloResponseInvalidError,
  TrelloUnavailableError,
  WorkspaceRestrictedError,
} from '../../core/errors.ts';
import {
  type RateLimit,
  type ReleaseSlot,
  type RequestPacer,
  SlotUnavailableError,
} from '../../ports/request-pacer.ts';
import {
  type Budget,
  BudgetSpentError,
  LEAST_ATTEMPT_MS,
  takeWithinBudget,
} from '../pacing/budgeted-take.ts';
import { withMargin } from '../pacing/limit-margin.ts';
import { ErrorBody } from './trello-schemas.ts';

export type { Budget };

export interface TrelloHttpOptions {
  /** e.g. https://api.trello.com/1 (or a simulator's http://127.0.0.1:PORT/1). */
  baseUrl: string;
  apiKey: string;
  apiToken: string;
  pacer: RequestPacer;
  /** Per-request timeout. @default 10000 */
  timeoutMs?: number;
  /** Attempts per call for 429s, 5xx, timeouts and network errors. @default 5 */
  maxAttempts?: number;
  /** Trello's limits; shrink the windows only to match a time-scaled simulator. @default Trello's */
  limits?: Partial<TrelloLimits>;
  /** Backoff base and cap for 5xx/network retries. @default 250 / 5000 ms */
  backoff?: { baseMs: number; capMs: number };
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** The current invocation's budget: requests never wait or run past `deadline`; `urgent` = an access cut. */
  budget?: () => Budget | undefined;
}

export interface TrelloLimits {
  perKey: { max: number; windowMs: number };
  perToken: { max: number; windowMs: number };
  /** `GET /1/members/{id}` only; nested routes do not count (NOTES §7). */
  membersRoute: { max: number; windowMs: number };
}

export const TRELLO_LIMITS: TrelloLimits = {
  perKey: { max: 300, windowMs: 10_000 },
  perToken: { max: 100, windowMs: 10_000 },
  membersRoute: { max: 100, windowMs: 900_000 },
};

type Query = Record<string, string | number | boolean | undefined>;
export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE';

export interface TrelloRequest<T> {
  method: HttpMethod;
  /** Route template for errors and metrics, e.g. `/enterprises/{id}/members/query`. */
  route: string;
  /** Concrete path, ids already encoded. */
  path: string;
  query?: Query;
  body?: unknown;
  schema: z.ZodType<T>;
}

/** Statuses worth trying again: rate limits and upstream trouble. */
const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

export class TrelloHttp {
  private readonly limits: TrelloLimits;
  private readonly keyBucket: RateLimit;
  private readonly tokenBucket: RateLimit;
  private readonly membersBucket: RateLimit;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly backoff: { baseMs: number; capMs: number };
  private readonly random: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  /** Invocations (by budget) that have sent a request: their later calls continue a change under way. */
  private readonly started = new WeakSet<Budget>();

  constructor(private readonly options: TrelloHttpOptions) {
    this.limits = {
      perKey: options.limits?.perKey ?? TRELLO_LIMITS.perKey,
      perToken: options.limits?.perToken ?? TRELLO_LIMITS.perToken,
      membersRoute: options.limits?.membersRoute ?? TRELLO_LIMITS.membersRoute,
    };
    // Buckets are named by a hash so the pacer's state (possibly in DynamoDB) never holds a secret.
    const keyId = fingerprint(options.apiKey);
    const tokenId = fingerprint(options.apiToken);
    this.keyBucket = { name: `trello:key:${keyId}`, ...withMargin(this.limits.perKey) };
    this.tokenBucket = { name: `trello:token:${tokenId}`, ...withMargin(this.limits.perToken) };
    this.membersBucket = { name: `trello:members-route:${tokenId}`, ...withMargin(this.limits.membersRoute) };
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.backoff = options.backoff ?? { baseMs: 250, capMs: 5_000 };
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.now = options.now ?? Date.now;
  }

  async send<T>(request: TrelloRequest<T>): Promise<T> {
    const what = `${request.method} ${request.route}`;
    const buckets = this.bucketsFor(request);
    // Read once: a send is one logical call, retries included, inside one invocation.
    const budget = this.options.budget?.();
    for (let attempt = 1; ; attempt++) {
      const release = await this.take(buckets, budget, what);
      const timeoutMs = budget ? Math.min(this.timeoutMs, budget.deadline - this.now()) : this.timeoutMs;
      if (budget && timeoutMs < LEAST_ATTEMPT_MS) {
        release();
        throw this.outOfTime(budget, what);
      }
      let response: Response;
      try {
        response = await fetch(this.url(request), {
          method: request.method,
          headers: request.body === undefined ? {} : { 'content-type': 'application/json' },
          body: request.body === undefined ? undefined : JSON.stringify(request.body),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        release();
        const timedOut = error instanceof Error && error.name === 'TimeoutError';
        const unavailable = new TrelloUnavailableError(
          timedOut
            ? `Trello did not answer ${what} within ${timeoutMs} ms`
            : `Trello could not be reached for ${what} (${networkReason(error)})`,
        );
        await this.beforeRetry(this.redacted(unavailable), attempt, budget);
        continue;
      }
      release();
      if (response.ok) return this.parse(request, response, what);
      const failure = this.redacted(await this.failure(response, what));
      if (!RETRYABLE_STATUS.has(response.status)) throw failure;
      await this.beforeRetry(failure, attempt, budget);
    }
  }

  /**
   * Waits before the next attempt, or throws `error` (retryable) when there is no next attempt:
   * attempts are used up, or the next could not start and finish by the budget's deadline.
   */
  private async beforeRetry(error: LanyardError, attempt: number, budget: Budget | undefined): Promise<void> {
    let resumeAt: number;
    if (error instanceof TrelloRateLimitedError) {
      // Hold every caller of the bucket Trello named, not just this one: the next request from any
      // concurrent run would draw another 429, and more than 200 of them lock the key out.
      const bucket = this.bucketNamed(error.bucket);
      const pauseMs = Math.max(
        this.jitter(attempt, bucket.windowMs / 10, bucket.windowMs),
        bucket.windowMs / 20,
      );
      resumeAt = this.now() + pauseMs;
      await this.options.pacer.pause(bucket.name, resumeAt);
    } else {
      resumeAt = this.now() + this.jitter(attempt);
    }
    if (attempt >= this.maxAttempts) throw error;
    if (budget && resumeAt + LEAST_ATTEMPT_MS > budget.deadline) throw error;
    // A 429's wait is the pause, which the pacer enforces on the next take.
    if (!(error instanceof TrelloRateLimitedError)) await this.sleep(resumeAt - this.now());
  }

  /** A slot from the pacer; within a budget, one that leaves the attempt its time before the deadline. */
  private async take(
    buckets: readonly RateLimit[],
    budget: Budget | undefined,
    what: string,
  ): Promise<ReleaseSlot> {
    try {
      return await takeWithinBudget(this.options.pacer, buckets, budget, this.started, this.now());
    } catch (error) {
      if (budget && error instanceof BudgetSpentError) throw this.outOfTime(budget, what);
      if (!budget || !(error instanceof SlotUnavailableError)) throw error;
      throw new TrelloBusyError(
        `Trello's rate limit is booked for longer than this step may wait (about ${this.secondsLeft(budget)} s left) for ${what}: it will be tried again shortly`,
        { cause: error },
      );
    }
  }

  private outOfTime(budget: Budget, what: string): TrelloBusyError {
    return new TrelloBusyError(
      `This step has too little time left to call Trello for ${what} (about ${this.secondsLeft(budget)} s): it will be tried again shortly`,
    );
  }

  private secondsLeft(budget: Budget): number {
    return Math.max(0, Math.round((budget.deadline - this.now()) / 1000));
  }

  /** Belt and braces: should Trello or a proxy ever echo the key or token, it stops here. */
  private redacted<E extends LanyardError>(error: E): E {
    for (const secret of [this.options.apiKey, this.options.apiToken]) {
      if (secret.length > 0) error.message = error.message.replaceAll(secret, '[redacted]');
    }
    return error;
  }

  private url(request: TrelloRequest<unknown>): string {
    const url = new URL(`${this.options.baseUrl.replace(/\/$/, '')}${request.path}`);
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    url.searchParams.set('key', this.options.apiKey);
    url.searchParams.set('token', this.options.apiToken);
    return url.toString();
  }

  private bucketsFor(request: TrelloRequest<unknown>): RateLimit[] {
    const buckets = this.keyBinds() ? [this.keyBucket, this.tokenBucket] : [this.tokenBucket];
    if (request.method === 'GET' && request.route === '/members/{id}') buckets.push(this.membersBucket);
    return buckets;
  }

  /**
   * Whether the key's own bucket can ever bind. Lanyard calls with one token per key, so when the
   * token's limit is no looser than the key's over the same window (Trello's: 100 against 300 per
   * 10 s), every schedule the token bucket allows the key bucket allows too: pacing it as well
   * would only cost a second DynamoDB write per call.
   */
  private keyBinds(): boolean {
    const { perKey, perToken } = this.limits;
    return perKey.max < perToken.max || perKey.windowMs !== perToken.windowMs;
  }

  private bucketNamed(trelloBucket: string): RateLimit {
    // The key's 429 (another client of the same key) pauses the bucket this client consults.
    if (trelloBucket === 'API_KEY_LIMIT_EXCEEDED') return this.keyBinds() ? this.keyBucket : this.tokenBucket;
    if (trelloBucket === 'MEMBER_LIMIT_EXCEEDED') return this.membersBucket;
    return this.tokenBucket;
  }

  /** Full jitter (AWS Architecture Blog "Exponential Backoff And Jitter"): uniform in [0, min(cap, base·2^n)). */
  private jitter(attempt: number, baseMs = this.backoff.baseMs, capMs = this.backoff.capMs): number {
    return Math.floor(this.random() * Math.min(capMs, baseMs * 2 ** (attempt - 1)));
  }

  private async parse<T>(request: TrelloRequest<T>, response: Response, what: string): Promise<T> {
    const text = await response.text();
    let body: unknown = null;
    if (text.length > 0) {
      try {
        body = JSON.parse(text);
      } catch {
        throw new TrelloResponseInvalidError(`Trello answered ${what} with a body that is not JSON`);
      }
    }
    const parsed = request.schema.safeParse(body);
    if (!parsed.success) {
      const issues = parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; ');
      throw new TrelloResponseInvalidError(`Trello answered ${what} with an unexpected shape (${issues})`);
    }
    return parsed.data;
  }

  private async failure(response: Response, what: string): Promise<LanyardError> {
    const text = await response.text().catch(() => '');
    const { code, message } = errorDetails(text);
    const said = message ? `: ${message}` : '';
    switch (response.status) {
      case 401:
        return new TrelloAuthFailedError(
          `Trello refused the API key or token for ${what}${said}. Check the Trello key/token secret and that the token belongs to an Enterprise admin.`,
        );
      case 404:
        return new TrelloNotFoundError(`Trello found nothing for ${what}${said}`);
      case 429:
        return new TrelloRateLimitedError(
          `Trello rate limit hit on ${what} (${code ?? 'unknown bucket'}); retry later`,
          code ?? 'API_TOKEN_LIMIT_EXCEEDED',
        );
      default:
        if (response.status >= 500)
          return new TrelloUnavailableError(`Trello failed ${what} with ${response.status}${said}`);
        return refusal(response.status, code, message, what);
    }
  }
}

/**
 * Maps Trello's refusals to domain errors. UNVERIFIED (reference silent): the status and wording
 * Trello uses for "no seat left", AdminHub-managed enterprises, deactivated members, the last
 * board admin and a Workspace's membership restrictions (prefs/orgInviteRestrict). The codes below are the simulator's; the text patterns are a second, looser match
 * so a wording Trello really uses still lands on the right error.
 */
function refusal(status: number, code: string | null, message: string | null, what: string): LanyardError {
  const text = `${code ?? ''} ${message ?? ''}`.toLowerCase();
  const said = message ? `: ${message}` : '';
  // Before the seat pattern: a restriction message may well mention members or seats.
  if (/org_invite_restrict|orginviterestrict|membership restriction|only allows managed/.test(text)) {
    const restriction = /managed/.test(text)
      ? 'managed-only'
      : /orginviterestrict|domain|email/.test(text)
        ? 'email-domain'
        : 'unknown';
    return new WorkspaceRestrictedError(
      `Trello refused ${what}: the Workspace's membership restrictions do not allow this person${said}`,
      restriction,
    );
  }
  if (/license_limit|no (available )?licen[cs]es|licen[cs]e limit|seat/.test(text)) {
    return new SeatsExhaustedError(
      `No Trello Enterprise seat is free for ${what}${said}. Add seats or reclaim idle ones, then retry.`,
    );
  }
  if (/adminhub|admin ?hub/.test(text)) {
    return new AdminHubManagedError(
      `Trello cannot do ${what} for an Enterprise managed in Atlassian Administration (AdminHub)${said}. Do it in admin.atlassian.com or through the Atlassian Admin API.`,
    );
  }
  if (/deactivated/.test(text)) {
    return new MemberDeactivatedError(
      `Trello refused ${what} because the member is deactivated${said}. Reactivate first.`,
    );
  }
  if (/last_(board_)?admin|last (active )?admin|at least one (active )?admin/.test(text)) {
    return new LastBoardAdminError(`Trello refused ${what}: the board would be left without an admin${said}`);
  }
  return new TrelloRequestRejectedError(`Trello refused ${what} with ${status}${said}`);
}

function errorDetails(text: string): { code: string | null; message: string | null } {
  try {
    const parsed = ErrorBody.safeParse(JSON.parse(text));
    if (parsed.success) {
      return { code: parsed.data.error ?? parsed.data.code ?? null, message: parsed.data.message ?? null };
    }
  } catch {
    // Trello often answers errors in plain text ("invalid key", "model not found").
  }
  const plain = text.trim().slice(0, 200);
  return { code: null, message: plain.length > 0 ? plain : null };
}

function networkReason(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
  return cause?.code ?? (error instanceof Error ? error.message : 'unknown error');
}

function fingerprint(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 12);
}

/**
 * Where an IdP adapter gets the bearer token it sends: a static one (short tests only), or one it
 * obtains from long-lived credentials and keeps fresh ({@link RenewingToken}). The adapter calls
 * the API through {@link withAccessToken}, which retries once with a new token after a 401 — a
 * token can be revoked or expire early (clock skew, key rotation) while still cached.
 */
import * as z from 'zod';
import { ConfigInvalidError, IdpAuthFailedError } from '../../core/errors.ts';
import { type IdpRequest, idpCall } from './idp-http.ts';

export interface AccessTokenSource {
  /** False for a static token: dropping it and asking again would give the same token. */
  readonly renewable: boolean;
  /** A token believed valid now (obtained or reused). */
  token(): Promise<string>;
  /** Forget `token` after the API refused it; a newer token already cached is kept. */
  drop(token: string): void;
}

/** What a token endpoint answered: the token and its lifetime in seconds. */
export interface IssuedToken {
  accessToken: string;
  expiresInSeconds: number;
}

/** How a token source reaches its token endpoint (tests pass a clock). */
export interface TokenSourceOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
  now?: () => number;
}

/** Tokens are renewed this long before they expire, so none expires between check and use. */
export const REFRESH_MARGIN_MS = 60_000;

/** The old secret shape: a token someone else obtained. It expires (about an hour): short tests only. */
export const StaticTokenCredentials = z.object({ accessToken: z.string().min(1) });

export function staticToken(value: string): AccessTokenSource {
  return { renewable: false, token: () => Promise.resolve(value), drop: () => {} };
}

/**
 * The token source the credentials secret describes: its long-lived shape (a token Lanyard
 * obtains and renews), else `{accessToken}`. A secret of neither shape is a ConfigInvalidError
 * that names the fields expected — never zod's issues, which could quote the values.
 */
export function tokenSourceFor<T>(
  credentials: unknown,
  longLived: z.ZodType<T>,
  renewing: (credentials: T) => AccessTokenSource,
  expected: string,
): AccessTokenSource {
  const parsed = longLived.safeParse(credentials);
  if (parsed.success) return renewing(parsed.data);
  const fixed = StaticTokenCredentials.safeParse(credentials);
  if (fixed.success) return staticToken(fixed.data.accessToken);
  throw new ConfigInvalidError(`${expected}, or {"accessToken"} with a static token for short tests only`);
}

/**
 * One cached token per adapter instance (so per Lambda container): reused until
 * {@link REFRESH_MARGIN_MS} before it expires, then renewed. Concurrent callers share the one
 * request in flight instead of each asking the token endpoint. A failed request is not cached:
 * the next call tries again.
 */
export class RenewingToken implements AccessTokenSource {
  readonly renewable = true;
  private current: { value: string; renewAt: number } | null = null;
  private pending: Promise<string> | null = null;

  constructor(
    private readonly issue: () => Promise<IssuedToken>,
    private readonly now: () => number = Date.now,
  ) {}

  token(): Promise<string> {
    if (this.current && this.now() < this.current.renewAt) return Promise.resolve(this.current.value);
    if (!this.pending) {
      const started = this.now();
      this.pending = this.issue()
        .then((issued) => {
          const lifetimeMs = issued.expiresInSeconds * 1000;
          // A lifetime under two margins (test simulators) would never be reused: keep half of it instead.
          const margin = Math.min(REFRESH_MARGIN_MS, lifetimeMs / 2);
          this.current = { value: issued.accessToken, renewAt: started + lifetimeMs - margin };
          return issued.accessToken;
        })
        .finally(() => {
          this.pending = null;
        });
    }
    return this.pending;
  }

  drop(token: string): void {
    if (this.current?.value === token) this.current = null;
  }
}

/**
 * Runs one API call with a token. On a 401 (idpCall's IdpAuthFailedError) with a renewable source,
 * drops that token and runs the call once more with a fresh one (`fresh` true): a 401 means the
 * call was not carried out, so repeating a write is safe.
 */
export async function withAccessToken<T>(
  source: AccessTokenSource,
  run: (token: string, fresh: boolean) => Promise<T>,
): Promise<T> {
  const token = await source.token();
  try {
    return await run(token, false);
  } catch (error) {
    if (!(error instanceof IdpAuthFailedError) || !source.renewable) throw error;
    source.drop(token);
  }
  return run(await source.token(), true);
}

/** idpCall with `Authorization: Bearer <token>` from `source`, renewed once after a 401. */
export function bearerIdpCall<T>(
  source: AccessTokenSource,
  request: Omit<IdpRequest<T>, 'headers'>,
  refusedFreshHint: string,
): Promise<T | null> {
  return withAccessToken(source, (token, fresh) =>
    idpCall({
      ...request,
      headers: { Authorization: `Bearer ${token}` },
      // A second 401 is not a stale token but missing rights: say so instead of "refresh the token".
      ...(fresh && { unauthorizedHint: `The refused token was freshly issued: ${refusedFreshHint}` }),
    }),
  );
}

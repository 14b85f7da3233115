/**
 * One HTTP call to an identity provider's API, the same way for every adapter: a timeout, the
 * response parsed with zod, and failures turned into the named IdP errors Step Functions retries
 * or catches. Messages say what failed for the admin; they never carry a credential.
 */
import type { z } from 'zod';
import {
  IdpAuthFailedError,
  IdpRateLimitedError,
  IdpRequestRejectedError,
  IdpResponseInvalidError,
  IdpUnavailableError,
} from '../../core/errors.ts';

export interface IdpRequest<T> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  body?: unknown;
  /** Null when the answer has no body worth reading (204, or a write whose echo is ignored). */
  schema: z.ZodType<T> | null;
  /** What the call does, for messages: "suspend Okta user 00u1". */
  what: string;
  /** Statuses that mean "no such user" and resolve to null instead of throwing. */
  notFound?: readonly number[];
  /** Decides whether a 4xx is really the provider's rate-limit answer (Google: 403 userRateLimitExceeded). */
  isRateLimit?: (status: number, body: unknown) => boolean;
  /** Reads the provider's own error sentence out of its error body. */
  errorText?: (body: unknown) => string | undefined;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export async function idpCall<T>(request: IdpRequest<T>): Promise<T | null> {
  let response: Response;
  try {
    response = await (request.fetch ?? fetch)(request.url, {
      method: request.method,
      headers: {
        Accept: 'application/json',
        ...(request.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...request.headers,
      },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.timeout(request.timeoutMs ?? 15_000),
    });
  } catch (error) {
    throw new IdpUnavailableError(`Could not ${request.what}: ${(error as Error).message}`);
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (response.ok) {
    if (request.schema === null) return null as T;
    const parsed = request.schema.safeParse(body);
    if (!parsed.success) {
      throw new IdpResponseInvalidError(
        `Could not ${request.what}: the answer did not have the expected shape (${parsed.error.issues[0]?.message ?? 'invalid'})`,
      );
    }
    return parsed.data;
  }
  const status = response.status;
  const said = request.errorText?.(body);
  const suffix = said ? `: ${said}` : '';
  if (request.notFound?.includes(status)) return null;
  if (status === 429 || request.isRateLimit?.(status, body)) {
    throw new IdpRateLimitedError(
      `Rate limited while trying to ${request.what}${suffix}`,
      retryAfterSeconds(response.headers),
    );
  }
  if (status >= 500)
    throw new IdpUnavailableError(`Could not ${request.what}: the provider answered ${status}${suffix}`);
  if (status === 401) {
    throw new IdpAuthFailedError(
      `Could not ${request.what}: the IdP credentials were refused (401)${suffix}. Check the secret.`,
    );
  }
  throw new IdpRequestRejectedError(`Could not ${request.what}: the provider answered ${status}${suffix}`);
}

/** Retry-After (seconds or an HTTP date), Okta's X-Rate-Limit-Reset (epoch s), Atlassian's X-RateLimit-Reset (ISO). */
export function retryAfterSeconds(headers: Headers, now = Date.now()): number | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds);
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, Math.ceil((at - now) / 1000));
  }
  const reset = headers.get('x-rate-limit-reset') ?? headers.get('x-ratelimit-reset');
  if (reset) {
    const epoch = Number(reset);
    const at = Number.isFinite(epoch) ? epoch * 1000 : Date.parse(reset);
    if (!Number.isNaN(at)) return Math.max(0, Math.ceil((at - now) / 1000));
  }
  return undefined;
}

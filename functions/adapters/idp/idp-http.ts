/**
 * One HTTP call to an identity provider's API, the same way for every adapter: a timeout
 * (AbortSignal.timeout), the answer parsed with zod, and failures turned into the named IdP errors
 * Step Functions retries (rate limit, unavailable) or stops on (auth, rejected, invalid answer).
 * No retries here: the state machine's Retry policies own waiting and trying again.
 * Messages say what failed in words an admin can act on; they never carry a credential (the
 * Authorization value is also scrubbed from anything the provider echoes back).
 */
import type { z } from 'zod';
import {
  IdpAuthFailedError,
  IdpRateLimitedError,
  IdpRequestRejectedError,
  IdpResponseInvalidError,
  IdpUnavailableError,
} from '../../core/errors.ts';
import type { IdpPacing } from './idp-pacing.ts';

export interface IdpRequest<T> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  /** Must hold the provider's Authorization header; Content-Type/Accept here override the JSON defaults. */
  headers: Record<string, string>;
  body?: unknown;
  /**
   * The answer's shape. Null when a 2xx answer carries nothing Lanyard reads (the body is then
   * ignored). A schema that accepts null also covers an empty body (204).
   */
  schema: z.ZodType<T> | null;
  /** What the call does, for messages: "suspend the Okta user 00u1". */
  what: string;
  /** Statuses that mean "no such user" and resolve to null instead of throwing. */
  notFound?: readonly number[];
  /** Decides whether a non-429 is really the provider's rate-limit answer (Google: 403 userRateLimitExceeded). */
  isRateLimit?: (status: number, body: unknown) => boolean;
  /** What to check after a 401. @default the token in the credentials secret being current */
  unauthorizedHint?: string;
  /** Reads the provider's own error sentence out of its error body (zod-parsed by the adapter). */
  errorText?: (body: unknown) => string | undefined;
  fetch?: typeof fetch;
  /** @default 15000 */
  timeoutMs?: number;
  /** Paces the call under the provider's rate limit (idp-pacing.ts); none: sent at once. */
  pacing?: IdpPacing;
}

export const IDP_TIMEOUT_MS = 15_000;
/** Provider error sentences are cut to this length in messages. */
const MAX_SAID = 300;

export async function idpCall<T>(request: IdpRequest<T>): Promise<T | null> {
  const timeoutMs = request.timeoutMs ?? IDP_TIMEOUT_MS;
  const scrub = scrubber(request.headers);
  const release = await request.pacing?.take(request.what);
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
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    release?.();
    throw new IdpUnavailableError(scrub(`Could not ${request.what}: ${networkFailure(error, timeoutMs)}`));
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw new IdpUnavailableError(
      scrub(`Could not ${request.what}: the answer was cut off (${networkFailure(error, timeoutMs)})`),
    );
  } finally {
    release?.();
  }
  let body: unknown = null;
  let json = true;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    json = false;
  }

  const status = response.status;
  const rateLimited = !response.ok && (status === 429 || request.isRateLimit?.(status, body) === true);
  const wait = rateLimited ? retryAfterSeconds(response.headers) : undefined;
  await request.pacing?.observe(
    response.headers,
    rateLimited ? (wait ?? null) : undefined,
    resetAtMs(response.headers),
  );
  if (response.ok) {
    if (request.schema === null) return null as T;
    if (!json) {
      throw new IdpResponseInvalidError(
        `Could not ${request.what}: the provider answered ${status} with a body that is not JSON`,
      );
    }
    const parsed = request.schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
      throw new IdpResponseInvalidError(
        `Could not ${request.what}: the answer did not have the expected shape (${issue?.message ?? 'invalid'}${where})`,
      );
    }
    return parsed.data;
  }

  if (request.notFound?.includes(status)) return null;
  const said = request.errorText?.(body);
  const suffix = said ? ` (${said.length > MAX_SAID ? `${said.slice(0, MAX_SAID)}…` : said})` : '';
  if (rateLimited) {
    throw new IdpRateLimitedError(
      scrub(
        `Rate limited while trying to ${request.what}: the provider answered ${status}${suffix}` +
          (wait === undefined ? '' : `; it asked to wait ${wait}s`),
      ),
      wait,
    );
  }
  if (status >= 500) {
    throw new IdpUnavailableError(
      scrub(`Could not ${request.what}: the provider is unavailable (${status})${suffix}`),
    );
  }
  if (status === 401) {
    throw new IdpAuthFailedError(
      scrub(
        `Could not ${request.what}: the provider refused the IdP credentials (401)${suffix}. ` +
          (request.unauthorizedHint ?? 'Check that the token in the IdP credentials secret is current.'),
      ),
    );
  }
  if (status === 403) {
    throw new IdpRequestRejectedError(
      scrub(
        `Could not ${request.what}: the provider forbade it (403)${suffix}. The credentials may lack the ` +
          'permission to manage users, or this user is protected (e.g. an administrator).',
      ),
    );
  }
  throw new IdpRequestRejectedError(
    scrub(`Could not ${request.what}: the provider rejected the request (${status})${suffix}`),
  );
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
  const at = resetAtMs(headers);
  return at === undefined ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/** When the provider's window resets (epoch ms): Okta's X-Rate-Limit-Reset (epoch s), Atlassian's X-RateLimit-Reset (ISO). */
export function resetAtMs(headers: Headers): number | undefined {
  const reset = headers.get('x-rate-limit-reset') ?? headers.get('x-ratelimit-reset');
  if (!reset) return undefined;
  const epoch = Number(reset);
  const at = Number.isFinite(epoch) ? epoch * 1000 : Date.parse(reset);
  return Number.isNaN(at) ? undefined : at;
}

/** Why fetch failed, in words (timeout, refused connection…), without the URL or headers. */
function networkFailure(error: unknown, timeoutMs: number): string {
  const name = (error as Error | undefined)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${timeoutMs / 1000}s`;
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const message = (error as Error | undefined)?.message ?? String(error);
  return code ? `${message} (${code})` : message;
}

/** Removes the Authorization value (and its bare token) from a message, whatever echoed it. */
function scrubber(headers: Record<string, string>): (message: string) => string {
  const secrets = Object.entries(headers)
    .filter(([name]) => name.toLowerCase() === 'authorization')
    .flatMap(([, value]) => [value, value.replace(/^\S+\s+/, '')])
    .filter((secret) => secret.length >= 6)
    .sort((a, b) => b.length - a.length);
  return (message) => secrets.reduce((text, secret) => text.split(secret).join('[redacted]'), message);
}

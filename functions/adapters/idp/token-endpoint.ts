/**
 * One OAuth 2.0 token request (RFC 6749 §4.4 / RFC 7523): a form POST to the provider's token
 * endpoint, answered with `{access_token, expires_in, token_type}` or an error body
 * `{error, error_description}`. Failures become the IdP errors the state machine understands:
 * a refused credential is IdpAuthFailedError (not retried; the message names the secret field to
 * check), a 429/5xx or a network failure IdpUnavailableError (retried). Messages never carry the
 * form's values: the secrets (client secret, signed assertion) are scrubbed from anything echoed.
 */
import * as z from 'zod';
import { IdpAuthFailedError, IdpResponseInvalidError, IdpUnavailableError } from '../../core/errors.ts';
import type { IssuedToken } from './access-token.ts';
import { IDP_TIMEOUT_MS } from './idp-http.ts';

export interface TokenRequest {
  /** "Entra" / "Google", for messages. */
  provider: string;
  url: string;
  form: Record<string, string>;
  /** Form values that must never reach a message (client secret, signed assertion). */
  secrets: string[];
  /** What to check in the credentials secret, given the endpoint's `error` code and HTTP status. */
  credentialHint: (error: string | undefined, status: number) => string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

const Issued = z.object({
  access_token: z.string().min(1),
  // Entra's v1 endpoint sent a numeric string; accept both.
  expires_in: z.coerce.number().positive(),
  token_type: z.string().optional(),
});
const OAuthError = z.object({ error: z.string(), error_description: z.string().optional() });
const MAX_SAID = 300;

export async function requestToken(request: TokenRequest): Promise<IssuedToken> {
  const timeoutMs = request.timeoutMs ?? IDP_TIMEOUT_MS;
  const scrub = scrubberOf(request.secrets);
  const what = `get an access token from the ${request.provider} token endpoint`;
  let response: Response;
  let text: string;
  try {
    response = await (request.fetch ?? fetch)(request.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams(request.form).toString(),
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    throw new IdpUnavailableError(scrub(`Could not ${what}: ${whyFetchFailed(error, timeoutMs)}`));
  }
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON: handled by status below.
  }
  const status = response.status;
  if (response.ok) {
    const parsed = Issued.safeParse(body);
    if (!parsed.success) {
      throw new IdpResponseInvalidError(
        `Could not ${what}: the answer (${status}) had no access_token and expires_in`,
      );
    }
    return { accessToken: parsed.data.access_token, expiresInSeconds: parsed.data.expires_in };
  }
  const oauth = OAuthError.safeParse(body).data;
  // Entra appends trace and correlation ids on further lines: the first line is the sentence.
  const description = oauth?.error_description?.split(/\r?\n/)[0];
  const said = oauth ? ` (${clip([oauth.error, description].filter(Boolean).join(': '))})` : '';
  if (status === 429 || status >= 500) {
    throw new IdpUnavailableError(scrub(`Could not ${what}: the token endpoint answered ${status}${said}`));
  }
  throw new IdpAuthFailedError(
    scrub(
      `Could not ${what}: it refused the credentials (${status})${said}. ` +
        request.credentialHint(oauth?.error, status),
    ),
  );
}

function clip(text: string): string {
  return text.length > MAX_SAID ? `${text.slice(0, MAX_SAID)}…` : text;
}

/** Timeout, refused connection or DNS failure, in words, without the URL or the form. */
function whyFetchFailed(error: unknown, timeoutMs: number): string {
  const { name, message, cause } = (error ?? {}) as { name?: string; message?: string; cause?: unknown };
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${timeoutMs / 1000}s`;
  const code = (cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? `${message ?? 'fetch failed'} (${code})` : (message ?? String(error));
}

/** Removes the secrets from a message, whatever echoed them. */
function scrubberOf(values: string[]): (message: string) => string {
  const secrets = values.filter((v) => v.length >= 8).sort((a, b) => b.length - a.length);
  return (message) => secrets.reduce((text, secret) => text.split(secret).join('[redacted]'), message);
}

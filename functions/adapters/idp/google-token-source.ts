/**
 * Google access tokens for a service account with domain-wide delegation (Google, "Using OAuth
 * 2.0 for Server to Server Applications"): a JWT signed RS256 with the service account's private
 * key — header `{alg:"RS256",typ:"JWT"}`, claims `iss` = client_email, `sub` = the Workspace
 * admin to impersonate, `scope` = space-separated scopes, `aud` = the token URI, `iat`, `exp`
 * (at most one hour after iat) — posted as `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer`
 * and `assertion=<jwt>` to the token URI → `{access_token, expires_in, token_type}`. Errors are
 * `{error, error_description}`: `invalid_grant` (bad signature, unknown subject, iat/exp out of
 * range) and `unauthorized_client` (delegation missing the scopes). Their exact statuses (400 vs
 * 401) are UNVERIFIED here; both map to IdpAuthFailedError.
 *
 * Hand-written rather than `google-auth-library`: its JWT client (through gtoken) posts to a
 * fixed token URL constant in the source read, so it cannot be pointed at the simulator, and it
 * brings gaxios and gcp-metadata (a metadata-server probe) for what is one signature and one POST.
 */
import { createPrivateKey, type KeyObject, sign } from 'node:crypto';
import * as z from 'zod';
import { ConfigInvalidError } from '../../core/errors.ts';
import { RenewingToken, type TokenSourceOptions } from './access-token.ts';
import { requestToken } from './token-endpoint.ts';

export const GOOGLE_TOKEN_URI = 'https://oauth2.googleapis.com/token';
export const DIRECTORY_SCOPES = [
  'https://www.googleapis.com/auth/admin.directory.user',
  'https://www.googleapis.com/auth/admin.directory.user.security',
] as const;
/** Google's ceiling for exp − iat. */
const ASSERTION_LIFETIME_S = 3600;

/**
 * The service account key file's fields Lanyard reads (its other fields may stay in the secret),
 * plus `subject`, the admin user domain-wide delegation lets it act as.
 */
export const GoogleServiceAccount = z.object({
  client_email: z.string().min(1),
  private_key: z.string().min(1),
  subject: z.string().min(1),
  /** Present in key files; only differs from the default for the local simulator. */
  token_uri: z.url().optional(),
});
export type GoogleServiceAccount = z.infer<typeof GoogleServiceAccount>;

export function googleTokenSource(
  account: GoogleServiceAccount,
  options: TokenSourceOptions = {},
): RenewingToken {
  const key = privateKeyOf(account.private_key);
  const tokenUri = account.token_uri ?? GOOGLE_TOKEN_URI;
  const now = options.now ?? Date.now;
  return new RenewingToken(() => {
    const assertion = signedAssertion(account, key, tokenUri, Math.floor(now() / 1000));
    return requestToken({
      provider: 'Google',
      url: tokenUri,
      form: { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion },
      secrets: [assertion],
      credentialHint: googleHint,
      fetch: options.fetch,
      timeoutMs: options.timeoutMs,
    });
  }, now);
}

/** Parsed once, at start: a key that is not a PEM private key is a configuration error. */
function privateKeyOf(pem: string): KeyObject {
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'rsa') throw new Error('not RSA');
    return key;
  } catch {
    throw new ConfigInvalidError(
      'private_key in the Google credentials is not an RSA private key in PEM form ' +
        '(copy private_key from the service account JSON key file, with its \\n line breaks)',
    );
  }
}

export function signedAssertion(
  account: Pick<GoogleServiceAccount, 'client_email' | 'subject'>,
  key: KeyObject,
  audience: string,
  iat: number,
  scopes: readonly string[] = DIRECTORY_SCOPES,
): string {
  const header = { alg: 'RS256', typ: 'JWT' };
  const claims = {
    iss: account.client_email,
    sub: account.subject,
    scope: scopes.join(' '),
    aud: audience,
    iat,
    exp: iat + ASSERTION_LIFETIME_S,
  };
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  return `${input}.${sign('RSA-SHA256', Buffer.from(input), key).toString('base64url')}`;
}

function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}

function googleHint(error: string | undefined): string {
  const where = 'in the IdP credentials secret';
  if (error === 'unauthorized_client') {
    return (
      `Check client_email ${where}, and that the service account's client ID has domain-wide delegation ` +
      `for ${DIRECTORY_SCOPES.join(' and ')} in the Admin console.`
    );
  }
  if (error === 'invalid_grant') {
    return (
      `Check private_key ${where} (a current key of the service account client_email) and subject ` +
      '(an existing Workspace admin); the clock of the caller must also be right.'
    );
  }
  return `Check client_email, private_key and subject ${where}.`;
}

/**
 * Google Workspace, Admin SDK Directory API (reference/idp/NOTES.md §4;
 * google-admin-directory-v1.users.subset.discovery.json). Base `https://admin.googleapis.com`.
 * - Cut: `PUT /admin/directory/v1/users/{userKey}` (`users.update`, which Google recommends over
 *   `patch` and which has patch semantics) with `{"suspended": true}` → 200 + `User`, then
 *   `POST …/users/{userKey}/signOut` (ends every web and device session and resets sign-in
 *   cookies; scope `admin.directory.user.security`). Google has one switch and no narrower cut for
 *   SSO into Trello, so `sign-in` and `account` are the same calls (blastRadius says so).
 * - Undo: `{"suspended": false}`.
 * - Read first, so a second cut answers `already` and writes nothing. The sign-out is sent on
 *   every cut, `already` included: a retry after a suspend whose sign-out failed must still end
 *   the sessions (signing out a user with no session changes nothing; whether Google accepts
 *   signOut for a suspended user is UNVERIFIED).
 * - Lookup: `GET …/users/{email}`; the userKey may be the primary email, an alias email or the id
 *   (discovery doc), so an alias finds its user (reported with the primary email).
 * - Errors: Google's body `{error:{code,message,errors:[{reason,domain}]}}`. Its rate-limit
 *   answer is **403** `userRateLimitExceeded` / `rateLimitExceeded` (or `quotaExceeded` for
 *   concurrent requests) — not 429 (NOTES §4) — so those 403s, and any 429, become
 *   IdpRateLimitedError; other 403s (e.g. a token without the admin scopes) are rejections.
 *   No retries here.
 * Auth: `Authorization: Bearer <OAuth 2.0 access token>` with the scopes `admin.directory.user`
 * and `admin.directory.user.security`, which Lanyard obtains itself (google-token-source.ts) from
 * the service account key in the credentials secret — `{client_email, private_key, subject}`,
 * `subject` being the Workspace admin that domain-wide delegation lets it act as (`token_uri`
 * honoured if present) — reuses until a minute before it expires, and renews, also once after a
 * 401. `{accessToken}` (a static token, which Google expires after about an hour) is still
 * accepted, for short tests only.
 *
 * Follows: the Admin SDK Directory API `directory_v1` discovery document (Google's, as
 * googleapis/google-api-nodejs-client discovery/admin-directory_v1.json at cf77c907 holds it; the
 * `users` subset in test/contract/specs/google, against which every request and answer is
 * checked). UNVERIFIED: whether Google accepts signOut for a suspended user; whether an address
 * created in mixed case is shown lower-cased; the error body (Google's standard JSON error format,
 * not in the discovery document).
 * The read → already? → write course is idp-adapter-base.ts's; this file supplies the calls.
 */
import * as z from 'zod';
import { IdpRequestRejectedError } from '../../core/errors.ts';
import type { IdpChange, IdpScope, IdpUser } from '../../ports/identity-provider.ts';
import {
  type AccessTokenSource,
  bearerIdpCall,
  StaticTokenCredentials,
  type TokenSourceOptions,
  tokenSourceFor,
} from './access-token.ts';
import { GoogleServiceAccount, googleTokenSource } from './google-token-source.ts';
import { IdpAdapterBase } from './idp-adapter-base.ts';
import type { IdpPacing } from './idp-pacing.ts';

/**
 * What the IdP credentials secret holds for Google Workspace: the service account key plus the
 * admin to impersonate, or (short tests only) a static admin access token.
 */
export const GoogleCredentials = z.union([GoogleServiceAccount, StaticTokenCredentials]);
export type GoogleCredentials = z.infer<typeof GoogleCredentials>;

export interface GoogleIdentityProviderOptions extends TokenSourceOptions {
  /** Paces calls under the provider's rate limit (idp-pacing.ts). */
  pacing?: IdpPacing;
  /** https://admin.googleapis.com (or the simulator's URL). */
  baseUrl: string;
  /** Validated with {@link GoogleCredentials}. */
  credentials: unknown;
}

const GoogleUser = z.object({
  id: z.string().min(1),
  primaryEmail: z.string().min(1),
  // Read as "not suspended" when Google leaves it out (UNVERIFIED whether it ever does).
  suspended: z.boolean().default(false),
  suspensionReason: z.string().optional(),
});
type GoogleUser = z.infer<typeof GoogleUser>;
const GoogleError = z.object({
  error: z.object({
    code: z.number().optional(),
    message: z.string().optional(),
    errors: z.array(z.object({ reason: z.string().optional(), domain: z.string().optional() })).optional(),
  }),
});
/** signOut: no response body in the discovery doc (204 or `{}`); anything 2xx means done. */
const Done = z.unknown().transform(() => 'done' as const);

/** Google's reasons for "too many requests" (403 or 429). */
export const GOOGLE_RATE_LIMIT_REASONS: ReadonlySet<string> = new Set([
  'userRateLimitExceeded',
  'rateLimitExceeded',
  'quotaExceeded',
]);

export class GoogleIdentityProvider extends IdpAdapterBase<GoogleUser> {
  readonly kind = 'google' as const;
  private readonly baseUrl: string;
  private readonly tokens: AccessTokenSource;

  constructor(private readonly options: GoogleIdentityProviderOptions) {
    super(() => options.pacing?.invocation());
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.tokens = tokenSourceFor(
      options.credentials,
      GoogleServiceAccount,
      (credentials) => googleTokenSource(credentials, options),
      'Google credentials must be JSON with the service account key\'s "client_email" and "private_key" ' +
        'plus "subject" (the admin to act as; "token_uri" optional)',
    );
  }

  async findUser(email: string): Promise<IdpUser | null> {
    const user = await this.readKey(email.trim(), `find the Google user ${email}`);
    if (user === null) return null;
    // users.get by the email reads the user resource: the cut's read in this step needs no call.
    const found = toUser(user);
    this.remember(found.id, user, ['sign-in', 'account']);
    return found;
  }

  protected read(id: string): Promise<GoogleUser | null> {
    return this.readKey(id, `read the Google user ${id}`);
  }

  protected toIdpUser(user: GoogleUser): IdpUser {
    return toUser(user);
  }

  /** Google has one switch: both scopes are `suspended=true`. */
  protected isCut(user: GoogleUser): boolean {
    return user.suspended;
  }

  protected async cut(user: GoogleUser): Promise<void> {
    await this.setSuspended(user.id, true);
    await this.signOut(user.id);
  }

  /** The sign-out is sent on every cut: a retry after a suspend whose sign-out failed must end the sessions. */
  protected override async keepCut(user: GoogleUser): Promise<void> {
    await this.signOut(user.id);
  }

  protected async restore(user: GoogleUser): Promise<IdpChange> {
    await this.setSuspended(user.id, false);
    return 'changed';
  }

  protected cannotReactivate(user: IdpUser): Error {
    return new IdpRequestRejectedError(
      `Google Workspace no longer has the user ${user.id} (deleted?): there is nothing to unsuspend; ` +
        'restore or re-create the user in the Admin console',
    );
  }

  private async signOut(id: string): Promise<void> {
    await this.call('POST', `${userPath(id)}/signOut`, `sign the Google user ${id} out`, Done);
  }

  blastRadius(scope: IdpScope): string {
    return googleBlastRadius(scope);
  }

  private readKey(userKey: string, what: string): Promise<GoogleUser | null> {
    return this.call('GET', userPath(userKey), what, GoogleUser, [404]);
  }

  private async setSuspended(id: string, suspended: boolean): Promise<void> {
    const after = await this.call(
      'PUT',
      userPath(id),
      `${suspended ? 'suspend' : 'unsuspend'} the Google user ${id}`,
      GoogleUser,
      [],
      { suspended },
    );
    if (after !== null && after.suspended !== suspended) {
      throw new IdpRequestRejectedError(
        `Google accepted the ${suspended ? 'suspension' : 'unsuspension'} of ${id} but answered suspended=${after.suspended}` +
          (after.suspensionReason ? ` (suspensionReason ${after.suspensionReason})` : ''),
      );
    }
  }

  private call<T>(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    what: string,
    schema: z.ZodType<T>,
    notFound: number[] = [],
    body?: unknown,
  ): Promise<T | null> {
    return bearerIdpCall(
      this.tokens,
      {
        method,
        url: `${this.baseUrl}${path}`,
        body,
        schema,
        what,
        notFound,
        isRateLimit: (status, answer) =>
          status === 403 && reasonsOf(answer).some((r) => GOOGLE_RATE_LIMIT_REASONS.has(r)),
        errorText,
        fetch: this.options.fetch,
        timeoutMs: this.options.timeoutMs,
        pacing: this.options.pacing,
      },
      'subject must be a Workspace admin allowed to manage users, and the delegation must grant both Directory scopes.',
    );
  }
}

function userPath(userKey: string): string {
  return `/admin/directory/v1/users/${encodeURIComponent(userKey)}`;
}

function reasonsOf(body: unknown): string[] {
  const parsed = GoogleError.safeParse(body);
  return (parsed.data?.error.errors ?? []).flatMap((e) => (e.reason ? [e.reason] : []));
}

function errorText(body: unknown): string | undefined {
  const parsed = GoogleError.safeParse(body);
  if (!parsed.success) return undefined;
  const reasons = reasonsOf(body);
  const text = [reasons.join(', '), parsed.data.error.message].filter(Boolean).join(': ');
  return text || undefined;
}

function toUser(user: GoogleUser): IdpUser {
  return {
    id: user.id,
    email: user.primaryEmail.toLowerCase(),
    active: !user.suspended,
    status: `suspended: ${user.suspended}`,
  };
}

/** What `scope` cuts with this provider (needs no credentials: the approval text is built from it). */
export function googleBlastRadius(scope: IdpScope): string {
  const same =
    scope === 'sign-in'
      ? ' (Google has no narrower cut: sign-in and account scope are the same suspension)'
      : ' (the same suspension as sign-in scope: Google has one switch)';
  return `Google Workspace suspend plus sign-out of every session: the user loses Gmail, Drive and every Google service, and every app they sign in to with Google, Trello included${same}; data is kept and unsuspending restores access`;
}

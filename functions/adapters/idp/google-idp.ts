/**
 * Google Workspace, Admin SDK Directory API (reference/idp/NOTES.md §4;
 * google-admin-directory-v1.users.subset.discovery.json).
 * - Cut: `PUT /admin/directory/v1/users/{userKey}` `{"suspended": true}`, then
 *   `POST …/users/{userKey}/signOut` (ends web and device sessions). Google has no narrower cut
 *   for SSO into Trello, so `sign-in` and `account` are the same call (blastRadius says so).
 * - Undo: `{"suspended": false}`.
 * - Google answers its rate limit with **403** `userRateLimitExceeded` / `rateLimitExceeded`
 *   (or `quotaExceeded`), not 429: mapped to IdpRateLimitedError like a 429.
 * Auth: a bearer token of an admin (on AWS, a service account with domain-wide delegation mints it;
 * the exchange is not in this build — UNVERIFIED setup, the secret holds a current token).
 */
import { z } from 'zod';
import type { IdentityProvider, IdpChange, IdpScope, IdpUser } from '../../ports/identity-provider.ts';
import { idpCall } from './idp-http.ts';

export const GoogleCredentials = z.object({ accessToken: z.string().min(1) });

const GoogleUser = z.object({
  id: z.string(),
  primaryEmail: z.string(),
  suspended: z.boolean().default(false),
});
type GoogleUser = z.infer<typeof GoogleUser>;
const GoogleError = z.object({
  error: z.object({
    code: z.number(),
    message: z.string(),
    errors: z.array(z.object({ reason: z.string().optional() })).optional(),
  }),
});
const RATE_REASONS = new Set(['userRateLimitExceeded', 'rateLimitExceeded', 'quotaExceeded']);

export class GoogleIdentityProvider implements IdentityProvider {
  readonly kind = 'google' as const;
  private readonly baseUrl: string;
  private readonly token: string;

  constructor(private readonly options: { baseUrl: string; credentials: unknown; fetch?: typeof fetch }) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    const parsed = GoogleCredentials.safeParse(options.credentials);
    if (!parsed.success)
      throw new Error('Google credentials must be JSON {"accessToken": "<admin OAuth token>"}');
    this.token = parsed.data.accessToken;
  }

  async findUser(email: string): Promise<IdpUser | null> {
    const user = await this.read(email, `find the Google user ${email}`);
    return user && user.email === email.toLowerCase() ? user : null;
  }

  getUser(id: string): Promise<IdpUser | null> {
    return this.read(id, `read the Google user ${id}`);
  }

  async isDeactivated(user: IdpUser): Promise<boolean> {
    const now = await this.getUser(user.id);
    return now !== null && !now.active;
  }

  async deactivate(user: IdpUser): Promise<IdpChange> {
    const now = await this.getUser(user.id);
    if (now === null) return 'already';
    if (now.active) await this.setSuspended(user.id, true);
    // Always: a cut whose sign-out failed last time must still end the sessions.
    await this.call(
      'POST',
      `/admin/directory/v1/users/${encodeURIComponent(user.id)}/signOut`,
      `sign the Google user ${user.id} out`,
      null,
    );
    return now.active ? 'changed' : 'already';
  }

  async reactivate(user: IdpUser): Promise<IdpChange> {
    const now = await this.getUser(user.id);
    if (now === null || now.active) return 'already';
    await this.setSuspended(user.id, false);
    return 'changed';
  }

  blastRadius(_scope: IdpScope): string {
    return 'Google suspend and sign-out: the user loses every Google Workspace service and every app they sign in to with Google (Trello included); reversible';
  }

  private async read(userKey: string, what: string): Promise<IdpUser | null> {
    const user = await this.call(
      'GET',
      `/admin/directory/v1/users/${encodeURIComponent(userKey)}`,
      what,
      GoogleUser,
      [404],
    );
    return user ? toUser(user) : null;
  }

  private setSuspended(id: string, suspended: boolean) {
    return this.call(
      'PUT',
      `/admin/directory/v1/users/${encodeURIComponent(id)}`,
      `${suspended ? 'suspend' : 'unsuspend'} the Google user ${id}`,
      GoogleUser,
      [],
      {
        suspended,
      },
    );
  }

  private call<T>(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    what: string,
    schema: z.ZodType<T> | null,
    notFound: number[] = [],
    body?: unknown,
  ) {
    return idpCall({
      method,
      url: `${this.baseUrl}${path}`,
      headers: { Authorization: `Bearer ${this.token}` },
      body,
      schema,
      what,
      notFound,
      isRateLimit: (status, b) =>
        status === 403 &&
        (GoogleError.safeParse(b).data?.error.errors ?? []).some((e) => RATE_REASONS.has(e.reason ?? '')),
      errorText: (b) => {
        const parsed = GoogleError.safeParse(b);
        return parsed.success ? parsed.data.error.message : undefined;
      },
      fetch: this.options.fetch,
    });
  }
}

function toUser(user: GoogleUser): IdpUser {
  return {
    id: user.id,
    email: user.primaryEmail.toLowerCase(),
    active: !user.suspended,
    status: `suspended: ${user.suspended}`,
  };
}

/**
 * Okta Users API lifecycle (reference/idp/NOTES.md §2; okta-users-lifecycle.subset.openapi.yml).
 * - sign-in: `POST /api/v1/users/{id}/lifecycle/suspend` (only from ACTIVE; keeps groups and app
 *   assignments) and `DELETE /api/v1/users/{id}/sessions?oauthTokens=true` (ends IdP sessions and
 *   the OAuth tokens Okta issued). Undo: `…/lifecycle/unsuspend`.
 * - account: `POST …/lifecycle/deactivate?sendEmail=false` — deprovisions every assigned app.
 *   Undo: `…/lifecycle/activate?sendEmail=false`.
 * Lifecycle calls are state-guarded and their wrong-state answer is unspecified (UNVERIFIED), so
 * the adapter reads `status` first and treats "already there" as done.
 * Users are looked up by login with `GET /api/v1/users/{login}`: this assumes the Okta login is
 * the work email, the common setup (UNVERIFIED for orgs with other login formats).
 */
import { z } from 'zod';
import type { IdentityProvider, IdpChange, IdpScope, IdpUser } from '../../ports/identity-provider.ts';
import { idpCall } from './idp-http.ts';

export const OktaCredentials = z.object({ apiToken: z.string().min(1) });

const OktaUser = z.object({
  id: z.string(),
  status: z.string(),
  profile: z.object({ email: z.string().nullish(), login: z.string() }),
});
type OktaUser = z.infer<typeof OktaUser>;

const OktaError = z.object({ errorCode: z.string().optional(), errorSummary: z.string().optional() });

const CUT_AT: Record<IdpScope, readonly string[]> = {
  'sign-in': ['SUSPENDED', 'DEPROVISIONED'],
  account: ['DEPROVISIONED'],
};

export class OktaIdentityProvider implements IdentityProvider {
  readonly kind = 'okta' as const;
  private readonly baseUrl: string;
  private readonly token: string;

  constructor(private readonly options: { baseUrl: string; credentials: unknown; fetch?: typeof fetch }) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    const parsed = OktaCredentials.safeParse(options.credentials);
    if (!parsed.success) throw new Error('Okta credentials must be JSON {"apiToken": "<SSWS API token>"}');
    this.token = parsed.data.apiToken;
  }

  async findUser(email: string): Promise<IdpUser | null> {
    const user = await this.read(encodeURIComponent(email), `find the Okta user ${email}`);
    if (user === null) return null;
    const emails = [user.profile.email, user.profile.login].map((e) => e?.toLowerCase());
    return emails.includes(email.toLowerCase()) ? toUser(user) : null;
  }

  async getUser(id: string): Promise<IdpUser | null> {
    const user = await this.read(encodeURIComponent(id), `read the Okta user ${id}`);
    return user === null ? null : toUser(user);
  }

  async isDeactivated(user: IdpUser, scope: IdpScope): Promise<boolean> {
    const now = await this.getUser(user.id);
    return now !== null && CUT_AT[scope].includes(now.status);
  }

  async deactivate(user: IdpUser, scope: IdpScope): Promise<IdpChange> {
    const now = await this.getUser(user.id);
    if (now === null) return 'already';
    const already = CUT_AT[scope].includes(now.status);
    if (!already && scope === 'account')
      await this.lifecycle(user.id, 'deactivate?sendEmail=false', 'deactivate');
    if (!already && scope === 'sign-in') await this.lifecycle(user.id, 'suspend', 'suspend');
    // Always: a cut whose session revocation failed last time must still end the sessions.
    await this.call(
      'DELETE',
      `/api/v1/users/${encodeURIComponent(user.id)}/sessions?oauthTokens=true`,
      `end the Okta sessions of ${user.id}`,
    );
    return already ? 'already' : 'changed';
  }

  async reactivate(user: IdpUser, scope: IdpScope): Promise<IdpChange> {
    const now = await this.getUser(user.id);
    if (now === null) return 'already';
    if (now.status === 'DEPROVISIONED') {
      await this.lifecycle(user.id, 'activate?sendEmail=false', 'activate');
      return 'changed';
    }
    if (now.status === 'SUSPENDED' && scope === 'sign-in') {
      await this.lifecycle(user.id, 'unsuspend', 'unsuspend');
      return 'changed';
    }
    return 'already';
  }

  blastRadius(scope: IdpScope): string {
    return scope === 'sign-in'
      ? 'Okta suspend: the user cannot sign in to any Okta app (Trello included); groups and app assignments are kept and come back on unsuspend'
      : 'Okta deactivate: the user is deprovisioned from every assigned app, which can delete their data in those apps';
  }

  private read(idOrLogin: string, what: string) {
    return idpCall({
      method: 'GET',
      url: `${this.baseUrl}/api/v1/users/${idOrLogin}`,
      headers: this.headers(),
      schema: OktaUser,
      what,
      notFound: [404],
      errorText,
      fetch: this.options.fetch,
    });
  }

  private lifecycle(id: string, path: string, verb: string) {
    return this.call(
      'POST',
      `/api/v1/users/${encodeURIComponent(id)}/lifecycle/${path}`,
      `${verb} the Okta user ${id}`,
    );
  }

  private call(method: 'POST' | 'DELETE', path: string, what: string) {
    return idpCall({
      method,
      url: `${this.baseUrl}${path}`,
      headers: this.headers(),
      schema: null,
      what,
      errorText,
      fetch: this.options.fetch,
    });
  }

  private headers() {
    return { Authorization: `SSWS ${this.token}` };
  }
}

function toUser(user: OktaUser): IdpUser {
  return {
    id: user.id,
    email: (user.profile.email ?? user.profile.login).toLowerCase(),
    active: user.status === 'ACTIVE',
    status: user.status,
  };
}

function errorText(body: unknown): string | undefined {
  const parsed = OktaError.safeParse(body);
  return parsed.success && parsed.data.errorSummary
    ? `${parsed.data.errorCode ?? 'Okta'} ${parsed.data.errorSummary}`
    : undefined;
}

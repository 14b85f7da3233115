/**
 * Atlassian Administration (reference/idp/NOTES.md §1, §6), for Enterprises whose users are
 * managed in admin.atlassian.com.
 * - sign-in: the Organizations API v2 directory suspend,
 *   `POST /admin/v2/orgs/{orgId}/directories/{directoryId}/users/{accountId}/suspend` — removes the
 *   user's access to the org's apps (Trello included); roles and groups return on `…/restore`.
 * - account: the user management API lifecycle disable, `POST /users/{accountId}/manage/lifecycle/disable`
 *   — the whole Atlassian account (Jira, Confluence, every org). Undo: `…/enable`.
 * - Atlassian-account API tokens: `GET|DELETE /users/{accountId}/manage/api-tokens[/{tokenId}]`
 *   (not Trello Power-Up tokens — NOTES.md §6).
 * UNVERIFIED (the reference gives paths, not bodies): the search answer is read as
 * `{data: [{accountId, email, status}]}` with `status` `active`/`suspended`, the profile as
 * `{account: {account_id, email, account_status}}`, tokens as `[{id, label}]`; a 404 on a token
 * DELETE means it is already gone.
 */
import { z } from 'zod';
import type { AtlassianTokenRevoker } from '../../core/offboarding/offboarding-deps.ts';
import type { IdentityProvider, IdpChange, IdpScope, IdpUser } from '../../ports/identity-provider.ts';
import { idpCall } from './idp-http.ts';

export const AtlassianCredentials = z.object({
  apiKey: z.string().min(1),
  orgId: z.string().min(1),
  directoryId: z.string().min(1),
});
type AtlassianCredentials = z.infer<typeof AtlassianCredentials>;

const DirectoryUser = z.object({ accountId: z.string(), email: z.string(), status: z.string() });
const SearchAnswer = z.object({ data: z.array(DirectoryUser) });
const Profile = z.object({
  account: z.object({ account_id: z.string(), email: z.string(), account_status: z.string() }),
});
const ApiTokens = z.array(z.object({ id: z.string(), label: z.string().default('') }));
const AtlassianError = z.object({
  errors: z.array(
    z.object({ title: z.string().optional(), detail: z.string().optional(), code: z.string().optional() }),
  ),
});

export class AtlassianAdmin implements IdentityProvider, AtlassianTokenRevoker {
  readonly kind = 'atlassian' as const;
  private readonly baseUrl: string;
  private readonly credentials: AtlassianCredentials;

  constructor(private readonly options: { baseUrl: string; credentials: unknown; fetch?: typeof fetch }) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    const parsed = AtlassianCredentials.safeParse(options.credentials);
    if (!parsed.success) {
      throw new Error(
        'Atlassian credentials must be JSON {"apiKey": "<org API key>", "orgId": "…", "directoryId": "…"}',
      );
    }
    this.credentials = parsed.data;
  }

  async findUser(email: string): Promise<IdpUser | null> {
    const found = await this.call(
      'POST',
      `${this.directory()}/users/search`,
      `find the Atlassian user ${email}`,
      SearchAnswer,
      [],
      {
        emails: [email.toLowerCase()],
      },
    );
    const user = found?.data.find((u) => u.email.toLowerCase() === email.toLowerCase());
    if (!user) return null;
    return this.withAccountStatus(user.accountId, user.email, user.status);
  }

  async getUser(id: string): Promise<IdpUser | null> {
    const profile = await this.profile(id);
    return profile === null ? null : this.findUser(profile.email);
  }

  async isDeactivated(user: IdpUser, scope: IdpScope): Promise<boolean> {
    const now = await this.getUser(user.id);
    if (now === null) return true;
    const [directory, account] = now.status.split('/');
    return scope === 'account' ? account !== 'active' : directory !== 'active' || account !== 'active';
  }

  async deactivate(user: IdpUser, scope: IdpScope): Promise<IdpChange> {
    if (await this.isDeactivated(user, scope)) return 'already';
    if (scope === 'account') {
      await this.call(
        'POST',
        `/users/${encodeURIComponent(user.id)}/manage/lifecycle/disable`,
        `disable the Atlassian account ${user.id}`,
        null,
        [],
        {
          message: 'Offboarded by Lanyard',
        },
      );
    } else {
      await this.call(
        'POST',
        `${this.directory()}/users/${encodeURIComponent(user.id)}/suspend`,
        `suspend ${user.id} in the Atlassian directory`,
        null,
      );
    }
    return 'changed';
  }

  async reactivate(user: IdpUser, scope: IdpScope): Promise<IdpChange> {
    if (!(await this.isDeactivated(user, scope))) return 'already';
    if (scope === 'account') {
      await this.call(
        'POST',
        `/users/${encodeURIComponent(user.id)}/manage/lifecycle/enable`,
        `enable the Atlassian account ${user.id}`,
        null,
      );
    } else {
      await this.call(
        'POST',
        `${this.directory()}/users/${encodeURIComponent(user.id)}/restore`,
        `restore ${user.id} in the Atlassian directory`,
        null,
      );
    }
    return 'changed';
  }

  blastRadius(scope: IdpScope): string {
    return scope === 'sign-in'
      ? "Atlassian directory suspend: access to this organization's apps ends (Trello included); roles and groups come back on restore"
      : 'Atlassian account disable: the whole Atlassian account stops working everywhere — Jira, Confluence, Bitbucket and every other organization';
  }

  async listApiTokens(accountId: string): Promise<Array<{ id: string; label: string }>> {
    return (
      (await this.call(
        'GET',
        `/users/${encodeURIComponent(accountId)}/manage/api-tokens`,
        `list the API tokens of ${accountId}`,
        ApiTokens,
        [404],
      )) ?? []
    );
  }

  async revokeApiToken(accountId: string, tokenId: string): Promise<'revoked' | 'already'> {
    const gone = await idpCall({
      ...this.request(
        'DELETE',
        `/users/${encodeURIComponent(accountId)}/manage/api-tokens/${encodeURIComponent(tokenId)}`,
        `revoke API token ${tokenId} of ${accountId}`,
      ),
      schema: z
        .literal(true)
        .or(z.null())
        .transform(() => 'revoked' as const),
      notFound: [404],
    });
    return gone === null ? 'already' : 'revoked';
  }

  private async profile(id: string) {
    const answer = await this.call(
      'GET',
      `/users/${encodeURIComponent(id)}/manage/profile`,
      `read the Atlassian account ${id}`,
      Profile,
      [404],
    );
    return answer?.account ?? null;
  }

  private async withAccountStatus(
    accountId: string,
    email: string,
    directoryStatus: string,
  ): Promise<IdpUser> {
    const account = await this.profile(accountId);
    const accountStatus = account?.account_status ?? 'closed';
    return {
      id: accountId,
      email: email.toLowerCase(),
      active: directoryStatus === 'active' && accountStatus === 'active',
      status: `${directoryStatus}/${accountStatus}`,
    };
  }

  private directory() {
    return `/admin/v2/orgs/${encodeURIComponent(this.credentials.orgId)}/directories/${encodeURIComponent(this.credentials.directoryId)}`;
  }

  private request(method: 'GET' | 'POST' | 'DELETE', path: string, what: string, body?: unknown) {
    return {
      method,
      url: `${this.baseUrl}${path}`,
      headers: { Authorization: `Bearer ${this.credentials.apiKey}` },
      body,
      what,
      errorText: (b: unknown) => {
        const parsed = AtlassianError.safeParse(b);
        const first = parsed.data?.errors[0];
        return first ? [first.code, first.title, first.detail].filter(Boolean).join(': ') : undefined;
      },
      fetch: this.options.fetch,
    };
  }

  private call<T>(
    method: 'GET' | 'POST',
    path: string,
    what: string,
    schema: z.ZodType<T> | null,
    notFound: number[] = [],
    body?: unknown,
  ) {
    return idpCall({ ...this.request(method, path, what, body), schema, notFound });
  }
}

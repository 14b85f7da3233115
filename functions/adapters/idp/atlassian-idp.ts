/**
 * Atlassian Administration (reference/idp/NOTES.md §1, §6), for Trello Enterprises whose users are
 * managed in admin.atlassian.com. Base `https://api.atlassian.com`, `Authorization: Bearer
 * <organization API key>` (create it without scopes: scoped keys fail with `manage:org` — NOTES §1).
 * Only managed accounts can be acted on.
 * - sign-in: the Organizations API v2 directory suspend,
 *   `POST /admin/v2/orgs/{orgId}/directories/{directoryId}/users/{accountId}/suspend` (no body) —
 *   the user loses access to this organization's apps (Trello included); roles and group
 *   memberships come back on `…/restore`. The Atlassian account itself keeps working elsewhere.
 * - account: the user management API, `POST /users/{accountId}/manage/lifecycle/disable`
 *   (`{message}`) — the whole Atlassian account stops: Jira, Confluence, Bitbucket, Trello and every
 *   Atlassian product in every organization. Undo: `…/lifecycle/enable`.
 * - lookup: `POST …/directories/{directoryId}/users/search` with `emails` (exact-match; whether
 *   Atlassian compares case-insensitively is UNVERIFIED, so the email is sent as given and
 *   lowercased); read-back: `GET …/directories/{directoryId}/users/{accountId}` for the sign-in
 *   scope and `GET /users/{accountId}/manage/profile` for the account scope.
 * The reference gives paths, not bodies: the shapes below come from the jira.js models (generated
 * from Atlassian's specs) and are UNVERIFIED here — a directory user
 * `{accountId, email, status, accountStatus, membershipStatus}` with `accountStatus`
 * `active|inactive|closed`, `membershipStatus` `active|suspended|no_membership` and the composite
 * `status` `active|suspended|not_invited|deactivated|for_deletion`; the profile
 * `{account:{account_id, account_status, email}}`. What Atlassian answers to a call that finds the
 * user already in the target state is not documented (UNVERIFIED), so every change reads first
 * and answers `already` without writing. Success: 200 `{message}` (suspend/restore, as documented
 * now) or 204 (as they answered before, and disable/enable): both accepted.
 * Errors: 429 with `X-RateLimit-Reset` (ISO-8601) → IdpRateLimitedError with the wait; 403
 * `forbidden.action` (e.g. accounts synced from Google Workspace without Atlassian Guard, AX-186)
 * → IdpRequestRejectedError. No retries here.
 * API tokens: atlassian-api-tokens.ts ({@link AtlassianAdmin} bundles both for the wiring).
 *
 * Follows: the Organizations REST API (v2 directory endpoints) and the user management REST API
 * as published on developer.atlassian.com in 2026; no machine-readable copy is in the repository,
 * so these exchanges are not validated against a spec (test/contract/specs/SOURCES.md). UNVERIFIED:
 * the body shapes (jira.js models), a call that finds the target state, the exact suspend/restore
 * message text.
 * The read → already? → write course is idp-adapter-base.ts's; this file supplies the calls.
 */
import * as z from 'zod';
import { IdpRequestRejectedError } from '../../core/errors.ts';
import type { AtlassianApiToken, AtlassianApiTokens } from '../../ports/atlassian-api-tokens.ts';
import type { IdpChange, IdpScope, IdpUser } from '../../ports/identity-provider.ts';
import {
  type AtlassianAdapterOptions,
  AtlassianApi,
  AtlassianApiTokenAdmin,
  AtlassianCredentials,
} from './atlassian-api-tokens.ts';
import { IdpAdapterBase } from './idp-adapter-base.ts';

export { type AtlassianAdapterOptions, AtlassianCredentials };

/** What the disable call records as the reason (shown to admins in Atlassian). */
const DISABLE_MESSAGE = 'Deactivated by Lanyard offboarding';

const DirectoryUser = z
  .object({
    accountId: z.string().min(1),
    email: z.string().nullish(),
    status: z.string().optional(),
    accountStatus: z.string().optional(),
    membershipStatus: z.string().optional(),
  })
  .refine(
    (u) => u.status !== undefined || (u.accountStatus !== undefined && u.membershipStatus !== undefined),
    {
      message: 'a directory user needs status, or accountStatus and membershipStatus',
    },
  );
type DirectoryUser = z.infer<typeof DirectoryUser>;
const SearchPage = z.object({ data: z.array(DirectoryUser) });
const DirectoryUserDetails = z.object({ data: DirectoryUser });
const Profile = z.object({
  account: z.object({
    account_id: z.string().min(1),
    account_status: z.string(),
    email: z.string().nullish(),
  }),
});
type Account = z.infer<typeof Profile>['account'];
/**
 * Suspend/restore now answer 200 with `{message}` (Organizations REST API reference, directory
 * suspend: "User was successfully suspended in the organization directory"); they used to answer
 * 204, and disable/enable still say "Everything went fine, nothing to return". Both are accepted:
 * no body, or an object whose optional `message` is a string. The message is not read (its wording
 * is not a contract); the change is read back instead.
 */
const Done = z
  .union([z.null(), z.looseObject({ message: z.string().optional() })])
  .transform(() => 'done' as const);

/** The user as the scope's API holds them: the directory user (sign-in) or the account (account). */
type AtlassianState = { scope: 'sign-in'; user: DirectoryUser } | { scope: 'account'; account: Account };

export class AtlassianIdentityProvider extends IdpAdapterBase<AtlassianState> {
  readonly kind = 'atlassian' as const;
  protected readonly api: AtlassianApi;

  constructor(options: AtlassianAdapterOptions) {
    super(() => options.pacing?.invocation());
    this.api = new AtlassianApi(options);
  }

  async findUser(email: string): Promise<IdpUser | null> {
    const wanted = email.trim().toLowerCase();
    const page = await this.api.call(
      'POST',
      `${this.api.directoryPath()}/users/search`,
      `find the Atlassian user ${email}`,
      SearchPage,
      { body: { emails: [...new Set([email.trim(), wanted])] } },
    );
    const found = new Map<string, DirectoryUser>();
    for (const user of page?.data ?? []) {
      if (user.email?.toLowerCase() === wanted) found.set(user.accountId, user);
    }
    if (found.size > 1) {
      throw new IdpRequestRejectedError(
        `Atlassian has ${found.size} accounts with the email ${email} in this directory ` +
          `(${[...found.keys()].join(', ')}): Lanyard will not guess which one to cut off; resolve it in admin.atlassian.com`,
      );
    }
    const [user] = found.values();
    return user ? toUser(user) : null;
  }

  /** Sign-in scope reads the directory user; account scope reads the account's profile. */
  protected async read(id: string, scope: IdpScope): Promise<AtlassianState | null> {
    if (scope === 'account') {
      const account = await this.account(id);
      return account === null ? null : { scope, account };
    }
    const user = await this.directoryUser(id);
    return user === null ? null : { scope, user };
  }

  protected toIdpUser(state: AtlassianState): IdpUser {
    if (state.scope === 'sign-in') return toUser(state.user);
    return {
      id: state.account.account_id,
      email: state.account.email?.toLowerCase() ?? '',
      active: state.account.account_status === 'active',
      status: state.account.account_status,
    };
  }

  protected isCut(state: AtlassianState): boolean {
    // Account: not active. Sign-in: cut off from this organization's apps (account or membership).
    return state.scope === 'account' ? state.account.account_status !== 'active' : signInCut(state.user);
  }

  protected async cut(state: AtlassianState): Promise<void> {
    if (state.scope === 'account') {
      await this.api.call(
        'POST',
        `/users/${encodeURIComponent(state.account.account_id)}/manage/lifecycle/disable`,
        `deactivate the Atlassian account ${state.account.account_id}`,
        Done,
        { body: { message: DISABLE_MESSAGE } },
      );
      return;
    }
    await this.api.call(
      'POST',
      `${this.api.directoryPath()}/users/${encodeURIComponent(state.user.accountId)}/suspend`,
      `suspend ${state.user.accountId} in the Atlassian directory`,
      Done,
    );
  }

  protected async restore(state: AtlassianState): Promise<IdpChange> {
    if (state.scope === 'account') {
      const id = state.account.account_id;
      if (state.account.account_status === 'closed') {
        throw new IdpRequestRejectedError(
          `The Atlassian account ${id} is closed (deleted or scheduled for deletion): cancel the deletion ` +
            'in admin.atlassian.com before it can be reactivated',
        );
      }
      await this.api.call(
        'POST',
        `/users/${encodeURIComponent(id)}/manage/lifecycle/enable`,
        `reactivate the Atlassian account ${id}`,
        Done,
      );
      return 'changed';
    }
    const now = state.user;
    if (membershipOf(now) === 'no_membership') throw notInDirectory(now.accountId);
    // The sign-in cut is the directory membership; restore it whatever the account says.
    if (membershipOf(now) === 'suspended') {
      await this.api.call(
        'POST',
        `${this.api.directoryPath()}/users/${encodeURIComponent(now.accountId)}/restore`,
        `restore ${now.accountId} in the Atlassian directory`,
        Done,
      );
      return 'changed';
    }
    if (accountCut(now)) {
      throw new IdpRequestRejectedError(
        `The Atlassian account ${now.accountId} is deactivated, which directory restore cannot undo: reactivate it ` +
          'at account scope (lifecycle enable) first',
      );
    }
    return 'already';
  }

  /**
   * Account scope: only managed accounts are known to the user management API, so a missing one is
   * refused both ways. Sign-in: not in the directory is a cut already made; a rehire must invite.
   */
  protected override missing(user: IdpUser, scope: IdpScope, during: 'deactivate' | 'reactivate'): 'already' {
    if (scope === 'account') throw notManaged(user.id, during);
    if (during === 'deactivate') return 'already';
    throw notInDirectory(user.id);
  }

  protected cannotReactivate(user: IdpUser): Error {
    return notInDirectory(user.id);
  }

  blastRadius(scope: IdpScope): string {
    return atlassianBlastRadius(scope);
  }

  private directoryUser(id: string): Promise<DirectoryUser | null> {
    return this.api.call(
      'GET',
      `${this.api.directoryPath()}/users/${encodeURIComponent(id)}`,
      `read ${id} in the Atlassian directory`,
      DirectoryUserDetails.transform((answer) => answer.data),
      { notFound: [404] },
    );
  }

  private async account(id: string): Promise<Account | null> {
    const profile = await this.api.call(
      'GET',
      `/users/${encodeURIComponent(id)}/manage/profile`,
      `read the Atlassian account ${id}`,
      Profile,
      { notFound: [404] },
    );
    return profile?.account ?? null;
  }
}

/**
 * The IdP adapter and the API-token port in one object (create-identity-provider.ts hands the same
 * adapter to the token review); the token calls are {@link AtlassianApiTokenAdmin}'s.
 */
export class AtlassianAdmin extends AtlassianIdentityProvider implements AtlassianApiTokens {
  private readonly tokens = new AtlassianApiTokenAdmin(this.api);

  listApiTokens(accountId: string): Promise<AtlassianApiToken[]> {
    return this.tokens.listApiTokens(accountId);
  }

  revokeApiToken(accountId: string, tokenId: string): Promise<'revoked' | 'already'> {
    return this.tokens.revokeApiToken(accountId, tokenId);
  }
}

function accountCut(user: DirectoryUser): boolean {
  if (user.accountStatus !== undefined) return user.accountStatus !== 'active';
  return user.status === 'deactivated' || user.status === 'for_deletion';
}

function membershipOf(user: DirectoryUser): string {
  if (user.membershipStatus !== undefined) return user.membershipStatus;
  if (user.status === 'suspended') return 'suspended';
  if (user.status === 'not_invited') return 'no_membership';
  return user.status === 'active' ? 'active' : 'unknown';
}

/** Cut off from this organization's apps: account deactivated or membership not active. */
function signInCut(user: DirectoryUser): boolean {
  return accountCut(user) || membershipOf(user) !== 'active';
}

function toUser(user: DirectoryUser): IdpUser {
  return {
    id: user.accountId,
    // The details answer may omit the email (optional in the model); the id is what Lanyard acts on.
    email: user.email?.toLowerCase() ?? '',
    active: !signInCut(user),
    status: user.status ?? `${user.membershipStatus}/${user.accountStatus}`,
  };
}

function notInDirectory(id: string): IdpRequestRejectedError {
  return new IdpRequestRejectedError(
    `${id} is not in the Atlassian directory any more: invite them to the organization again ` +
      '(roles and groups must then be assigned again)',
  );
}

function notManaged(id: string, verb: string): IdpRequestRejectedError {
  return new IdpRequestRejectedError(
    `Could not ${verb} the Atlassian account ${id}: the user management API does not know it (404). Only ` +
      'managed accounts (on a domain this organization verified) can be deactivated through the API',
  );
}

/** What `scope` cuts with this provider (needs no credentials: the approval text is built from it). */
export function atlassianBlastRadius(scope: IdpScope): string {
  return scope === 'sign-in'
    ? "Atlassian directory suspend: the user loses access to this organization's apps (Trello, and any Jira or Confluence sites of the same organization); the Atlassian account keeps working elsewhere, and roles and group memberships come back on restore"
    : 'Atlassian account deactivation: the whole Atlassian account stops — Jira, Confluence, Bitbucket, Trello and every other Atlassian product in every organization, plus Community, Marketplace and support sites; data is kept and it can be reactivated';
}

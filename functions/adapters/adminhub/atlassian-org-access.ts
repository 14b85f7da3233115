/**
 * The Atlassian Administration calls that replace Trello's seat and deactivation writes for an
 * Enterprise managed there (AdminHub). Base `https://api.atlassian.com`, `Authorization: Bearer
 * <organization API key>` (reference/idp/NOTES.md §1; the key and its errors are shared with the
 * Atlassian IdP adapter through {@link AtlassianApi}).
 * - lookup (email → account): the Organizations API's directory user search,
 *   `POST /admin/v2/orgs/{orgId}/directories/{directoryId}/users/search` with `emails` (NOTES §1.2),
 *   following `links.next` (sent back as `cursor`) while a page does not hold the person;
 * - seat: membership of the group that gives Trello product access — add
 *   `POST /admin/v1/orgs/{orgId}/directory/groups/{groupId}/memberships` `{"account_id"}`, remove
 *   `DELETE …/memberships/{accountId}` (Organizations REST API, Groups; the add's body is the one
 *   Atlassian's KB "How to add uninvited users to groups using REST API" shows);
 * - deactivation: the directory's suspend, `POST /admin/v1/orgs/{orgId}/directory/users/{accountId}/suspend-access`
 *   and `…/restore-access` (Organizations REST API, Directory: "You're not billed for a user when
 *   their access is suspended. They regain their roles and group memberships when you restore").
 * UNVERIFIED (the docs leave it open): what the group add answers for someone already in the group
 * and the remove for someone not in it (a 409 and a 404 are read as "already so"); whether suspend
 * of a suspended user is a no-op (the simulator answers it as one); how soon Trello shows a change
 * made here (the adapter reads Trello and Atlassian back; the core reads back before it says done).
 * Atlassian's failures are turned into the Trello errors the workflows already retry or stop on,
 * each message naming Atlassian Administration, so no workflow needs a second set of names.
 */
import * as z from 'zod';
import {
  AdminHubManagedError,
  IdpAuthFailedError,
  IdpRateLimitedError,
  IdpRequestRejectedError,
  IdpResponseInvalidError,
  IdpUnavailableError,
  TrelloAuthFailedError,
  TrelloRateLimitedError,
  TrelloRequestRejectedError,
  TrelloResponseInvalidError,
  TrelloUnavailableError,
} from '../../core/errors.ts';
import { type AtlassianAdapterOptions, AtlassianApi } from '../idp/atlassian-api-tokens.ts';

/** One account of the organization's directory, as the search answers it. */
export interface AtlassianAccount {
  accountId: string;
  /** As the directory holds it (lowercased). */
  email: string;
  /** Suspended in this directory, or the Atlassian account itself is not active. */
  suspended: boolean;
}

const DirectoryUser = z.looseObject({
  accountId: z.string().min(1),
  email: z.string().nullish(),
  accountStatus: z.string().optional(),
  membershipStatus: z.string().optional(),
  status: z.string().optional(),
});
const SearchPage = z.object({
  data: z.array(DirectoryUser),
  links: z.looseObject({ next: z.string().nullish() }).optional(),
});
/** Any 2xx (a `{message}` body, or none): the change is read back, never taken from the answer. */
const Done = z.unknown().transform(() => 'done' as const);
/** A search that keeps answering pages past this many is not converging: stop rather than loop. */
const MAX_SEARCH_PAGES = 20;

export interface AtlassianOrgAccessOptions extends AtlassianAdapterOptions {
  /** The group that gives Trello product access: its members hold the Enterprise's seats. */
  trelloGroupId: string;
}

export class AtlassianOrgAccess {
  private readonly api: AtlassianApi;
  private readonly groupId: string;

  constructor(options: AtlassianOrgAccessOptions) {
    this.api = new AtlassianApi(options);
    this.groupId = options.trelloGroupId;
  }

  /** The directory account with exactly this email (case-insensitive); null when there is none. */
  async findAccount(email: string): Promise<AtlassianAccount | null> {
    const wanted = email.trim().toLowerCase();
    let cursor: string | undefined;
    for (let page = 0; page < MAX_SEARCH_PAGES; page += 1) {
      const answer = await translated(() =>
        this.api.call(
          'POST',
          `${this.api.directoryPath()}/users/search`,
          `find ${email} in Atlassian Administration`,
          SearchPage,
          { body: { emails: [wanted], ...(cursor === undefined ? {} : { cursor }) } },
        ),
      );
      const match = answer?.data.find((user) => user.email?.toLowerCase() === wanted);
      if (match) return { accountId: match.accountId, email: wanted, suspended: suspendedOf(match) };
      const next = answer?.links?.next ?? null;
      if (!next || next === cursor) return null;
      cursor = next;
    }
    throw new TrelloResponseInvalidError(
      `Atlassian Administration's user search for ${email} kept answering further pages past ${MAX_SEARCH_PAGES}: paging stopped instead of looping`,
    );
  }

  /** Gives the account Trello product access (a seat) through the Trello access group. */
  async grantTrelloAccess(accountId: string): Promise<void> {
    await translated(() =>
      this.api.call(
        'POST',
        `${this.orgPath()}/directory/groups/${encodeURIComponent(this.groupId)}/memberships`,
        `add ${accountId} to the Trello access group in Atlassian Administration`,
        Done,
        { body: { account_id: accountId }, notFound: [409] },
      ),
    );
  }

  /** Takes Trello product access away (frees the seat); already outside the group is done too. */
  async removeTrelloAccess(accountId: string): Promise<void> {
    await translated(() =>
      this.api.call(
        'DELETE',
        `${this.orgPath()}/directory/groups/${encodeURIComponent(this.groupId)}/memberships/${encodeURIComponent(accountId)}`,
        `remove ${accountId} from the Trello access group in Atlassian Administration`,
        Done,
        { notFound: [404] },
      ),
    );
  }

  /** The directory's suspend: no access to the organization's apps (Trello included), not billed. */
  async suspend(accountId: string): Promise<void> {
    await translated(() =>
      this.api.call(
        'POST',
        `${this.orgPath()}/directory/users/${encodeURIComponent(accountId)}/suspend-access`,
        `suspend ${accountId} in Atlassian Administration`,
        Done,
      ),
    );
  }

  /** Restores access: roles and group memberships (the Trello seat among them) come back. */
  async restore(accountId: string): Promise<void> {
    await translated(() =>
      this.api.call(
        'POST',
        `${this.orgPath()}/directory/users/${encodeURIComponent(accountId)}/restore-access`,
        `restore ${accountId} in Atlassian Administration`,
        Done,
      ),
    );
  }

  private orgPath(): string {
    return `/admin/v1/orgs/${encodeURIComponent(this.api.credentials.orgId)}`;
  }
}

function suspendedOf(user: z.infer<typeof DirectoryUser>): boolean {
  if (user.accountStatus !== undefined && user.accountStatus !== 'active') return true;
  if (user.membershipStatus !== undefined) return user.membershipStatus !== 'active';
  return user.status !== undefined && user.status !== 'active';
}

/**
 * Atlassian's answer as the Trello error the workflows know: a 429 is retried like Trello's (its
 * wait kept in the message), an outage likewise; a refused key or request stops. A 403 says the
 * key cannot manage this user, which a person must fix: refused like an AdminHub refusal.
 */
async function translated<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const message = error instanceof Error ? `Atlassian Administration: ${error.message}` : String(error);
    if (error instanceof IdpRateLimitedError)
      throw new TrelloRateLimitedError(message, 'ATLASSIAN_ADMIN_RATE_LIMIT');
    if (error instanceof IdpUnavailableError) throw new TrelloUnavailableError(message);
    if (error instanceof IdpAuthFailedError) {
      throw new TrelloAuthFailedError(
        `${message} Check the organization API key in the AdminHub secret (create it without scopes).`,
      );
    }
    if (error instanceof IdpResponseInvalidError) throw new TrelloResponseInvalidError(message);
    if (error instanceof IdpRequestRejectedError) {
      if (/\(403\)/.test(error.message)) throw new AdminHubManagedError(message);
      throw new TrelloRequestRejectedError(message);
    }
    throw error;
  }
}

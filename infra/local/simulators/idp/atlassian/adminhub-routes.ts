/**
 * The Atlassian Administration endpoints an AdminHub-managed Trello Enterprise is run through
 * (Organizations REST API, v1, developer.atlassian.com/cloud/admin/organization/rest):
 * - `POST /admin/v1/orgs/{orgId}/directory/users/{accountId}/suspend-access` and `…/restore-access`
 *   (Directory): the same directory membership the v2 `…/suspend` and `…/restore` change;
 * - `POST /admin/v1/orgs/{orgId}/directory/groups/{groupId}/memberships` `{"account_id"}` and
 *   `DELETE …/memberships/{accountId}` (Groups; the add's body as Atlassian's KB "How to add
 *   uninvited users to groups using REST API" shows). One seeded group gives Trello product access:
 *   its members hold the Enterprise's seats.
 * What Trello sees follows: a link (the local stack's) is told whenever someone's Trello access —
 * in the group, not suspended, account active — changes, and may refuse a grant (no seat left).
 * UNVERIFIED, chosen here (the docs leave them open): suspend/restore answer 200 `{message}` like
 * their v2 twins; the group add answers 200 `{message}` also for someone already in the group, and
 * the remove 204, or 404 `not-found` for someone not in it; a grant Trello cannot honour (no seat)
 * answers 400 `license-limit-exceeded`; a user outside the directory answers 404 "User not found"
 * (the KB's words for the add).
 */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import type { SimUser, SimUsers } from '../idp-sim-kit.ts';

type Membership = 'active' | 'suspended';

export interface AdminHubKit {
  orgId: string;
  trelloGroupId: string;
  membershipOf(user: SimUser): Membership;
  setMembership(user: SimUser, membership: Membership): void;
  err(c: Context, status: 400 | 404, code: string, title: string): Response;
}

/** Told when a person's Trello access changes; throws to refuse a grant (its message is the reason). */
export type TrelloAccessLink = (email: string, access: boolean) => void;

const MembershipBody = z.object({ account_id: z.string().min(1) });

export class AdminHubAccess {
  private readonly group = new Set<string>();
  private link: TrelloAccessLink | null = null;

  constructor(private readonly kit: AdminHubKit) {}

  /** Links Trello: from now on it follows every change of someone's Trello access. */
  linkTrello(link: TrelloAccessLink | null): void {
    this.link = link;
  }

  /** Puts the user in the Trello access group without telling Trello (seeding what Trello already shows). */
  seedGroupMember(user: SimUser): void {
    this.group.add(user.id);
  }

  inGroup(user: SimUser): boolean {
    return this.group.has(user.id);
  }

  /** In the Trello access group, not suspended in the directory, the account active. */
  hasTrelloAccess(user: SimUser): boolean {
    return this.group.has(user.id) && this.kit.membershipOf(user) === 'active' && user.accountActive;
  }

  /**
   * Runs a change and tells Trello when it moved the user's access; a refused grant undoes the
   * change and answers its reason.
   */
  change(user: SimUser, apply: () => void, undo: () => void): string | null {
    const before = this.hasTrelloAccess(user);
    apply();
    const after = this.hasTrelloAccess(user);
    if (before === after || this.link === null) return null;
    try {
      this.link(user.email, after);
      return null;
    } catch (error) {
      undo();
      return error instanceof Error ? error.message : String(error);
    }
  }

  routes(app: Hono, users: SimUsers): void {
    const { kit } = this;
    const org = `/admin/v1/orgs/${kit.orgId}`;
    const userNotFound = (c: Context) => kit.err(c, 404, 'not-found', 'User not found');
    const byAccount = (c: Context) => users.byId(c.req.param('accountId') ?? '');

    const directoryChange = (verb: 'suspend-access' | 'restore-access', membership: Membership) =>
      app.post(`${org}/directory/users/:accountId/${verb}`, (c) => {
        const user = byAccount(c);
        if (!user) return userNotFound(c);
        const was = kit.membershipOf(user);
        if (was !== membership) {
          const refused = this.change(
            user,
            () => kit.setMembership(user, membership),
            () => kit.setMembership(user, was),
          );
          if (refused !== null) return kit.err(c, 400, 'license-limit-exceeded', refused);
        }
        const done = membership === 'suspended' ? 'suspended' : 'restored';
        return c.json(
          { message: `Access for user ${user.id} has been ${done} in organization ${kit.orgId}` },
          200,
        );
      });
    directoryChange('suspend-access', 'suspended');
    directoryChange('restore-access', 'active');

    const groupPath = `${org}/directory/groups/:groupId/memberships`;
    const knownGroup = (c: Context) => c.req.param('groupId') === kit.trelloGroupId;

    app.post(groupPath, async (c) => {
      if (!knownGroup(c)) return kit.err(c, 404, 'not-found', 'Group not found');
      const body = MembershipBody.safeParse(await c.req.json().catch(() => null));
      if (!body.success)
        return kit.err(c, 400, 'invalid-request', 'The request body must be {"account_id": "…"}');
      const user = users.byId(body.data.account_id);
      if (!user) return userNotFound(c);
      if (!this.group.has(user.id)) {
        const refused = this.change(
          user,
          () => this.group.add(user.id),
          () => this.group.delete(user.id),
        );
        if (refused !== null) return kit.err(c, 400, 'license-limit-exceeded', refused);
        users.change(user, {}); // one write: the membership
      }
      return c.json({ message: `User ${user.id} is a member of group ${kit.trelloGroupId}` }, 200);
    });

    app.delete(`${groupPath}/:accountId`, (c) => {
      if (!knownGroup(c)) return kit.err(c, 404, 'not-found', 'Group not found');
      const user = byAccount(c);
      if (!user) return userNotFound(c);
      if (!this.group.has(user.id)) return kit.err(c, 404, 'not-found', 'User is not a member of the group');
      this.change(
        user,
        () => this.group.delete(user.id),
        () => this.group.add(user.id),
      );
      users.change(user, {}); // one write: the membership
      return c.body(null, 204);
    });
  }
}

/**
 * Atlassian Administration on loopback (reference/idp/NOTES.md §1, §6), base as
 * `https://api.atlassian.com`, auth `Authorization: Bearer <organization API key>`:
 * - Organizations API v2 (directory-scoped, NOTES §1.2):
 *   `POST /admin/v2/orgs/{orgId}/directories/{directoryId}/users/search` (`emails` xor `searchTerm`,
 *   both → 400), `GET …/users/{accountId}` (directory user details — path from jira.js
 *   `src/admin/api/users.ts`, not in NOTES), `POST …/users/{accountId}/suspend` and `…/restore`;
 * - user management API (NOTES §1.1): `POST /users/{account_id}/manage/lifecycle/disable` (optional
 *   `{message}`) and `…/enable`, `GET /users/{account_id}/manage/profile` (from jira.js
 *   `src/userManagement/api/profile.ts`, not in NOTES), `GET /users/{account_id}/manage/api-tokens`
 *   and `DELETE …/api-tokens/{tokenId}`;
 * - Organizations API v1 for an AdminHub-managed Trello Enterprise (adminhub-routes.ts): the
 *   directory's `suspend-access`/`restore-access` and the Trello access group's memberships;
 * - 429 with `X-RateLimit-Limit/-Remaining/-Reset` (ISO-8601 UTC) and `Retry-After` past the
 *   per-minute limit or on the injected rate-limit fault; every answer carries the same headers
 *   (NOTES §1.4; the limit value is made up — no numbers are published);
 * - the directory search pages with `links.next`, sent back as `cursor`.
 * What the docs leave open and the simulator chose: UNVERIFIED.md beside this file.
 * Body shapes come from the jira.js models (generated from Atlassian's specs; not in reference/idp,
 * so UNVERIFIED here): search `{data:[{accountId, status, accountStatus, membershipStatus, email, …}]}`,
 * details `{data:{…}}`, profile `{account:{account_id, account_type, account_status, email, …}}`,
 * tokens `[{id, label, createdAt, lastAccess?}]`, Organizations API errors
 * `{errors:[{id,status,code,title,detail}]}`, user management API errors `[{code,message}]`.
 * Suspend/restore answer 200 `{message}` (see the route). UNVERIFIED, chosen here: 204 for
 * disable/enable/token delete ("Everything went fine, nothing to return"); a call that finds
 * the user already in the target state answers as a success and changes nothing (not a write); a
 * missing token answers 404; losing org app access (suspend) or the account (disable) ends the
 * user's sessions.
 * State per user: the directory membership (`active`/`suspended`) and the account status
 * (`active`/`inactive`); `status` is Atlassian's composite (`active`, `suspended`, `deactivated`).
 */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { mulberry32, randomHex } from '../../prng.ts';
import { type SimUser, type SimUsers, simSecret, startIdpSimulator } from '../idp-sim-kit.ts';
import type { IdpSimulator, IdpSimulatorOptions } from '../idp-simulator.ts';
import { AdminHubAccess, type TrelloAccessLink } from './adminhub-routes.ts';

export const ATLASSIAN_SIM_ORG_ID = 'sim-org-0001';
export const ATLASSIAN_SIM_DIRECTORY_ID = 'sim-directory-0001';
/** The group that gives Trello product access (AdminHub: its members hold the Enterprise's seats). */
export const ATLASSIAN_SIM_TRELLO_GROUP_ID = 'sim-group-trello-users';
/**
 * Requests per minute before a 429 (Atlassian publishes no numbers, NOTES §1.4: all requests are
 * rate limited). Advertised in X-RateLimit-Limit; {@link AtlassianSimulator.setRateLimit} lowers it.
 */
const RATE_LIMIT = 1000;
/** Search page size (UNVERIFIED: the docs give `limit` but no default; 100 is the maximum they name elsewhere). */
const SEARCH_PAGE = 100;

export interface AtlassianSimulator extends IdpSimulator {
  /** Gives the user an Atlassian-account API token; returns its id. Not counted. */
  addApiToken(email: string, label: string): string;
  apiTokens(email: string): Array<{ id: string; label: string }>;
  /** AdminHub: Trello follows every change of someone's Trello access (the local stack links it). */
  linkTrello(link: TrelloAccessLink | null): void;
  /** AdminHub: puts the user in the Trello access group without telling Trello (seeding). */
  seedTrelloAccess(email: string): void;
  /** AdminHub: is the user in the Trello access group? */
  inTrelloGroup(email: string): boolean;
  /** Requests per minute before the simulator answers 429 (with Retry-After). @default 1000 */
  setRateLimit(perMinute: number): void;
}

interface SimToken {
  id: string;
  label: string;
  createdAt: string;
}

type Membership = 'active' | 'suspended';
type AtlassianStatus = 400 | 401 | 404 | 429 | 503;

/** Requests of the current minute against the limit (one per simulator). */
interface RateWindow {
  limit: number;
  reset: number;
  used: number;
}

export async function startAtlassianSimulator(
  options: IdpSimulatorOptions = {},
): Promise<AtlassianSimulator> {
  const seed = options.seed ?? 1;
  const apiKey = simSecret('ATCTT3x', seed);
  // Token and error ids come from their own seeded stream, so they do not shift fault injection.
  const random = mulberry32(seed ^ 0x0a71a551);
  const tokens = new Map<string, SimToken[]>();
  const memberships = new Map<string, Membership>();
  let users: SimUsers | null = null;
  const rate: RateWindow = { limit: RATE_LIMIT, reset: 0, used: 0 };

  const membershipOf = (u: SimUser): Membership => memberships.get(u.id) ?? 'active';
  const err: AtlassianKit['err'] = (c, status, code, title) => atlassianError(c, status, code, title, random);
  const setState: AtlassianKit['setState'] = (all, user, change) => {
    const membership = change.membership ?? membershipOf(user);
    const accountActive = change.accountActive ?? user.accountActive;
    memberships.set(user.id, membership);
    const signInActive = membership === 'active' && accountActive;
    all.change(user, {
      accountActive,
      signInActive,
      status: accountActive ? (membership === 'active' ? 'active' : 'suspended') : 'deactivated',
      ...(signInActive ? {} : { activeSessions: 0 }),
    });
  };
  const adminHub = new AdminHubAccess({
    orgId: ATLASSIAN_SIM_ORG_ID,
    trelloGroupId: ATLASSIAN_SIM_TRELLO_GROUP_ID,
    membershipOf,
    setMembership: (u, membership) => {
      if (users) setState(users, u, { membership });
    },
    err,
  });
  const kit: AtlassianKit = { rate, adminHub, tokens, membershipOf, err, setState };
  const addToken = (accountId: string, label: string) => {
    const id = `${randomHex(random, 8)}-${randomHex(random, 4)}-${randomHex(random, 4)}-${randomHex(random, 4)}-${randomHex(random, 12)}`;
    const token = { id, label, createdAt: new Date().toISOString() };
    tokens.set(accountId, [...(tokens.get(accountId) ?? []), token]);
    return id;
  };

  const sim = await startIdpSimulator(
    {
      kind: 'atlassian',
      credentials: { apiKey, orgId: ATLASSIAN_SIM_ORG_ID, directoryId: ATLASSIAN_SIM_DIRECTORY_ID },
      newUser: (r) => ({ id: `712020:${randomHex(r, 8)}-${randomHex(r, 4)}`, status: 'active' }),
      authorized: (c) => c.req.header('authorization') === `Bearer ${apiKey}`,
      unauthorized: (c) => kit.err(c, 401, 'unauthorized', 'The API key is invalid, expired or revoked'),
      fault: (c, kind) => {
        if (kind === 'server') return kit.err(c, 503, 'service-unavailable', 'Service unavailable');
        rateLimitHeaders(c, rate, 0);
        return kit.err(c, 429, 'too-many-requests', 'Too many requests, try again later');
      },
      routes: (app, all) => {
        users = all;
        atlassianRoutes(app, all, kit);
      },
      control: (app, all) => {
        app.post('/__control/users/:email/api-tokens', async (c) => {
          const user = all.find(c.req.param('email'));
          if (!user) return c.json({ error: 'no such user' }, 404);
          const body = z.object({ label: z.string().min(1) }).safeParse(await c.req.json().catch(() => null));
          if (!body.success) return c.json({ error: 'body must be {label}' }, 400);
          return c.json({ id: addToken(user.id, body.data.label) }, 201);
        });
      },
    },
    options,
  );
  const existing = (email: string) => {
    const user = users?.find(email);
    if (!user) throw new Error(`The Atlassian simulator has no user ${email}`);
    return user;
  };
  return Object.assign(sim, {
    addApiToken: (email: string, label: string) => addToken(existing(email).id, label),
    apiTokens: (email: string) =>
      (tokens.get(existing(email).id) ?? []).map(({ id, label }) => ({ id, label })),
    linkTrello: (link: TrelloAccessLink | null) => kit.adminHub.linkTrello(link),
    seedTrelloAccess: (email: string) => kit.adminHub.seedGroupMember(existing(email)),
    inTrelloGroup: (email: string) => kit.adminHub.inGroup(existing(email)),
    setRateLimit: (perMinute: number) => {
      rate.limit = perMinute;
    },
  });
}

interface AtlassianKit {
  rate: RateWindow;
  /** AdminHub's Trello access group and its link to Trello. */
  adminHub: AdminHubAccess;
  tokens: Map<string, SimToken[]>;
  membershipOf(user: SimUser): Membership;
  err(c: Context, status: AtlassianStatus, code: string, title: string): Response;
  /** Applies a membership/account change (one write) and derives sign-in, status and sessions. */
  setState(
    users: SimUsers,
    user: SimUser,
    change: { membership?: Membership; accountActive?: boolean },
  ): void;
}

/**
 * Organizations API paths answer `{errors:[{id,status,code,title,detail}]}`; user management API
 * paths (`/users/…`) answer the lifecycle error list `[{code,message}]` (jira.js models; UNVERIFIED).
 */
function atlassianError(
  c: Context,
  status: AtlassianStatus,
  code: string,
  title: string,
  random: () => number,
): Response {
  if (new URL(c.req.url).pathname.startsWith('/users/')) return c.json([{ code, message: title }], status);
  return c.json({ errors: [{ id: randomHex(random, 16), status: String(status), code, title }] }, status);
}

function nextMinute(now = Date.now()): number {
  return (Math.floor(now / 60_000) + 1) * 60_000;
}

function rateLimitHeaders(c: Context, rate: RateWindow, remaining: number): void {
  c.header('X-RateLimit-Limit', String(rate.limit));
  c.header('X-RateLimit-Remaining', String(remaining));
  c.header('X-RateLimit-Reset', new Date(nextMinute()).toISOString());
}

const SearchBody = z.object({
  emails: z.array(z.string()).optional(),
  searchTerm: z.string().optional(),
  limit: z.number().int().positive().optional(),
  cursor: z.string().optional(),
});
const DisableBody = z.object({ message: z.string().optional() }).nullable();

function atlassianRoutes(app: Hono, users: SimUsers, kit: AtlassianKit) {
  const directory = `/admin/v2/orgs/${ATLASSIAN_SIM_ORG_ID}/directories/${ATLASSIAN_SIM_DIRECTORY_ID}`;
  const notFound = (c: Context) => kit.err(c, 404, 'not-found', 'User not found');
  const byAccount = (c: Context) => users.byId(c.req.param('accountId') ?? '');

  // X-RateLimit-* on every answer, counted per minute (NOTES §1.4). Past the limit: 429 with the
  // same headers and Retry-After in seconds until the reset (UNVERIFIED that the Admin APIs send
  // Retry-After as well; the Jira and Confluence gateways do).
  const rate = kit.rate;
  app.use('*', async (c, next) => {
    const reset = nextMinute();
    if (rate.reset !== reset) Object.assign(rate, { reset, used: 0 });
    rate.used += 1;
    if (rate.used > rate.limit) {
      rateLimitHeaders(c, rate, 0);
      c.header('Retry-After', String(Math.max(1, Math.ceil((reset - Date.now()) / 1000))));
      return kit.err(c, 429, 'too-many-requests', 'Too many requests, try again later');
    }
    await next();
    rateLimitHeaders(c, rate, Math.max(0, rate.limit - rate.used));
  });
  kit.adminHub.routes(app, users);
  /** A membership or account change, with Trello told when it moved the user's Trello access. */
  const linked = (user: SimUser, change: { membership?: Membership; accountActive?: boolean }) => {
    const before = { membership: kit.membershipOf(user), accountActive: user.accountActive };
    return kit.adminHub.change(
      user,
      () => kit.setState(users, user, change),
      () => kit.setState(users, user, before),
    );
  };

  const directoryUser = (u: SimUser) => ({
    accountId: u.id,
    accountType: 'atlassian',
    status: u.status,
    accountStatus: u.accountActive ? 'active' : 'inactive',
    membershipStatus: kit.membershipOf(u),
    name: `${u.givenName} ${u.familyName}`,
    nickname: u.givenName,
    email: u.email,
    emailVerified: true,
    claimStatus: 'managed',
    managementSource: 'invited',
  });

  app.post(`${directory}/users/search`, async (c) => {
    const body = SearchBody.safeParse(await c.req.json().catch(() => null));
    if (!body.success) return kit.err(c, 400, 'invalid-request', 'The request body is not valid');
    if (body.data.emails !== undefined && body.data.searchTerm !== undefined) {
      return kit.err(c, 400, 'invalid-request', 'emails and searchTerm cannot be used together');
    }
    let found: SimUser[];
    if (body.data.emails !== undefined) {
      const wanted = new Set(body.data.emails.map((e) => e.trim().toLowerCase()));
      found = users.all().filter((u) => wanted.has(u.email.toLowerCase()));
    } else {
      const term = (body.data.searchTerm ?? '').toLowerCase();
      found = users
        .all()
        .filter((u) => `${u.email} ${u.givenName} ${u.familyName}`.toLowerCase().includes(term));
    }
    // Cursor paging: `links.next` is sent back as `cursor` (UNVERIFIED: the cursor is opaque; here
    // the offset, base64url-encoded). A cursor the simulator did not issue is a 400.
    const offset =
      body.data.cursor === undefined ? 0 : Number(Buffer.from(body.data.cursor, 'base64url').toString());
    if (!Number.isInteger(offset) || offset < 0) {
      return kit.err(c, 400, 'invalid-cursor', 'The cursor is not valid');
    }
    const size = Math.min(body.data.limit ?? SEARCH_PAGE, SEARCH_PAGE);
    const next =
      offset + size < found.length ? Buffer.from(String(offset + size)).toString('base64url') : null;
    return c.json({
      data: found.slice(offset, offset + size).map(directoryUser),
      links: next === null ? {} : { next },
    });
  });

  app.get(`${directory}/users/:accountId`, (c) => {
    const user = byAccount(c);
    return user ? c.json({ data: directoryUser(user) }) : notFound(c);
  });

  // Suspend/restore answer 200 with a `{message}` body, as the Organizations REST API reference
  // shows for its directory suspend (developer.atlassian.com/cloud/admin/organization/rest/
  // api-group-directory: "User was successfully suspended in the organization directory",
  // `{"message": "Access to organization … "}`); they used to answer 204. The message wording is
  // the simulator's own (UNVERIFIED).
  const directoryChange = (verb: 'suspend' | 'restore', membership: Membership) =>
    app.post(`${directory}/users/:accountId/${verb}`, (c) => {
      const user = byAccount(c);
      if (!user) return notFound(c);
      if (kit.membershipOf(user) !== membership) {
        const refused = linked(user, { membership });
        if (refused !== null) return kit.err(c, 400, 'license-limit-exceeded', refused);
      }
      const done = verb === 'suspend' ? 'suspended' : 'restored';
      return c.json(
        { message: `Access to directory ${ATLASSIAN_SIM_DIRECTORY_ID} has been ${done} for user ${user.id}` },
        200,
      );
    });
  directoryChange('suspend', 'suspended');
  directoryChange('restore', 'active');

  app.get('/users/:accountId/manage/profile', (c) => {
    const user = byAccount(c);
    if (!user) return notFound(c);
    return c.json({
      account: {
        account_id: user.id,
        account_type: 'atlassian',
        account_status: user.accountActive ? 'active' : 'inactive',
        name: `${user.givenName} ${user.familyName}`,
        nickname: user.givenName,
        picture: `https://avatar-management.services.atlassian.com/default/${user.id}`,
        email: user.email,
      },
    });
  });

  const lifecycle = (verb: 'disable' | 'enable', accountActive: boolean) =>
    app.post(`/users/:accountId/manage/lifecycle/${verb}`, async (c) => {
      const user = byAccount(c);
      if (!user) return notFound(c);
      const text = await c.req.text();
      let json: unknown = null;
      try {
        json = text ? JSON.parse(text) : null;
      } catch {
        return kit.err(c, 400, 'body.parse.failure', 'The request body is not JSON');
      }
      if (verb === 'disable' && !DisableBody.safeParse(json).success) {
        return kit.err(c, 400, 'field.constraints.violated', 'message must be a string');
      }
      if (user.accountActive !== accountActive) {
        const refused = linked(user, { accountActive });
        if (refused !== null) return kit.err(c, 400, 'license-limit-exceeded', refused);
      }
      return c.body(null, 204);
    });
  lifecycle('disable', false);
  lifecycle('enable', true);

  app.get('/users/:accountId/manage/api-tokens', (c) => {
    const user = byAccount(c);
    if (!user) return notFound(c);
    return c.json(kit.tokens.get(user.id) ?? []);
  });
  app.delete('/users/:accountId/manage/api-tokens/:tokenId', (c) => {
    const user = byAccount(c);
    if (!user) return notFound(c);
    const list = kit.tokens.get(user.id) ?? [];
    const rest = list.filter((t) => t.id !== c.req.param('tokenId'));
    if (rest.length === list.length) return kit.err(c, 404, 'not-found', 'API token not found');
    kit.tokens.set(user.id, rest);
    users.change(user, {}); // one write: the token is gone
    return c.body(null, 204);
  });
}

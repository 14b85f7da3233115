/**
 * Atlassian Administration on loopback (reference/idp/NOTES.md §1): the Organizations API v2
 * directory search/suspend/restore, the user management API profile and lifecycle
 * disable/enable, Atlassian-account API tokens, bearer auth with the org API key, error bodies
 * `{errors:[{status,code,title,detail}]}` and 429 with `X-RateLimit-*` (reset as ISO-8601).
 * Response bodies beyond the paths are UNVERIFIED (see functions/adapters/idp/atlassian-idp.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { randomHex } from '../../trello/prng.ts';
import { type SimUser, type SimUsers, simSecret, startIdpSimulator } from '../idp-sim-kit.ts';
import type { IdpSimulator, IdpSimulatorOptions } from '../idp-simulator.ts';

const ORG_ID = 'sim-org-0001';
const DIRECTORY_ID = 'sim-directory-0001';

export interface AtlassianSimulator extends IdpSimulator {
  /** Gives the user an Atlassian-account API token; returns its id. */
  addApiToken(email: string, label: string): string;
  apiTokens(email: string): Array<{ id: string; label: string }>;
}

const atlassianError = (c: Context, status: 400 | 401 | 404 | 429 | 503, code: string, title: string) =>
  c.json({ errors: [{ id: randomUUID(), status: String(status), code, title }] }, status);

const statusOf = (u: SimUser) =>
  `${u.signInActive ? 'active' : 'suspended'}/${u.accountActive ? 'active' : 'inactive'}`;

export async function startAtlassianSimulator(
  options: IdpSimulatorOptions = {},
): Promise<AtlassianSimulator> {
  const apiKey = simSecret('ATCTT', options.seed ?? 1);
  const tokens = new Map<string, Array<{ id: string; label: string }>>();
  let usersRef: SimUsers | undefined;
  const sim = await startIdpSimulator(
    {
      kind: 'atlassian',
      credentials: { apiKey, orgId: ORG_ID, directoryId: DIRECTORY_ID },
      newUser: (random) => ({
        id: `712020:${randomHex(random, 8)}-${randomHex(random, 4)}`,
        status: 'active/active',
      }),
      authorized: (c) => c.req.header('authorization') === `Bearer ${apiKey}`,
      unauthorized: (c) => atlassianError(c, 401, 'unauthorized', 'The API key is invalid or expired'),
      fault: (c, kind) => {
        if (kind === 'server') return atlassianError(c, 503, 'service-unavailable', 'Service unavailable');
        c.header('X-RateLimit-Limit', '1000');
        c.header('X-RateLimit-Remaining', '0');
        c.header('X-RateLimit-Reset', new Date(Date.now() + 1000).toISOString());
        return atlassianError(c, 429, 'rate-limited', 'Too Many Requests');
      },
      routes: (app, users) => {
        usersRef = users;
        atlassianRoutes(app, users, tokens);
      },
      control: (app, users) => {
        app.post('/__control/users/:email/api-tokens', async (c) => {
          const user = users.find(c.req.param('email'));
          if (!user) return c.json({ error: 'no such user' }, 404);
          const body = z.object({ label: z.string().min(1) }).safeParse(await c.req.json().catch(() => null));
          if (!body.success) return c.json({ error: 'body must be {label}' }, 400);
          return c.json({ id: addToken(user.id, body.data.label) }, 201);
        });
      },
    },
    options,
  );
  const addToken = (accountId: string, label: string) => {
    const id = randomUUID();
    tokens.set(accountId, [...(tokens.get(accountId) ?? []), { id, label }]);
    return id;
  };
  const idOf = (email: string) => {
    const user = usersRef?.find(email) ?? null;
    if (!user) throw new Error(`The Atlassian simulator has no user ${email}`);
    return user.id;
  };
  return {
    ...sim,
    addApiToken: (email, label) => addToken(idOf(email), label),
    apiTokens: (email) => [...(tokens.get(idOf(email)) ?? [])],
  };
}

function atlassianRoutes(
  app: Hono,
  users: SimUsers,
  tokens: Map<string, Array<{ id: string; label: string }>>,
) {
  const directory = `/admin/v2/orgs/${ORG_ID}/directories/${DIRECTORY_ID}`;
  const notFound = (c: Context) => atlassianError(c, 404, 'not-found', 'User not found');

  app.post(`${directory}/users/search`, async (c) => {
    const body = (await c.req.json().catch(() => null)) as { emails?: unknown; searchTerm?: unknown } | null;
    if (body?.emails !== undefined && body.searchTerm !== undefined) {
      return atlassianError(c, 400, 'invalid-request', 'emails and searchTerm cannot be used together');
    }
    const emails = Array.isArray(body?.emails) ? body.emails.map(String) : [];
    const found = emails.map((e) => users.find(e)).filter((u): u is SimUser => u !== null);
    return c.json({
      data: found.map((u) => ({
        accountId: u.id,
        email: u.email,
        status: u.signInActive ? 'active' : 'suspended',
      })),
    });
  });
  const directoryChange = (verb: 'suspend' | 'restore', signInActive: boolean) =>
    app.post(`${directory}/users/:accountId/${verb}`, (c) => {
      const user = users.byId(c.req.param('accountId'));
      if (!user) return notFound(c);
      if (user.signInActive !== signInActive) {
        const next = { ...user, signInActive, ...(signInActive ? {} : { activeSessions: 0 }) };
        users.change(user, { ...next, status: statusOf(next) });
      }
      return c.body(null, 204);
    });
  directoryChange('suspend', false);
  directoryChange('restore', true);

  app.get('/users/:accountId/manage/profile', (c) => {
    const user = users.byId(c.req.param('accountId'));
    if (!user) return notFound(c);
    return c.json({
      account: {
        account_id: user.id,
        name: `${user.givenName} ${user.familyName}`,
        email: user.email,
        account_type: 'atlassian',
        account_status: user.accountActive ? 'active' : 'inactive',
      },
    });
  });
  const lifecycle = (verb: 'disable' | 'enable', accountActive: boolean) =>
    app.post(`/users/:accountId/manage/lifecycle/${verb}`, (c) => {
      const user = users.byId(c.req.param('accountId'));
      if (!user) return notFound(c);
      if (user.accountActive !== accountActive) {
        const next = { ...user, accountActive, ...(accountActive ? {} : { activeSessions: 0 }) };
        users.change(user, { ...next, status: statusOf(next) });
      }
      return c.body(null, 204);
    });
  lifecycle('disable', false);
  lifecycle('enable', true);

  app.get('/users/:accountId/manage/api-tokens', (c) => {
    if (!users.byId(c.req.param('accountId'))) return notFound(c);
    return c.json(tokens.get(c.req.param('accountId')) ?? []);
  });
  app.delete('/users/:accountId/manage/api-tokens/:tokenId', (c) => {
    const list = tokens.get(c.req.param('accountId')) ?? [];
    const rest = list.filter((t) => t.id !== c.req.param('tokenId'));
    if (rest.length === list.length) return atlassianError(c, 404, 'not-found', 'API token not found');
    tokens.set(c.req.param('accountId'), rest);
    users.change(users.byId(c.req.param('accountId')) as SimUser, {});
    return c.body(null, 204);
  });
}

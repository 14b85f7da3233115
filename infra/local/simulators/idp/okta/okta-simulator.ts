/**
 * Okta's Users API on loopback (reference/idp/NOTES.md §2): `SSWS` auth, users by id or login,
 * state-guarded lifecycle calls, sessions, Okta error bodies (`errorCode`, `errorSummary`…) and
 * the 429 `E0000047` answer with `X-Rate-Limit-*` headers.
 */
import type { Context, Hono } from 'hono';
import { randomHex } from '../../trello/prng.ts';
import { type SimUser, type SimUsers, simSecret, startIdpSimulator } from '../idp-sim-kit.ts';
import type { IdpSimulator, IdpSimulatorOptions } from '../idp-simulator.ts';

function oktaError(c: Context, status: 400 | 401 | 403 | 404 | 429 | 500, code: string, summary: string) {
  return c.json(
    {
      errorCode: code,
      errorSummary: summary,
      errorLink: code,
      errorId: `oae${Date.now().toString(36)}`,
      errorCauses: [],
    },
    status,
  );
}

function userJson(user: SimUser) {
  return {
    id: user.id,
    status: user.status,
    created: '2026-01-05T09:00:00.000Z',
    statusChanged: null,
    profile: { login: user.email, email: user.email, firstName: user.givenName, lastName: user.familyName },
  };
}

export function startOktaSimulator(options: IdpSimulatorOptions = {}): Promise<IdpSimulator> {
  const apiToken = simSecret('00sim', options.seed ?? 1);
  return startIdpSimulator(
    {
      kind: 'okta',
      credentials: { apiToken },
      newUser: (random) => ({ id: `00u${randomHex(random, 17)}`, status: 'ACTIVE' }),
      authorized: (c) => c.req.header('authorization') === `SSWS ${apiToken}`,
      unauthorized: (c) => oktaError(c, 401, 'E0000011', 'Invalid token provided'),
      fault: (c, kind) => {
        if (kind === 'server') return oktaError(c, 500, 'E0000009', 'Internal Server Error');
        c.header('X-Rate-Limit-Limit', '600');
        c.header('X-Rate-Limit-Remaining', '0');
        c.header('X-Rate-Limit-Reset', String(Math.floor(Date.now() / 1000) + 1));
        return oktaError(c, 429, 'E0000047', 'API call exceeded rate limit due to too many requests.');
      },
      routes: (app, users) => oktaRoutes(app, users),
    },
    options,
  );
}

function oktaRoutes(app: Hono, users: SimUsers) {
  const find = (idOrLogin: string) => users.byId(idOrLogin) ?? users.find(decodeURIComponent(idOrLogin));
  const notFound = (c: Context, id: string) =>
    oktaError(c, 404, 'E0000007', `Not found: Resource not found: ${id} (User)`);
  /** Okta refuses a lifecycle call from the wrong state with 400 E0000001 (exact body UNVERIFIED). */
  const wrongState = (c: Context, what: string) =>
    oktaError(c, 400, 'E0000001', `Api validation failed: ${what}`);

  app.get('/api/v1/users/:id', (c) => {
    const user = find(c.req.param('id'));
    return user ? c.json(userJson(user)) : notFound(c, c.req.param('id'));
  });
  const transition = (path: string, from: readonly string[], to: Partial<SimUser>) => {
    app.post(`/api/v1/users/:id/lifecycle/${path}`, (c) => {
      const user = find(c.req.param('id'));
      if (!user) return notFound(c, c.req.param('id'));
      if (!from.includes(user.status))
        return wrongState(c, `${path} is not allowed for a user in status ${user.status}`);
      users.change(user, to);
      return c.json({});
    });
  };
  transition('suspend', ['ACTIVE'], { status: 'SUSPENDED', signInActive: false });
  transition('unsuspend', ['SUSPENDED'], { status: 'ACTIVE', signInActive: true });
  transition(
    'deactivate',
    ['ACTIVE', 'SUSPENDED', 'LOCKED_OUT', 'PASSWORD_EXPIRED', 'PROVISIONED', 'RECOVERY', 'STAGED'],
    { status: 'DEPROVISIONED', signInActive: false, accountActive: false, activeSessions: 0 },
  );
  transition('activate', ['STAGED', 'DEPROVISIONED'], {
    status: 'ACTIVE',
    signInActive: true,
    accountActive: true,
  });
  app.delete('/api/v1/users/:id/sessions', (c) => {
    const user = find(c.req.param('id'));
    if (!user) return notFound(c, c.req.param('id'));
    if (user.activeSessions > 0) users.change(user, { activeSessions: 0 });
    return c.body(null, 204);
  });
}

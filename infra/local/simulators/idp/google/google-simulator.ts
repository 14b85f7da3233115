/**
 * Google's Admin SDK Directory users endpoints on loopback (reference/idp/NOTES.md §4): bearer
 * auth, users by primary email or id, PUT `suspended`, signOut, Google error bodies
 * `{error:{code,message,errors:[{reason,domain}]}}`, and Google's rate-limit answer: 403
 * `userRateLimitExceeded` (not 429).
 */
import type { Context, Hono } from 'hono';
import { type SimUser, type SimUsers, simSecret, startIdpSimulator } from '../idp-sim-kit.ts';
import type { IdpSimulator, IdpSimulatorOptions } from '../idp-simulator.ts';

const googleError = (c: Context, status: 400 | 401 | 403 | 404 | 503, reason: string, message: string) =>
  c.json({ error: { code: status, message, errors: [{ message, domain: 'global', reason }] } }, status);

const userJson = (u: SimUser) => ({
  kind: 'admin#directory#user',
  id: u.id,
  primaryEmail: u.email,
  name: { givenName: u.givenName, familyName: u.familyName },
  suspended: !u.signInActive,
  ...(u.signInActive ? {} : { suspensionReason: 'ADMIN' }),
});

export function startGoogleSimulator(options: IdpSimulatorOptions = {}): Promise<IdpSimulator> {
  const accessToken = simSecret('ya29.sim', options.seed ?? 1);
  return startIdpSimulator(
    {
      kind: 'google',
      credentials: { accessToken },
      newUser: (random) => ({
        id: String(100_000_000_000_000 + Math.floor(random() * 1e14)),
        status: 'suspended: false',
      }),
      authorized: (c) => c.req.header('authorization') === `Bearer ${accessToken}`,
      unauthorized: (c) => googleError(c, 401, 'authError', 'Invalid Credentials'),
      fault: (c, kind) =>
        kind === 'server'
          ? googleError(c, 503, 'backendError', 'Backend Error')
          : googleError(c, 403, 'userRateLimitExceeded', 'User Rate Limit Exceeded'),
      routes: (app, users) => googleRoutes(app, users),
    },
    options,
  );
}

function googleRoutes(app: Hono, users: SimUsers) {
  const base = '/admin/directory/v1/users/:userKey';
  const find = (key: string) => users.byId(key) ?? users.find(key);
  const notFound = (c: Context) => googleError(c, 404, 'notFound', 'Resource Not Found: userKey');

  app.get(base, (c) => {
    const user = find(c.req.param('userKey'));
    return user ? c.json(userJson(user)) : notFound(c);
  });
  app.put(base, async (c) => {
    const user = find(c.req.param('userKey'));
    if (!user) return notFound(c);
    const body = (await c.req.json().catch(() => null)) as { suspended?: unknown } | null;
    if (body === null) return googleError(c, 400, 'invalid', 'Invalid Input');
    if (typeof body.suspended === 'boolean' && body.suspended === user.signInActive) {
      const suspended = body.suspended;
      users.change(user, {
        signInActive: !suspended,
        accountActive: !suspended,
        status: `suspended: ${suspended}`,
      });
    }
    return c.json(userJson(user));
  });
  app.post(`${base}/signOut`, (c) => {
    const user = find(c.req.param('userKey'));
    if (!user) return notFound(c);
    if (user.activeSessions > 0) users.change(user, { activeSessions: 0 });
    return c.body(null, 204);
  });
}

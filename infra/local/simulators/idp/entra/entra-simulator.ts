/**
 * Microsoft Graph's user endpoints on loopback (reference/idp/NOTES.md §3): bearer auth, `$filter`
 * on mail/userPrincipalName, PATCH accountEnabled (204), revokeSignInSessions (200 `{value:true}`),
 * Graph error bodies `{error:{code,message}}` and 429 with `Retry-After`.
 */
import { randomUUID } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { type SimUser, type SimUsers, simSecret, startIdpSimulator } from '../idp-sim-kit.ts';
import type { IdpSimulator, IdpSimulatorOptions } from '../idp-simulator.ts';

const graphError = (c: Context, status: 400 | 401 | 404 | 429 | 503, code: string, message: string) =>
  c.json(
    { error: { code, message, innerError: { 'request-id': randomUUID(), date: new Date().toISOString() } } },
    status,
  );

const userJson = (u: SimUser) => ({
  id: u.id,
  mail: u.email,
  userPrincipalName: u.email,
  displayName: `${u.givenName} ${u.familyName}`,
  accountEnabled: u.signInActive,
});

export function startEntraSimulator(options: IdpSimulatorOptions = {}): Promise<IdpSimulator> {
  const accessToken = simSecret('eyJsim', options.seed ?? 1);
  return startIdpSimulator(
    {
      kind: 'entra',
      credentials: { accessToken },
      newUser: () => ({ id: randomUUID(), status: 'accountEnabled: true' }),
      authorized: (c) => c.req.header('authorization') === `Bearer ${accessToken}`,
      unauthorized: (c) =>
        graphError(c, 401, 'InvalidAuthenticationToken', 'Access token validation failure.'),
      fault: (c, kind) => {
        if (kind === 'server') return graphError(c, 503, 'serviceNotAvailable', 'Service unavailable');
        c.header('Retry-After', '1');
        return graphError(c, 429, 'TooManyRequests', 'Too many requests');
      },
      routes: (app, users) => entraRoutes(app, users),
    },
    options,
  );
}

function entraRoutes(app: Hono, users: SimUsers) {
  const notFound = (c: Context, id: string) =>
    graphError(
      c,
      404,
      'Request_ResourceNotFound',
      `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
    );
  const find = (key: string) => users.byId(key) ?? users.find(key);

  app.get('/users', (c) => {
    // Only the filter Lanyard sends: mail eq '…' or userPrincipalName eq '…'.
    const filter = c.req.query('$filter') ?? '';
    const email = /eq '([^']+)'/.exec(filter)?.[1];
    if (!email) return graphError(c, 400, 'Request_UnsupportedQuery', 'Unsupported query.');
    const user = users.find(email.replace(/''/g, "'"));
    return c.json({ value: user ? [userJson(user)] : [] });
  });
  app.get('/users/:id', (c) => {
    const user = find(c.req.param('id'));
    return user ? c.json(userJson(user)) : notFound(c, c.req.param('id'));
  });
  app.patch('/users/:id', async (c) => {
    const user = find(c.req.param('id'));
    if (!user) return notFound(c, c.req.param('id'));
    const body = (await c.req.json().catch(() => null)) as { accountEnabled?: unknown } | null;
    if (typeof body?.accountEnabled !== 'boolean')
      return graphError(c, 400, 'Request_BadRequest', 'Invalid request body.');
    if (user.signInActive !== body.accountEnabled) {
      const enabled = body.accountEnabled;
      users.change(user, {
        signInActive: enabled,
        accountActive: enabled,
        status: `accountEnabled: ${enabled}`,
      });
    }
    return c.body(null, 204);
  });
  app.post('/users/:id/revokeSignInSessions', (c) => {
    const user = find(c.req.param('id'));
    if (!user) return notFound(c, c.req.param('id'));
    if (user.activeSessions > 0) users.change(user, { activeSessions: 0 });
    return c.json({
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#Edm.Boolean',
      value: true,
    });
  });
}

/**
 * A SCIM 2.0 service provider's /Users on loopback (RFC 7644; reference/idp/NOTES.md §5): bearer
 * auth, `filter=userName eq "…"`, PatchOp on `active` (path form and path-less form), SCIM error
 * bodies, and 429 with `Retry-After` for its rate limit.
 */
import { randomUUID } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { type SimUser, type SimUsers, simSecret, startIdpSimulator } from '../idp-sim-kit.ts';
import type { IdpSimulator, IdpSimulatorOptions } from '../idp-simulator.ts';

const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
const scimError = (c: Context, status: 400 | 401 | 404 | 429 | 503, detail: string, scimType?: string) =>
  c.json({ schemas: [ERROR_SCHEMA], status: String(status), ...(scimType && { scimType }), detail }, status, {
    'Content-Type': 'application/scim+json',
  });

const userJson = (u: SimUser) => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  id: u.id,
  userName: u.email,
  name: { givenName: u.givenName, familyName: u.familyName },
  emails: [{ value: u.email, primary: true, type: 'work' }],
  active: u.signInActive,
  meta: { resourceType: 'User' },
});

export function startScimSimulator(options: IdpSimulatorOptions = {}): Promise<IdpSimulator> {
  const bearerToken = simSecret('scim-', options.seed ?? 1);
  return startIdpSimulator(
    {
      kind: 'scim',
      credentials: { bearerToken },
      newUser: () => ({ id: randomUUID(), status: 'active: true' }),
      authorized: (c) => c.req.header('authorization') === `Bearer ${bearerToken}`,
      unauthorized: (c) => scimError(c, 401, 'Authorization failure: the bearer token is not valid.'),
      fault: (c, kind) => {
        if (kind === 'server') return scimError(c, 503, 'Service unavailable');
        c.header('Retry-After', '1');
        return scimError(c, 429, 'Too many requests');
      },
      routes: (app, users) => scimRoutes(app, users),
    },
    options,
  );
}

function scimRoutes(app: Hono, users: SimUsers) {
  app.get('/Users', (c) => {
    const filter = c.req.query('filter') ?? '';
    const match = /^userName eq "(.+)"$/.exec(filter);
    if (!match?.[1]) return scimError(c, 400, 'Only filter=userName eq "…" is supported', 'invalidFilter');
    const user = users.find(match[1]);
    return c.json({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: user ? 1 : 0,
      Resources: user ? [userJson(user)] : [],
    });
  });
  app.get('/Users/:id', (c) => {
    const user = users.byId(c.req.param('id'));
    return user ? c.json(userJson(user)) : scimError(c, 404, `Resource ${c.req.param('id')} not found`);
  });
  app.patch('/Users/:id', async (c) => {
    const user = users.byId(c.req.param('id'));
    if (!user) return scimError(c, 404, `Resource ${c.req.param('id')} not found`);
    const body = (await c.req.json().catch(() => null)) as {
      Operations?: Array<{ op?: string; path?: string; value?: unknown }>;
    } | null;
    const ops = body?.Operations ?? [];
    if (ops.length === 0)
      return scimError(c, 400, 'Operations must hold at least one operation', 'invalidSyntax');
    let active: boolean | undefined;
    for (const op of ops) {
      if (!['replace', 'add'].includes(String(op.op).toLowerCase()))
        return scimError(c, 400, `Unsupported op ${op.op}`, 'invalidSyntax');
      const value = op.path === 'active' ? op.value : (op.value as { active?: unknown } | undefined)?.active;
      if (typeof value !== 'boolean')
        return scimError(c, 400, 'Only "active" can be changed here', 'invalidPath');
      active = value;
    }
    if (active !== undefined && active !== user.signInActive) {
      users.change(user, {
        signInActive: active,
        accountActive: active,
        status: `active: ${active}`,
        ...(active ? {} : { activeSessions: 0 }),
      });
    }
    return c.json(userJson(user));
  });
}

/**
 * A SCIM 2.0 service provider's `/Users` on loopback (RFC 7643/7644; reference/idp/NOTES.md §5),
 * rooted at the SCIM base URL:
 * - auth `Authorization: Bearer <token>`; a wrong one answers 401 with a SCIM error;
 * - every answer is `application/scim+json`;
 * - `GET /Users?filter=userName eq "…"` → ListResponse (attribute name and operator are matched
 *   ignoring case, and so is the value: `userName` is caseExact=false in RFC 7643 — UNVERIFIED
 *   here, the RFC text is not in the corpus);
 * - `GET /Users/{id}` → the User, 404 with a SCIM error when unknown;
 * - `PATCH /Users/{id}` with a PatchOp (`schemas` must name
 *   `urn:ietf:params:scim:api:messages:2.0:PatchOp`; `Operations` ≥ 1; `op` `replace` or `add`,
 *   with `path: "active"` or the path-less `value: {active}` form NOTES §5 says to accept) → 200
 *   with the resource. Atomic: one bad operation and nothing changes. Re-setting the same value is
 *   a no-op and not a write.
 * - errors: `{schemas:[…:Error], status: "<code>", scimType?, detail}`; the injected rate-limit fault
 *   is 429 with `Retry-After`, the server fault 503.
 * SCIM has one switch: `active=false` cuts sign-in and the account alike (what it means beyond that is
 * up to each service provider). The simulator also ends the user's sessions then.
 */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { type SimUser, type SimUsers, simSecret, startIdpSimulator } from '../idp-sim-kit.ts';
import type { IdpSimulator, IdpSimulatorOptions } from '../idp-simulator.ts';

/** Seconds the simulator asks a throttled client to wait. */
export const SCIM_RETRY_AFTER_SECONDS = 5;
const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const SCIM_JSON = { 'Content-Type': 'application/scim+json' };

type ScimStatus = 200 | 400 | 401 | 404 | 429 | 503;
const scimJson = (c: Context, body: unknown, status: ScimStatus = 200) => c.json(body, status, SCIM_JSON);
const scimError = (c: Context, status: Exclude<ScimStatus, 200>, detail: string, scimType?: string) =>
  scimJson(
    c,
    { schemas: [ERROR_SCHEMA], status: String(status), ...(scimType && { scimType }), detail },
    status,
  );

function uuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
}

export function startScimSimulator(options: IdpSimulatorOptions = {}): Promise<IdpSimulator> {
  const bearerToken = simSecret('scim-', options.seed ?? 1);
  return startIdpSimulator(
    {
      kind: 'scim',
      credentials: { bearerToken },
      newUser: (random) => ({ id: uuid(random), status: 'active: true' }),
      authorized: (c) => c.req.header('authorization') === `Bearer ${bearerToken}`,
      unauthorized: (c) =>
        scimError(c, 401, 'Authorization failure. The authorization header is invalid or missing.'),
      // NOTES §5: limits are provider-defined; 600 a minute is a made-up figure (UNVERIFIED).
      rateLimit: { max: 600, windowMs: 60_000 },
      fault: (c, kind) => {
        if (kind === 'server') return scimError(c, 503, 'Service temporarily unavailable.');
        c.header('Retry-After', String(SCIM_RETRY_AFTER_SECONDS));
        return scimError(c, 429, 'Too many requests.');
      },
      routes: (app, users) => scimRoutes(app, users),
    },
    options,
  );
}

const PatchOp = z.object({
  schemas: z.array(z.string()),
  Operations: z.array(
    z.object({ op: z.string(), path: z.string().optional(), value: z.unknown().optional() }),
  ),
});

function scimRoutes(app: Hono, users: SimUsers) {
  const userJson = (c: Context, u: SimUser) => ({
    schemas: [USER_SCHEMA],
    id: u.id,
    userName: u.email,
    name: { givenName: u.givenName, familyName: u.familyName },
    displayName: `${u.givenName} ${u.familyName}`,
    emails: [{ value: u.email, primary: true, type: 'work' }],
    active: u.signInActive,
    meta: { resourceType: 'User', location: `${new URL(c.req.url).origin}/Users/${u.id}` },
  });
  const notFound = (c: Context, id: string) => scimError(c, 404, `Resource ${id} not found.`);

  app.get('/Users', (c) => {
    const filter = (c.req.query('filter') ?? '').trim();
    const match = /^userName\s+eq\s+"((?:[^"\\]|\\.)*)"$/i.exec(filter);
    if (!match || match[1] === undefined) {
      return scimError(c, 400, 'Only filter=userName eq "…" is supported here.', 'invalidFilter');
    }
    const user = users.find(match[1].replace(/\\(.)/g, '$1'));
    const found = user ? [userJson(c, user)] : [];
    return scimJson(c, {
      schemas: [LIST_SCHEMA],
      totalResults: found.length,
      startIndex: 1,
      itemsPerPage: found.length,
      Resources: found,
    });
  });

  app.get('/Users/:id', (c) => {
    const user = users.byId(c.req.param('id'));
    return user ? scimJson(c, userJson(c, user)) : notFound(c, c.req.param('id'));
  });

  app.patch('/Users/:id', async (c) => {
    const user = users.byId(c.req.param('id'));
    if (!user) return notFound(c, c.req.param('id'));
    const parsed = PatchOp.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success || !parsed.data.schemas.includes(PATCH_SCHEMA)) {
      return scimError(c, 400, `The request body must be a ${PATCH_SCHEMA} message.`, 'invalidSyntax');
    }
    const ops = parsed.data.Operations;
    if (ops.length === 0)
      return scimError(c, 400, 'Operations must hold at least one operation.', 'invalidSyntax');
    // Validate every operation before applying any (PATCH is atomic).
    let active: boolean | undefined;
    for (const op of ops) {
      const verb = op.op.toLowerCase();
      if (verb !== 'replace' && verb !== 'add') {
        return scimError(c, 400, `Operation "${op.op}" is not supported on this resource.`, 'invalidSyntax');
      }
      const value =
        op.path === undefined
          ? (op.value as { active?: unknown } | null | undefined)?.active
          : op.path.toLowerCase() === 'active'
            ? op.value
            : undefined;
      if (op.path !== undefined && op.path.toLowerCase() !== 'active') {
        return scimError(c, 400, `Only "active" can be changed here, not "${op.path}".`, 'invalidPath');
      }
      if (typeof value !== 'boolean') {
        return scimError(c, 400, '"active" must be a boolean.', 'invalidValue');
      }
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
    return scimJson(c, userJson(c, user));
  });
}

/**
 * Microsoft Graph's user endpoints on loopback (reference/idp/NOTES.md §3), rooted where
 * `https://graph.microsoft.com/v1.0` is (the adapter appends `/users…` to its base URL):
 * - auth `Authorization: Bearer <token>`; a wrong one answers 401 `InvalidAuthenticationToken`;
 * - `GET /users?$filter=mail eq '…' or userPrincipalName eq '…'` (`''` escapes a quote; compared
 *   ignoring case — Graph's own case rules here: UNVERIFIED) → `{value:[…]}`;
 * - `GET /users/{id | userPrincipalName}` → the user, with Graph's default property set unless
 *   `$select` names others (`accountEnabled` is not a default property: Graph docs, user-get.md);
 * - `PATCH /users/{id}` `{"accountEnabled": bool}` → 204 (a write only when the value changes);
 * - `POST /users/{id}/revokeSignInSessions` → 200 `{"value": true}` (a write only when sessions
 *   were open);
 * - Graph error bodies `{error:{code,message,innerError}}`; the injected rate-limit fault is 429
 *   `TooManyRequests` with `Retry-After`; the server fault is 503 `serviceNotAvailable`.
 * Graph has one switch: `accountEnabled=false` cuts sign-in and the account alike.
 */
import type { Context, Hono } from 'hono';
import { mulberry32 } from '../../trello/prng.ts';
import { type SimUser, type SimUsers, simSecret, startIdpSimulator } from '../idp-sim-kit.ts';
import type { IdpSimulator, IdpSimulatorOptions } from '../idp-simulator.ts';

/** Seconds the simulator asks a throttled client to wait. */
export const ENTRA_RETRY_AFTER_SECONDS = 2;
const GRAPH = 'https://graph.microsoft.com/v1.0';
/** Graph's default user properties (user-get.md), returned when there is no `$select`. */
const DEFAULT_PROPERTIES = [
  'businessPhones',
  'displayName',
  'givenName',
  'id',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
];

type GraphStatus = 400 | 401 | 404 | 429 | 503;

function uuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

export function startEntraSimulator(options: IdpSimulatorOptions = {}): Promise<IdpSimulator> {
  const seed = options.seed ?? 1;
  const accessToken = simSecret('eyJsim', seed);
  // Request ids come from their own seeded stream so they do not shift fault injection.
  const requestIds = mulberry32(seed ^ 0x6a09e667);
  const graphError = (c: Context, status: GraphStatus, code: string, message: string) =>
    c.json(
      {
        error: {
          code,
          message,
          innerError: { 'request-id': uuid(requestIds), date: new Date().toISOString().slice(0, 19) },
        },
      },
      status,
    );
  return startIdpSimulator(
    {
      kind: 'entra',
      credentials: { accessToken },
      newUser: (random) => ({ id: uuid(random), status: 'accountEnabled: true' }),
      authorized: (c) => c.req.header('authorization') === `Bearer ${accessToken}`,
      unauthorized: (c) =>
        graphError(
          c,
          401,
          'InvalidAuthenticationToken',
          'Access token validation failure. Invalid audience.',
        ),
      fault: (c, kind) => {
        if (kind === 'server') {
          return graphError(c, 503, 'serviceNotAvailable', 'Service is temporarily unavailable.');
        }
        c.header('Retry-After', String(ENTRA_RETRY_AFTER_SECONDS));
        return graphError(
          c,
          429,
          'TooManyRequests',
          'Too many requests have been made. Retry after the time in the Retry-After header.',
        );
      },
      routes: (app, users) => entraRoutes(app, users, graphError),
    },
    options,
  );
}

function entraRoutes(
  app: Hono,
  users: SimUsers,
  graphError: (c: Context, status: GraphStatus, code: string, message: string) => Response,
) {
  const notFound = (c: Context, id: string) =>
    graphError(
      c,
      404,
      'Request_ResourceNotFound',
      `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
    );
  const find = (key: string) => users.byId(key) ?? users.find(key);
  const properties = (u: SimUser): Record<string, unknown> => ({
    id: u.id,
    businessPhones: [],
    displayName: `${u.givenName} ${u.familyName}`,
    givenName: u.givenName,
    surname: u.familyName,
    jobTitle: null,
    mail: u.email,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: null,
    userPrincipalName: u.email,
    accountEnabled: u.signInActive,
  });
  /** The user as Graph shows it: `$select`ed properties, or the default set. */
  const shown = (c: Context, u: SimUser) => {
    const select = c.req.query('$select');
    const names = select ? select.split(',').map((s) => s.trim()) : DEFAULT_PROPERTIES;
    const all = properties(u);
    return Object.fromEntries(names.filter((n) => n in all).map((n) => [n, all[n]]));
  };

  app.get('/users', (c) => {
    // Only what Lanyard sends: `mail eq '…'` and/or `userPrincipalName eq '…'`, joined by `or`.
    const clauses = (c.req.query('$filter') ?? '').split(/\s+or\s+/i);
    const wanted: string[] = [];
    for (const clause of clauses) {
      const match = /^\s*(mail|userPrincipalName) eq '((?:[^']|'')*)'\s*$/i.exec(clause);
      if (!match?.[2]) {
        // Graph's code for a filter it will not run (exact code for this case UNVERIFIED).
        return graphError(c, 400, 'Request_UnsupportedQuery', 'Unsupported or invalid query filter clause.');
      }
      wanted.push(match[2].replace(/''/g, "'").toLowerCase());
    }
    const found = users.all().filter((u) => wanted.includes(u.email.toLowerCase()));
    return c.json({ '@odata.context': `${GRAPH}/$metadata#users`, value: found.map((u) => shown(c, u)) });
  });
  app.get('/users/:id', (c) => {
    const user = find(c.req.param('id'));
    if (!user) return notFound(c, c.req.param('id'));
    return c.json({ '@odata.context': `${GRAPH}/$metadata#users/$entity`, ...shown(c, user) });
  });
  app.patch('/users/:id', async (c) => {
    const user = find(c.req.param('id'));
    if (!user) return notFound(c, c.req.param('id'));
    const body = (await c.req.json().catch(() => null)) as { accountEnabled?: unknown } | null;
    if (body === null || typeof body !== 'object' || typeof body.accountEnabled !== 'boolean') {
      return graphError(
        c,
        400,
        'Request_BadRequest',
        "Invalid value specified for property 'accountEnabled' of resource 'User'.",
      );
    }
    const enabled = body.accountEnabled;
    if (user.signInActive !== enabled) {
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
    return c.json({ '@odata.context': `${GRAPH}/$metadata#Edm.Boolean`, value: true });
  });
}

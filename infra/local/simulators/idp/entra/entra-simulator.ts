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
 *
 * Token endpoint (Microsoft identity platform, client credentials grant), on the same base URL so
 * it serves as the adapter's `authorityBaseUrl` too: `POST /{tenantId}/oauth2/v2.0/token`, form
 * `client_id`, `client_secret`, `scope=https://graph.microsoft.com/.default`,
 * `grant_type=client_credentials` → `{token_type:"Bearer", expires_in, ext_expires_in,
 * access_token}` (opaque tokens here; Entra's are JWTs). Refusals are Entra's error body
 * `{error, error_description:"AADSTS…", error_codes, timestamp, trace_id, correlation_id}`:
 * unknown tenant 400 `invalid_request` (AADSTS90002), unknown app 400 `unauthorized_client`
 * (AADSTS700016), wrong secret 401 `invalid_client` (AADSTS7000215), other scope 400
 * `invalid_scope` (AADSTS1002012), other grant 400 `unsupported_grant_type` (codes from Microsoft's
 * error-code list; each status and wording UNVERIFIED). Graph answers an issued token that expired
 * or was revoked with 401 `InvalidAuthenticationToken`. {@link EntraSimulator.tokens} sets the
 * lifetime, makes the endpoint fail (503/429) and revokes; `/__control/tokens` does the same over
 * HTTP. `credentials` stays the static `{accessToken}` (still accepted, for short tests);
 * `longLivedCredentials` is what the local stack gives Lanyard.
 */
import type { Context, Hono } from 'hono';
import { mulberry32 } from '../../prng.ts';
import {
  SimTokens,
  type SimUser,
  type SimUsers,
  simSecret,
  startIdpSimulator,
  tokenForm,
} from '../idp-sim-kit.ts';
import type { IdpSimulator, IdpSimulatorOptions } from '../idp-simulator.ts';

export interface EntraSimulator extends IdpSimulator {
  /** The app registration the token endpoint knows, with this simulator as the authority. */
  readonly longLivedCredentials: {
    tenantId: string;
    clientId: string;
    clientSecret: string;
    authorityBaseUrl: string;
  };
  /** The token endpoint's tokens: counts, lifetime, failure, revocation. */
  readonly tokens: SimTokens;
}

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
const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

function uuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

export async function startEntraSimulator(options: IdpSimulatorOptions = {}): Promise<EntraSimulator> {
  const seed = options.seed ?? 1;
  const accessToken = simSecret('eyJsim', seed);
  // Request ids and the app's ids come from their own seeded streams so they do not shift fault injection.
  const requestIds = mulberry32(seed ^ 0x6a09e667);
  const appIds = mulberry32(seed ^ 0x510e527f);
  const registration = {
    tenantId: uuid(appIds),
    clientId: uuid(appIds),
    clientSecret: simSecret('sim8Q~', seed + 1),
  };
  const tokens = new SimTokens('eyJ0eXAiOiJKV1Qi.sim.', seed);
  const bearer = (c: Context) => /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
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
  const sim = await startIdpSimulator(
    {
      kind: 'entra',
      credentials: { accessToken },
      newUser: (random) => ({ id: uuid(random), status: 'accountEnabled: true' }),
      authorized: (c) => bearer(c) === accessToken || tokens.check(bearer(c)) === 'valid',
      unauthorized: (c) =>
        graphError(
          c,
          401,
          'InvalidAuthenticationToken',
          // Graph's wording for an expired token: UNVERIFIED.
          tokens.check(bearer(c)) === 'expired'
            ? 'Lifetime validation failed, the token is expired.'
            : 'Access token validation failure. Invalid audience.',
        ),
      // NOTES §3: the write quota, 3,000 requests per 2 min 30 s per app and tenant, enforced on
      // every request (reads' resource units are not modelled; timeScale shrinks the window).
      rateLimit: { max: 3_000, windowMs: 150_000 },
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
      routes: (api, users) => entraRoutes(api, users, graphError),
      control: (control) => tokens.control(control),
      tokenRoutes: (auth) => entraTokenRoute(auth, registration, tokens, requestIds),
    },
    options,
  );
  return Object.assign(sim, { longLivedCredentials: { ...registration, authorityBaseUrl: sim.url }, tokens });
}

/** `POST /{tenant}/oauth2/v2.0/token` for the one app registration this simulator knows. */
function entraTokenRoute(
  auth: Hono,
  registration: { tenantId: string; clientId: string; clientSecret: string },
  tokens: SimTokens,
  ids: () => number,
) {
  const refuse = (c: Context, status: 400 | 401 | 429 | 503, error: string, code: number, text: string) => {
    const now = new Date().toISOString().replace('T', ' ').slice(0, 19);
    const [traceId, correlationId] = [uuid(ids), uuid(ids)];
    return c.json(
      {
        error,
        error_description: `AADSTS${code}: ${text}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${now}Z`,
        error_codes: [code],
        timestamp: `${now}Z`,
        trace_id: traceId,
        correlation_id: correlationId,
      },
      status,
    );
  };
  auth.post('/:tenant/oauth2/v2.0/token', async (c) => {
    tokens.stats.requests += 1;
    // Codes for these two are UNVERIFIED (Entra's throttling/outage answers are not in the reference).
    if (tokens.failWith === 503)
      return refuse(c, 503, 'temporarily_unavailable', 90033, 'Service unavailable.');
    if (tokens.failWith === 429)
      return refuse(c, 429, 'temporarily_unavailable', 90055, 'Too many requests.');
    const form = await tokenForm(c);
    if (c.req.param('tenant') !== registration.tenantId) {
      return refuse(c, 400, 'invalid_request', 90002, `Tenant '${c.req.param('tenant')}' not found.`);
    }
    if (form?.grant_type !== 'client_credentials') {
      return refuse(c, 400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
    }
    if (form.client_id !== registration.clientId) {
      return refuse(
        c,
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${form.client_id ?? ''}' was not found in the directory.`,
      );
    }
    if (form.client_secret !== registration.clientSecret) {
      return refuse(c, 401, 'invalid_client', 7000215, 'Invalid client secret provided.');
    }
    if (form.scope !== GRAPH_SCOPE) {
      return refuse(
        c,
        400,
        'invalid_scope',
        1002012,
        'The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.',
      );
    }
    const issued = tokens.issue();
    return c.json({
      token_type: 'Bearer',
      expires_in: issued.expires_in,
      ext_expires_in: issued.expires_in,
      access_token: issued.access_token,
    });
  });
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

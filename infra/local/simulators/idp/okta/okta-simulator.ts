/**
 * Okta's Users API on loopback (reference/idp/NOTES.md §2; okta-users-lifecycle.subset.openapi.yml):
 * - auth `Authorization: SSWS <token>`; a wrong one answers 401 `E0000011`;
 * - `GET /api/v1/users/{id|login}` (a login is matched ignoring case: UNVERIFIED, the spec only
 *   says the path takes "an ID, login, or login shortname"), and `GET /api/v1/users` with
 *   `filter` (values compared exactly: "Filtering is case-sensitive … for … query values") or
 *   `search` (string values compared ignoring case) — spec `listUsers`, Okta Management API
 *   2026.06.3 (test/contract/specs/okta/);
 * - state-guarded lifecycle: `suspend` (only ACTIVE), `unsuspend` (only SUSPENDED), `deactivate`
 *   (anything but DEPROVISIONED; ends sessions), `activate` (STAGED or DEPROVISIONED; answers a
 *   `UserActivationToken`) — all 200; a wrong-state call answers 400 `E0000001` (the spec does
 *   not give that body: UNVERIFIED) and changes nothing, so it is not a write;
 * - `DELETE /api/v1/users/{id}/sessions` → 204 (a write only when sessions were open);
 * - Okta error bodies (`errorCode`, `errorSummary`, `errorLink`, `errorId`, `errorCauses`);
 * - every served answer carries `X-Rate-Limit-Limit/-Remaining/-Reset` (epoch seconds of the
 *   window's end); past 600 requests a minute (the simulator's `timeScale` shrinks the minute) it
 *   answers 429 `E0000047` with Remaining 0, as the injected rate-limit fault does. Okta counts
 *   per endpoint (NOTES §2); one org-wide window is the stricter reading.
 * Beyond the shared contract, tests can set a user's Okta status or a login that differs from the
 * email, in process ({@link OktaSimulator}) or over HTTP:
 * `PUT /__control/okta/users/:email {status?, login?}`.
 */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { mulberry32, randomHex } from '../../prng.ts';
import { type SimUser, type SimUsers, simSecret, startIdpSimulator } from '../idp-sim-kit.ts';
import type { IdpSimulator, IdpSimulatorOptions } from '../idp-simulator.ts';

export const OKTA_STATUSES = [
  'ACTIVE',
  'DEPROVISIONED',
  'LOCKED_OUT',
  'PASSWORD_EXPIRED',
  'PROVISIONED',
  'RECOVERY',
  'STAGED',
  'SUSPENDED',
] as const;
export type OktaStatus = (typeof OKTA_STATUSES)[number];

export interface OktaSimulator extends IdpSimulator {
  /** Puts the user straight into an Okta status (as an admin or Okta itself would), not counted. */
  setStatus(email: string, status: OktaStatus): void;
  /** Gives the user an Okta login that differs from their email. */
  setLogin(email: string, login: string): void;
}

/** Requests per minute the simulator enforces (Okta's `/api/v1/users/{id}` class on paid plans; NOTES §2). */
const RATE_LIMIT = 600;

type OktaErrorStatus = 400 | 401 | 403 | 404 | 429 | 500;
function oktaError(c: Context, status: OktaErrorStatus, code: string, summary: string, random: () => number) {
  return c.json(
    {
      errorCode: code,
      errorSummary: summary,
      errorLink: code,
      errorId: `oae${randomHex(random, 11)}`,
      errorCauses: [],
    },
    status,
  );
}

/** Okta's sign-in view of a status: suspended, deprovisioned and never-activated users cannot sign in. */
function stateOf(status: OktaStatus): Pick<SimUser, 'status' | 'signInActive' | 'accountActive'> {
  return {
    status,
    signInActive: !['SUSPENDED', 'DEPROVISIONED', 'STAGED'].includes(status),
    accountActive: status !== 'DEPROVISIONED',
  };
}

export async function startOktaSimulator(options: IdpSimulatorOptions = {}): Promise<OktaSimulator> {
  const seed = options.seed ?? 1;
  const apiToken = simSecret('00sim', seed);
  // Error ids and activation tokens come from their own seeded stream, so they do not shift
  // the fault-injection sequence.
  const random = mulberry32(seed ^ 0x5eed0c7a);
  const logins = new Map<string, string>();
  let users: SimUsers | null = null;
  const err = (c: Context, status: OktaErrorStatus, code: string, summary: string) =>
    oktaError(c, status, code, summary, random);

  const sim = await startIdpSimulator(
    {
      kind: 'okta',
      credentials: { apiToken },
      newUser: (r) => ({ id: `00u${randomHex(r, 17)}`, status: 'ACTIVE' }),
      authorized: (c) => c.req.header('authorization') === `SSWS ${apiToken}`,
      unauthorized: (c) => err(c, 401, 'E0000011', 'Invalid token provided'),
      rateLimit: { max: RATE_LIMIT, windowMs: 60_000 },
      rateHeaders: (headers, window) => {
        headers.set('X-Rate-Limit-Limit', String(window.limit));
        headers.set('X-Rate-Limit-Remaining', String(window.remaining));
        headers.set('X-Rate-Limit-Reset', String(Math.ceil(window.resetAtMs / 1000)));
      },
      fault: (c, kind) => {
        if (kind === 'server') return err(c, 500, 'E0000009', 'Internal Server Error');
        c.header('X-Rate-Limit-Limit', String(RATE_LIMIT));
        c.header('X-Rate-Limit-Remaining', '0');
        c.header('X-Rate-Limit-Reset', String(nextMinute()));
        return err(c, 429, 'E0000047', 'API call exceeded rate limit due to too many requests.');
      },
      routes: (app, all) => {
        users = all;
        oktaRoutes(app, all, {
          err,
          random,
          loginOf: (u) => logins.get(u.id) ?? u.email,
          customLogins: () => [...logins],
        });
      },
      control: (app, all) => {
        app.put('/__control/okta/users/:email', async (c) => {
          const user = all.find(c.req.param('email'));
          if (!user) return c.json({ error: 'no such user' }, 404);
          const parsed = OktaControl.safeParse(await c.req.json().catch(() => null));
          if (!parsed.success)
            return c.json({ error: `body must be {status?: ${OKTA_STATUSES.join('|')}, login?}` }, 400);
          if (parsed.data.status) all.set(user, stateOf(parsed.data.status));
          if (parsed.data.login) logins.set(user.id, parsed.data.login);
          return c.json({ id: user.id, status: user.status, login: logins.get(user.id) ?? user.email });
        });
      },
    },
    options,
  );
  const existing = (email: string) => {
    const user = users?.find(email);
    if (!users || !user) throw new Error(`The Okta simulator has no user ${email}`);
    return { users, user };
  };
  return Object.assign(sim, {
    setStatus: (email: string, status: OktaStatus) => {
      const { users: all, user } = existing(email);
      all.set(user, stateOf(status));
    },
    setLogin: (email: string, login: string) => {
      logins.set(existing(email).user.id, login);
    },
  });
}

/** `filter` properties (spec: "status, lastUpdated, id, profile.login, profile.email, profile.firstName, and profile.lastName"). */
const FILTER_PROPERTIES = [
  'status',
  'id',
  'profile.login',
  'profile.email',
  'profile.firstName',
  'profile.lastName',
];
/** The `search` properties the simulator models (Okta searches any profile attribute). */
const SEARCH_PROPERTIES = [...FILTER_PROPERTIES];

/** `<property> <operator> "<value>"`: property name as sent (names are case-sensitive). */
function parseTerm(expression: string): { property: string; operator: string; value: string } | null {
  const match = /^([A-Za-z][\w.]*)\s+([A-Za-z]{2})\s+"((?:[^"\\]|\\.)*)"$/.exec(expression);
  if (!match?.[1] || !match[2] || match[3] === undefined) return null;
  return { property: match[1], operator: match[2], value: match[3].replace(/\\(.)/g, '$1') };
}

function propertyOf(user: SimUser, property: string, kit: OktaRouteKit): string {
  switch (property) {
    case 'status':
      return user.status;
    case 'id':
      return user.id;
    case 'profile.login':
      return kit.loginOf(user);
    case 'profile.email':
      return user.email;
    case 'profile.firstName':
      return user.givenName;
    default:
      return user.familyName;
  }
}

/** `filter` compares values exactly; `search` ignores the case of string values. */
function compare(actual: string, wanted: string, op: string, exact: boolean): boolean {
  const a = exact ? actual : actual.toLowerCase();
  const w = exact ? wanted : wanted.toLowerCase();
  if (op === 'sw') return a.startsWith(w);
  if (op === 'co') return a.includes(w);
  return a === w;
}

const OktaControl = z.object({
  status: z.enum(OKTA_STATUSES).optional(),
  login: z.string().min(1).optional(),
});

function nextMinute(now = Date.now()): number {
  return (Math.floor(now / 60_000) + 1) * 60;
}

interface OktaRouteKit {
  err: (c: Context, status: OktaErrorStatus, code: string, summary: string) => Response;
  random: () => number;
  loginOf: (user: SimUser) => string;
  /** [user id, login] of the users whose login is not their email. */
  customLogins: () => Array<[string, string]>;
}

function oktaRoutes(app: Hono, users: SimUsers, kit: OktaRouteKit) {
  const { err } = kit;
  const userJson = (user: SimUser) => ({
    id: user.id,
    status: user.status,
    created: '2026-01-05T09:00:00.000Z',
    activated: '2026-01-05T09:00:00.000Z',
    statusChanged: null,
    lastLogin: null,
    type: { id: 'otyfnjfba4ye7pgjB0g4' },
    profile: {
      login: kit.loginOf(user),
      email: user.email,
      firstName: user.givenName,
      lastName: user.familyName,
    },
    _links: { self: { href: `/api/v1/users/${user.id}` } },
  });
  // A login is the email unless a test set another: the custom ones (a few) are searched, the rest
  // found by email, so a lookup does not scan every user (the reconciliation bench makes 5,000 of
  // them against 100,000 users).
  const byIdOrLogin = (key: string): SimUser | null => {
    const byId = users.byId(key);
    if (byId) return byId;
    const login = key.toLowerCase();
    const custom = kit.customLogins().find(([, l]) => l.toLowerCase() === login);
    if (custom) return users.byId(custom[0]);
    const byEmail = users.find(key);
    return byEmail && kit.loginOf(byEmail).toLowerCase() === login ? byEmail : null;
  };
  const notFound = (c: Context, id: string) =>
    err(c, 404, 'E0000007', `Not found: Resource not found: ${id} (User)`);

  // List users (spec `listUsers`, management-minimal.yaml 2026.06.3):
  // - `filter`: "Filtering is case-sensitive for property names and query values, while operators
  //   are case-insensitive"; only `eq` on status, id, profile.login/email/firstName/lastName.
  // - `search`: "Property names in the search parameter are case sensitive, whereas operators
  //   (`eq`, `sw`, and so on) and string values are case insensitive"; `eq`, `sw`, and `co` (the
  //   last only on profile.firstName/lastName/email/login).
  // - neither (nor `q`): every user but DEPROVISIONED ones; `filter`/`search` include them.
  // One comparison per expression here (no `and`/`or`: the simulator answers 400 to those, as it
  // does to any expression it cannot run — Okta's exact code for that is UNVERIFIED).
  app.get('/api/v1/users', (c) => {
    const filter = c.req.query('filter');
    const search = c.req.query('search');
    const q = c.req.query('q');
    const limit = Math.max(1, Math.min(Number(c.req.query('limit') ?? 200) || 200, 200));
    if (filter !== undefined && search !== undefined) {
      return err(c, 400, 'E0000031', 'Invalid search criteria.'); // UNVERIFIED: both at once
    }
    let found: SimUser[];
    if (filter !== undefined || search !== undefined) {
      const term = parseTerm((filter ?? search ?? '').trim());
      const mode = filter !== undefined ? 'filter' : 'search';
      if (!term || !(mode === 'filter' ? FILTER_PROPERTIES : SEARCH_PROPERTIES).includes(term.property)) {
        return err(c, 400, 'E0000031', 'Invalid search criteria.');
      }
      const op = term.operator.toLowerCase();
      const allowed =
        mode === 'filter' ? ['eq'] : term.property.startsWith('profile.') ? ['eq', 'sw', 'co'] : ['eq'];
      if (!allowed.includes(op)) return err(c, 400, 'E0000031', 'Invalid search criteria.');
      const exact = mode === 'filter';
      found = users.all().filter((u) => compare(propertyOf(u, term.property, kit), term.value, op, exact));
    } else if (q !== undefined) {
      const prefix = q.toLowerCase();
      found = users
        .all()
        .filter((u) => u.status !== 'DEPROVISIONED')
        .filter((u) => [u.givenName, u.familyName, u.email].some((v) => v.toLowerCase().startsWith(prefix)));
    } else {
      found = users.all().filter((u) => u.status !== 'DEPROVISIONED');
    }
    return c.json(found.slice(0, limit).map(userJson));
  });

  app.get('/api/v1/users/:id', (c) => {
    const user = byIdOrLogin(c.req.param('id'));
    return user ? c.json(userJson(user)) : notFound(c, c.req.param('id'));
  });

  const lifecycle = (
    verb: string,
    from: readonly OktaStatus[],
    to: OktaStatus,
    answer: (c: Context, user: SimUser) => Response = (c) => c.json({}),
  ) => {
    // Lifecycle paths take an id, login or unambiguous shortname (spec `pathId`); sessions take an id.
    app.post(`/api/v1/users/:id/lifecycle/${verb}`, (c) => {
      const user = byIdOrLogin(c.req.param('id'));
      if (!user) return notFound(c, c.req.param('id'));
      if (!(from as readonly string[]).includes(user.status)) {
        return err(
          c,
          400,
          'E0000001',
          `Api validation failed: ${verb} is not allowed for a user with status ${user.status}`,
        );
      }
      users.change(user, { ...stateOf(to), ...(to === 'DEPROVISIONED' ? { activeSessions: 0 } : {}) });
      return answer(c, user);
    });
  };
  lifecycle('suspend', ['ACTIVE'], 'SUSPENDED');
  lifecycle('unsuspend', ['SUSPENDED'], 'ACTIVE');
  lifecycle(
    'deactivate',
    OKTA_STATUSES.filter((s) => s !== 'DEPROVISIONED'),
    'DEPROVISIONED',
  );
  // The simulator's users have a password, so activation ends ACTIVE; in Okta a user without one
  // stays PROVISIONED until they follow the activation link (spec, activateUser).
  lifecycle('activate', ['STAGED', 'DEPROVISIONED'], 'ACTIVE', (c) => {
    const token = randomHex(kit.random, 10);
    const sendEmail = c.req.query('sendEmail') !== 'false';
    return c.json(
      sendEmail
        ? {}
        : { activationToken: token, activationUrl: `${new URL(c.req.url).origin}/tokens/${token}/verify` },
    );
  });

  app.delete('/api/v1/users/:id/sessions', (c) => {
    const user = users.byId(c.req.param('id'));
    if (!user) return notFound(c, c.req.param('id'));
    if (user.activeSessions > 0) users.change(user, { activeSessions: 0 });
    return c.body(null, 204);
  });
}

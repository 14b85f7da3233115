/**
 * Google Workspace's Admin SDK Directory API users endpoints on loopback (reference/idp/NOTES.md §4;
 * google-admin-directory-v1.users.subset.discovery.json):
 * - `GET /admin/directory/v1/users/{userKey}` — userKey is the primary email, an alias email or
 *   the immutable id (discovery doc); emails are matched ignoring case (UNVERIFIED for Google);
 * - `PUT` (`users.update`, Google's recommended method) and `PATCH` (`users.patch`) on the same
 *   path, both with patch semantics: only `suspended` is applied here, other writable fields are
 *   accepted and ignored; both answer 200 + `User`. Setting the value the user already has is
 *   not a write;
 * - `POST …/users/{userKey}/signOut` (in the discovery doc; no request or response body — 204 is
 *   assumed for the empty answer, UNVERIFIED) ends the user's sessions;
 * - auth `Authorization: Bearer <token>`; a wrong one answers 401 `authError`;
 * - Google error bodies `{error:{code,message,errors:[{message,domain,reason}]}}`; 404 `notFound`
 *   (message text UNVERIFIED); a body that is not a JSON object answers 400 `invalid`.
 * Rate limit (NOTES §4: Google answers **403** `userRateLimitExceeded`, not 429): the injected
 * rate-limit faults rotate through 403 `userRateLimitExceeded`, 403 `rateLimitExceeded` and 429
 * `rateLimitExceeded` (the 429 form is Google's generic answer elsewhere, UNVERIFIED for the
 * Directory API; the `usageLimits` domain is UNVERIFIED too), so an adapter must treat all three
 * as "wait and retry".
 * Suspending does not end sessions here (whether Google does: UNVERIFIED); signOut does. Google
 * has one switch, so `signInActive` and `accountActive` move together.
 * Beyond the shared contract, {@link GoogleSimulator.addAlias} gives a user an alias email.
 *
 * Token endpoint (Google, "Using OAuth 2.0 for Server to Server Applications"), on the same base
 * URL so `<url>/token` serves as the service account's `token_uri`: `POST /token`, form
 * `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=<JWT>`. The simulator makes
 * an RSA key pair at start for its one service account ({@link GoogleSimulator.longLivedCredentials}
 * hands out client_email, private_key, the admin subject and token_uri) and checks the assertion
 * as Google does: RS256 signature against that public key, `iss` the service account, `aud` this
 * token URI, `iat`/`exp` current and at most an hour apart, `sub` a known admin, `scope` within
 * the Directory scopes delegated to it. It answers `{access_token, expires_in, token_type:"Bearer"}`,
 * or `{error, error_description}`: 400 `invalid_grant` (bad signature, unknown subject, bad
 * times or audience), 401 `unauthorized_client` (scopes not delegated) or 401 `invalid_client`
 * (unknown issuer) — statuses and texts UNVERIFIED beyond the error codes. The Directory routes
 * accept issued tokens until they expire or are revoked (then 401 `authError`).
 * {@link GoogleSimulator.tokens} and `/__control/tokens` set the lifetime, failures and revocation.
 * `credentials` stays the static `{accessToken}` (still accepted, for short tests).
 */
import { generateKeyPairSync, type KeyObject, verify } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import {
  SimTokens,
  type SimUser,
  type SimUsers,
  simSecret,
  startIdpSimulator,
  tokenForm,
} from '../idp-sim-kit.ts';
import type { IdpSimulator, IdpSimulatorOptions } from '../idp-simulator.ts';

export interface GoogleSimulator extends IdpSimulator {
  /** Gives the user an alias email that works as a userKey (as in Google), not counted. */
  addAlias(email: string, alias: string): void;
  /** The service account key fields (and admin subject) the token endpoint accepts. */
  readonly longLivedCredentials: {
    client_email: string;
    private_key: string;
    subject: string;
    token_uri: string;
  };
  /** The token endpoint's tokens: counts, lifetime, failure, revocation. */
  readonly tokens: SimTokens;
}

/** The service account and the Workspace admin it may act as, by domain-wide delegation. */
export const GOOGLE_SIM_SERVICE_ACCOUNT = 'lanyard-sim@lanyard-local.iam.gserviceaccount.com';
export const GOOGLE_SIM_ADMIN = 'admin@example.com';
const DELEGATED_SCOPES = new Set([
  'https://www.googleapis.com/auth/admin.directory.user',
  'https://www.googleapis.com/auth/admin.directory.user.security',
]);

/** The three answers a rate-limit fault rotates through, in order. */
export const GOOGLE_RATE_LIMIT_ANSWERS = [
  { status: 403, reason: 'userRateLimitExceeded', message: 'User Rate Limit Exceeded' },
  { status: 403, reason: 'rateLimitExceeded', message: 'Rate Limit Exceeded' },
  { status: 429, reason: 'rateLimitExceeded', message: 'Rate Limit Exceeded' },
] as const;

type GoogleStatus = 400 | 401 | 403 | 404 | 429 | 503;
const googleError = (c: Context, status: GoogleStatus, reason: string, message: string, domain = 'global') =>
  c.json({ error: { code: status, message, errors: [{ message, domain, reason }] } }, status);

const userJson = (u: SimUser) => ({
  kind: 'admin#directory#user',
  id: u.id,
  // Google shows addresses in lower case (UNVERIFIED for addresses created in mixed case).
  primaryEmail: u.email.toLowerCase(),
  name: { givenName: u.givenName, familyName: u.familyName, fullName: `${u.givenName} ${u.familyName}` },
  isAdmin: false,
  suspended: !u.signInActive,
  // Output only, and only while suspended (discovery doc).
  ...(u.signInActive ? {} : { suspensionReason: 'ADMIN' }),
});

const stateOf = (suspended: boolean): Pick<SimUser, 'signInActive' | 'accountActive' | 'status'> => ({
  signInActive: !suspended,
  accountActive: !suspended,
  status: `suspended: ${suspended}`,
});

export async function startGoogleSimulator(options: IdpSimulatorOptions = {}): Promise<GoogleSimulator> {
  const accessToken = simSecret('ya29.sim', options.seed ?? 1);
  const tokens = new SimTokens('ya29.c.sim', options.seed ?? 1);
  // A fresh key pair per start, as a new service account key would be (2048-bit, like Google's).
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const bearer = (c: Context) => /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
  const aliases = new Map<string, string>();
  let users: SimUsers | null = null;
  let rateLimitTurn = 0;
  const sim = await startIdpSimulator(
    {
      kind: 'google',
      credentials: { accessToken },
      newUser: (random) => ({
        // Google user ids are 21-digit decimal strings.
        id: `1${String(Math.floor(random() * 1e10)).padStart(10, '0')}${String(Math.floor(random() * 1e10)).padStart(10, '0')}`,
        status: 'suspended: false',
      }),
      authorized: (c) => bearer(c) === accessToken || tokens.check(bearer(c)) === 'valid',
      unauthorized: (c) => googleError(c, 401, 'authError', 'Invalid Credentials'),
      // NOTES §4: 2,400 queries per minute per user per project, enforced (timeScale shrinks the minute).
      rateLimit: { max: 2_400, windowMs: 60_000 },
      fault: (c, kind) => {
        if (kind === 'server') return googleError(c, 503, 'backendError', 'Backend Error');
        const answer = GOOGLE_RATE_LIMIT_ANSWERS[rateLimitTurn % GOOGLE_RATE_LIMIT_ANSWERS.length];
        rateLimitTurn += 1;
        if (!answer) return googleError(c, 503, 'backendError', 'Backend Error');
        return googleError(c, answer.status, answer.reason, answer.message, 'usageLimits');
      },
      routes: (app, all) => {
        users = all;
        googleRoutes(app, all, aliases);
      },
      control: (control) => tokens.control(control),
      tokenRoutes: (auth) => googleTokenRoute(auth, publicKey, tokens),
    },
    options,
  );
  return Object.assign(sim, {
    longLivedCredentials: {
      client_email: GOOGLE_SIM_SERVICE_ACCOUNT,
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      subject: GOOGLE_SIM_ADMIN,
      token_uri: `${sim.url}/token`,
    },
    tokens,
    addAlias: (email: string, alias: string) => {
      const user = users?.find(email);
      if (!user) throw new Error(`The Google simulator has no user ${email}`);
      aliases.set(alias.toLowerCase(), user.id);
    },
  });
}

const Claims = z.object({
  iss: z.string(),
  sub: z.string().optional(),
  scope: z.string(),
  aud: z.string(),
  iat: z.number(),
  exp: z.number(),
});

/** `POST /token`: the JWT bearer grant for the simulator's one service account. */
function googleTokenRoute(auth: Hono, publicKey: KeyObject, tokens: SimTokens) {
  const refuse = (c: Context, status: 400 | 401 | 429 | 503, error: string, description: string) =>
    c.json({ error, error_description: description }, status);
  auth.post('/token', async (c) => {
    tokens.stats.requests += 1;
    if (tokens.failWith) return refuse(c, tokens.failWith, 'internal_failure', 'Backend Error'); // UNVERIFIED body
    const form = await tokenForm(c);
    if (form?.grant_type !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
      return refuse(c, 400, 'unsupported_grant_type', `Invalid grant_type: ${form?.grant_type ?? ''}`);
    }
    const [header, payload, signature] = (form.assertion ?? '').split('.');
    const decode = (part: string | undefined) => {
      try {
        return JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as unknown;
      } catch {
        return null;
      }
    };
    const alg = (decode(header) as { alg?: unknown } | null)?.alg;
    const claims = Claims.safeParse(decode(payload));
    if (alg !== 'RS256' || !claims.success || signature === undefined) {
      return refuse(c, 400, 'invalid_grant', 'Invalid JWT: the assertion is not a signed RS256 JWT.');
    }
    const signed = verify(
      'RSA-SHA256',
      Buffer.from(`${header}.${payload}`),
      publicKey,
      Buffer.from(signature, 'base64url'),
    );
    const { iss, sub, scope, aud, iat, exp } = claims.data;
    if (iss !== GOOGLE_SIM_SERVICE_ACCOUNT)
      return refuse(c, 401, 'invalid_client', 'The OAuth client was not found.');
    if (!signed) return refuse(c, 400, 'invalid_grant', 'Invalid JWT Signature.');
    const now = Date.now() / 1000;
    if (exp - iat > 3600 || exp <= now || iat > now + 300) {
      return refuse(
        c,
        400,
        'invalid_grant',
        'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.',
      );
    }
    if (aud !== `${new URL(c.req.url).origin}/token`) {
      return refuse(c, 400, 'invalid_grant', 'Invalid JWT: aud is not this token endpoint.');
    }
    if (sub !== GOOGLE_SIM_ADMIN) return refuse(c, 400, 'invalid_grant', 'Invalid email or User ID');
    const asked = scope.split(' ').filter(Boolean);
    if (asked.length === 0 || asked.some((s) => !DELEGATED_SCOPES.has(s))) {
      return refuse(
        c,
        401,
        'unauthorized_client',
        'Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.',
      );
    }
    return c.json({ ...tokens.issue(), token_type: 'Bearer' });
  });
}

/** What the simulator reads from a `User` request body; other User fields pass unread. */
const UserPatch = z.looseObject({ suspended: z.boolean().nullish() });

function googleRoutes(app: Hono, users: SimUsers, aliases: Map<string, string>) {
  const base = '/admin/directory/v1/users/:userKey';
  const find = (key: string) =>
    users.byId(key) ?? users.find(key) ?? users.byId(aliases.get(key.toLowerCase()) ?? '');
  const notFound = (c: Context) => googleError(c, 404, 'notFound', 'Resource Not Found: userKey');

  app.get(base, (c) => {
    const user = find(c.req.param('userKey'));
    return user ? c.json(userJson(user)) : notFound(c);
  });

  const update = async (c: Context) => {
    const user = find(c.req.param('userKey') ?? '');
    if (!user) return notFound(c);
    const body = UserPatch.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) return googleError(c, 400, 'invalid', 'Invalid Input: suspended');
    const suspended = body.data.suspended;
    // `null` clears a field (discovery doc); for `suspended` that means "not suspended" (UNVERIFIED).
    const isSuspended = !user.signInActive;
    const wanted = suspended === undefined ? isSuspended : suspended === true;
    if (wanted !== isSuspended) users.change(user, stateOf(wanted));
    return c.json(userJson(user));
  };
  app.put(base, update);
  app.patch(base, update);

  app.post(`${base}/signOut`, (c) => {
    const user = find(c.req.param('userKey'));
    if (!user) return notFound(c);
    if (user.activeSessions > 0) users.change(user, { activeSessions: 0 });
    return c.body(null, 204);
  });
}

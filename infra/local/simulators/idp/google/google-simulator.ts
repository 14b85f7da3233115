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
 */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { type SimUser, type SimUsers, simSecret, startIdpSimulator } from '../idp-sim-kit.ts';
import type { IdpSimulator, IdpSimulatorOptions } from '../idp-simulator.ts';

export interface GoogleSimulator extends IdpSimulator {
  /** Gives the user an alias email that works as a userKey (as in Google), not counted. */
  addAlias(email: string, alias: string): void;
}

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
  primaryEmail: u.email,
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
      authorized: (c) => c.req.header('authorization') === `Bearer ${accessToken}`,
      unauthorized: (c) => googleError(c, 401, 'authError', 'Invalid Credentials'),
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
    },
    options,
  );
  return Object.assign(sim, {
    addAlias: (email: string, alias: string) => {
      const user = users?.find(email);
      if (!user) throw new Error(`The Google simulator has no user ${email}`);
      aliases.set(alias.toLowerCase(), user.id);
    },
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

/**
 * The Google Workspace adapter against the Google Directory simulator on loopback (no mocks):
 * lookup by primary email, alias or id, the cut (suspended=true + signOut) read back at both scopes
 * (Google has one switch), idempotent re-runs that write nothing, rehire, Google's failures —
 * including its 403 rate-limit answer — mapped to the named errors, and the HTTP control plane.
 * Then the tokens Lanyard obtains itself with the service account (a signed JWT): one token reused,
 * renewed near expiry, renewed once after a 401, and refusals and outages mapped to the named
 * errors without the key.
 */
import { generateKeyPairSync } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GoogleCredentials, GoogleIdentityProvider } from '../../../functions/adapters/idp/google-idp.ts';
import {
  ConfigInvalidError,
  IdpAuthFailedError,
  IdpRateLimitedError,
  IdpRequestRejectedError,
  IdpUnavailableError,
} from '../../../functions/core/errors.ts';
import type { IdpUser } from '../../../functions/ports/identity-provider.ts';
import {
  GOOGLE_RATE_LIMIT_ANSWERS,
  type GoogleSimulator,
  startGoogleSimulator,
} from '../../../infra/local/simulators/idp/google/google-simulator.ts';

let sim: GoogleSimulator;
let google: GoogleIdentityProvider;
beforeAll(async () => {
  sim = await startGoogleSimulator({ seed: 6 });
  google = new GoogleIdentityProvider({ baseUrl: sim.url, credentials: sim.credentials });
});
afterAll(() => sim?.close());

async function seeded(email: string): Promise<IdpUser> {
  sim.addUser({ email });
  const user = await google.findUser(email);
  if (!user) throw new Error(`seeded user ${email} not found`);
  return user;
}

const raw = (path: string, init: RequestInit = {}) =>
  fetch(`${sim.url}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${sim.credentials.accessToken}`, ...init.headers },
  });

describe('Google Workspace adapter', () => {
  it('finds a user by email in any case, by alias and by id, and answers null for someone Google does not know', async () => {
    const id = sim.addUser({ email: 'ana.lima@example.com' });
    expect(await google.findUser('Ana.Lima@Example.COM')).toEqual({
      id,
      email: 'ana.lima@example.com',
      active: true,
      status: 'suspended: false',
    });
    sim.addAlias('ana.lima@example.com', 'ana@example.com');
    expect(await google.findUser('ana@example.com')).toMatchObject({ id, email: 'ana.lima@example.com' });
    expect(await google.getUser(id)).toMatchObject({ id, active: true });
    expect(await google.findUser('nobody@example.com')).toBeNull();
    expect(await google.getUser('999999999999999999999')).toBeNull();
  });

  it('cuts sign-in (suspend, then sign-out), reads it back, and a second cut writes nothing', async () => {
    const user = await seeded('bo@example.com');
    expect(sim.user('bo@example.com')?.activeSessions).toBe(1);
    const before = sim.stats().writes;
    expect(await google.deactivate(user, 'sign-in')).toBe('changed');
    expect(sim.stats().writes).toBe(before + 2); // suspend + signOut
    expect(sim.user('bo@example.com')).toMatchObject({
      status: 'suspended: true',
      signInActive: false,
      accountActive: false,
      activeSessions: 0,
    });
    expect(await google.isDeactivated(user, 'sign-in')).toBe(true);
    expect(await google.getUser(user.id)).toMatchObject({ active: false, status: 'suspended: true' });
    const served = (await (await raw(`/admin/directory/v1/users/${user.id}`)).json()) as Record<
      string,
      unknown
    >;
    expect(served).toMatchObject({ suspended: true, suspensionReason: 'ADMIN' });

    const writes = sim.stats().writes;
    expect(await google.deactivate(user, 'sign-in')).toBe('already');
    expect(sim.stats().writes).toBe(writes);

    expect(await google.reactivate(user, 'sign-in')).toBe('changed');
    expect(sim.user('bo@example.com')).toMatchObject({ signInActive: true, accountActive: true });
    expect(await google.isDeactivated(user, 'sign-in')).toBe(false);
    const unsuspended = (await (await raw(`/admin/directory/v1/users/${user.id}`)).json()) as Record<
      string,
      unknown
    >;
    expect(unsuspended.suspended).toBe(false);
    expect(unsuspended).not.toHaveProperty('suspensionReason');
    const afterRehire = sim.stats().writes;
    expect(await google.reactivate(user, 'sign-in')).toBe('already');
    expect(sim.stats().writes).toBe(afterRehire);
  });

  it('makes the same cut at account scope, and says so in the blast radius', async () => {
    const user = await seeded('cy@example.com');
    expect(await google.deactivate(user, 'account')).toBe('changed');
    expect(sim.user('cy@example.com')).toMatchObject({ accountActive: false, signInActive: false });
    expect(await google.isDeactivated(user, 'account')).toBe(true);
    expect(await google.isDeactivated(user, 'sign-in')).toBe(true);
    const writes = sim.stats().writes;
    expect(await google.deactivate(user, 'sign-in')).toBe('already');
    expect(await google.deactivate(user, 'account')).toBe('already');
    expect(sim.stats().writes).toBe(writes);
    expect(await google.reactivate(user, 'account')).toBe('changed');
    expect(sim.user('cy@example.com')?.accountActive).toBe(true);
    expect(google.blastRadius('sign-in')).toMatch(/same suspension/);
    expect(google.blastRadius('account')).toMatch(/same suspension as sign-in/);
  });

  it('refuses to reactivate a user Google no longer has', async () => {
    const gone: IdpUser = {
      id: '100000000000000000042',
      email: 'gone@example.com',
      active: false,
      status: '',
    };
    expect(await google.isDeactivated(gone, 'sign-in')).toBe(true);
    expect(await google.deactivate(gone, 'sign-in')).toBe('already');
    const error = await google.reactivate(gone, 'sign-in').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdpRequestRejectedError);
    expect((error as Error).message).toMatch(/no longer has the user/);
  });

  it('serves PATCH as well as PUT, rejects a bad body with 400 invalid, and counts only real changes', async () => {
    const id = sim.addUser({ email: 'dee@example.com' });
    const patch = (body: string) =>
      raw(`/admin/directory/v1/users/dee@example.com`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body,
      });
    const before = sim.stats().writes;
    const bad = await patch('{"suspended":"yes"}');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 400, errors: [{ reason: 'invalid' }] } });
    const suspended = await patch('{"suspended":true}');
    expect(suspended.status).toBe(200);
    expect(await suspended.json()).toMatchObject({ id, suspended: true });
    expect(sim.stats().writes).toBe(before + 1);
    expect((await patch('{"suspended":true}')).status).toBe(200);
    expect(sim.stats().writes).toBe(before + 1);
    const missing = await raw('/admin/directory/v1/users/nobody@example.com');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 404, errors: [{ reason: 'notFound' }] } });
  });

  it('maps a refused token to IdpAuthFailedError without echoing any token', async () => {
    const wrong = new GoogleIdentityProvider({
      baseUrl: sim.url,
      credentials: { accessToken: 'ya29.not-the-token' },
    });
    const error = await wrong.findUser('ana.lima@example.com').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdpAuthFailedError);
    expect((error as Error).message).toMatch(/401.*authError/);
    expect((error as Error).message).not.toContain('not-the-token');
    expect((error as Error).message).not.toContain(sim.credentials.accessToken);
  });

  it('validates its credentials with GoogleCredentials', () => {
    expect(GoogleCredentials.safeParse({ accessToken: '' }).success).toBe(false);
    expect(() => new GoogleIdentityProvider({ baseUrl: sim.url, credentials: { token: 'x' } })).toThrow(
      /accessToken/,
    );
  });

  it("maps Google's rate-limit answers (403 userRateLimitExceeded, 403 rateLimitExceeded, 429) to IdpRateLimitedError, and 5xx to IdpUnavailableError", async () => {
    const user = await seeded('eve@example.com');
    try {
      sim.setFaults({ rate: 1, kinds: ['rate-limit'] });
      const seen: string[] = [];
      for (const answer of GOOGLE_RATE_LIMIT_ANSWERS) {
        const limited = await google.deactivate(user, 'sign-in').catch((e: unknown) => e);
        expect(limited).toBeInstanceOf(IdpRateLimitedError);
        expect((limited as Error).message).toContain(`answered ${answer.status} (${answer.reason}`);
        seen.push(`${answer.status} ${answer.reason}`);
      }
      expect(seen).toEqual(['403 userRateLimitExceeded', '403 rateLimitExceeded', '429 rateLimitExceeded']);

      sim.setFaults({ rate: 1, kinds: ['server'] });
      const down = await google.findUser('eve@example.com').catch((e: unknown) => e);
      expect(down).toBeInstanceOf(IdpUnavailableError);
      expect((down as Error).message).toMatch(/503.*backendError/);
    } finally {
      sim.setFaults({ rate: 0 });
    }
    expect(sim.user('eve@example.com')?.signInActive).toBe(true);
  });

  it('injects the same faults for the same seed', async () => {
    const pattern = async (seed: number) => {
      const s = await startGoogleSimulator({ seed });
      try {
        s.setFaults({ rate: 0.5 });
        const statuses: number[] = [];
        for (let i = 0; i < 12; i += 1) {
          const r = await fetch(`${s.url}/admin/directory/v1/users/x@example.com`, {
            headers: { Authorization: `Bearer ${s.credentials.accessToken}` },
          });
          statuses.push(r.status);
        }
        return statuses;
      } finally {
        await s.close();
      }
    };
    const first = await pattern(12);
    expect(await pattern(12)).toEqual(first);
    expect(first).toContain(404);
    expect(first.some((s) => s === 403 || s === 429 || s === 503)).toBe(true);
  });

  it('serves the control plane over HTTP, uncounted', async () => {
    const created = await fetch(`${sim.url}/__control/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'Gus@Example.com', givenName: 'Gus', familyName: 'Grey' }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect(id).toMatch(/^\d{21}$/);
    const before = sim.stats();

    const read = await fetch(`${sim.url}/__control/users/GUS@example.com`);
    expect(await read.json()).toEqual({
      id,
      email: 'gus@example.com',
      signInActive: true,
      accountActive: true,
      status: 'suspended: false',
      activeSessions: 1,
    });
    expect((await fetch(`${sim.url}/__control/users/nobody@example.com`)).status).toBe(404);

    const faults = await fetch(`${sim.url}/__control/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rate: 1, kinds: ['server'] }),
    });
    expect(faults.status).toBe(200);
    expect((await raw(`/admin/directory/v1/users/${id}`)).status).toBe(503);
    await fetch(`${sim.url}/__control/faults`, { method: 'PUT', body: JSON.stringify({ rate: 0 }) });

    const served = await raw(`/admin/directory/v1/users/gus@example.com`);
    expect(served.status).toBe(200);
    expect(await served.json()).toMatchObject({
      kind: 'admin#directory#user',
      id,
      primaryEmail: 'gus@example.com',
      name: { givenName: 'Gus', familyName: 'Grey' },
      suspended: false,
    });

    const stats = (await (await fetch(`${sim.url}/__control/stats`)).json()) as Record<string, number>;
    expect(stats).toEqual(sim.stats());
    expect(stats).toEqual({
      requests: before.requests + 2,
      writes: before.writes,
      faults: before.faults + 1,
    });
  });
});

describe('Google adapter with a service account (Lanyard obtains the tokens)', () => {
  const withKey = (overrides: Record<string, string> = {}) =>
    new GoogleIdentityProvider({
      baseUrl: sim.url,
      credentials: { ...sim.longLivedCredentials, ...overrides },
    });
  const tokenRequests = () => sim.tokens.stats.requests;
  afterEach(() => sim.tokens.set({ lifetimeSeconds: 3599, failWith: null }));

  it('signs an assertion the token endpoint accepts, and reuses the one token across calls', async () => {
    const id = sim.addUser({ email: 'fay@example.com' });
    const google = withKey();
    const before = tokenRequests();
    const found = await Promise.all([google.findUser('fay@example.com'), google.getUser(id)]);
    expect(found.map((u) => u?.id)).toEqual([id, id]);
    const user = found[0] as IdpUser;
    expect(await google.deactivate(user, 'sign-in')).toBe('changed');
    expect(await google.reactivate(user, 'sign-in')).toBe('changed');
    expect(tokenRequests()).toBe(before + 1);
    expect(sim.tokens.stats.issued).toBeGreaterThan(0);
  });

  it('renews the token before it expires (a short expires_in)', async () => {
    sim.addUser({ email: 'gil@example.com' });
    sim.tokens.set({ lifetimeSeconds: 2 });
    const google = withKey();
    const before = tokenRequests();
    await google.findUser('gil@example.com');
    await google.findUser('gil@example.com');
    expect(tokenRequests()).toBe(before + 1);
    await sleep(1_100); // past the renewal point (half of a 2 s lifetime)
    expect(await google.findUser('gil@example.com')).toMatchObject({ email: 'gil@example.com' });
    expect(tokenRequests()).toBe(before + 2);
  });

  it('after a 401 mid-way (tokens revoked), renews once and carries out the call', async () => {
    sim.addUser({ email: 'hal@example.com' });
    const google = withKey();
    const user = (await google.findUser('hal@example.com')) as IdpUser;
    const [tokensBefore, apiBefore] = [tokenRequests(), sim.stats().requests];
    sim.tokens.revokeAll();
    expect(await google.deactivate(user, 'sign-in')).toBe('changed');
    expect(tokenRequests()).toBe(tokensBefore + 1);
    // read refused, read again, suspend, signOut
    expect(sim.stats().requests).toBe(apiBefore + 4);
    expect(sim.user('hal@example.com')).toMatchObject({ signInActive: false, activeSessions: 0 });
  });

  it('a wrong private key is IdpAuthFailedError naming private_key, never the key or the assertion', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const error = await withKey({ private_key: other })
      .findUser('fay@example.com')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdpAuthFailedError);
    const message = (error as Error).message;
    expect(message).toMatch(/Google token endpoint.*400.*invalid_grant: Invalid JWT Signature/);
    expect(message).toMatch(/Check private_key in the IdP credentials secret/);
    const keyBody = (pem: string) => pem.split('\n')[1] ?? pem;
    expect(message).not.toContain(keyBody(other));
    expect(message).not.toContain(keyBody(sim.longLivedCredentials.private_key));
    expect(message).not.toMatch(/eyJ/); // no JWT
  });

  it('a subject that is not an admin, or an unknown service account, names the fields to check', async () => {
    const subject = await withKey({ subject: 'someone@example.com' })
      .findUser('fay@example.com')
      .catch((e: unknown) => e);
    expect(subject).toBeInstanceOf(IdpAuthFailedError);
    expect((subject as Error).message).toMatch(/invalid_grant: Invalid email or User ID.*subject/);
    const issuer = await withKey({ client_email: 'other@lanyard-local.iam.gserviceaccount.com' })
      .findUser('fay@example.com')
      .catch((e: unknown) => e);
    expect(issuer).toBeInstanceOf(IdpAuthFailedError);
    expect((issuer as Error).message).toMatch(/401.*invalid_client.*client_email/);
  });

  it('a token endpoint outage (503, 429) or no answer is IdpUnavailableError, retried later', async () => {
    sim.addUser({ email: 'ivy@example.com' });
    const google = withKey();
    sim.tokens.set({ failWith: 503 });
    const down = await google.findUser('ivy@example.com').catch((e: unknown) => e);
    expect(down).toBeInstanceOf(IdpUnavailableError);
    expect((down as Error).message).toMatch(/token endpoint answered 503/);
    sim.tokens.set({ failWith: 429 });
    expect(await google.findUser('ivy@example.com').catch((e: unknown) => e)).toBeInstanceOf(
      IdpUnavailableError,
    );
    sim.tokens.set({ failWith: null });
    expect(await google.findUser('ivy@example.com')).toMatchObject({ email: 'ivy@example.com' });
    const unreachable = withKey({ token_uri: 'http://127.0.0.1:9/token' });
    expect(await unreachable.findUser('ivy@example.com').catch((e: unknown) => e)).toBeInstanceOf(
      IdpUnavailableError,
    );
  });

  it('refuses a malformed secret or a private_key that is not a PEM key, naming fields, not values', () => {
    expect(GoogleCredentials.safeParse(sim.longLivedCredentials).success).toBe(true);
    const missing = () =>
      new GoogleIdentityProvider({
        baseUrl: sim.url,
        credentials: { client_email: 'sa-value-xyz@example.com', private_key: 'pk-value-xyz' },
      });
    expect(missing).toThrow(ConfigInvalidError);
    expect(missing).toThrow(/"client_email" and "private_key".*"subject".*accessToken/);
    expect(missing).not.toThrow(/value-xyz/);
    const notPem = () => withKey({ private_key: 'pk-value-xyz-not-a-pem' });
    expect(notPem).toThrow(ConfigInvalidError);
    expect(notPem).toThrow(/private_key .*not an RSA private key in PEM form/);
    expect(notPem).not.toThrow(/value-xyz/);
  });
});

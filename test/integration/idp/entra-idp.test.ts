/**
 * The Entra (Microsoft Graph) adapter against the Entra simulator on loopback (no mocks): lookup
 * by mail/UPN, the cut (accountEnabled=false + revokeSignInSessions) read back at both scopes
 * (Graph has one switch), idempotent re-runs that write nothing, rehire, Graph's failures mapped to
 * the named errors, and the simulator's HTTP control plane. Then the tokens Lanyard obtains itself
 * by the client credentials grant: one token reused, renewed near expiry, renewed once after a
 * 401, and token-endpoint refusals and outages mapped to the named errors without the secret.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createIdentityProvider } from '../../../functions/adapters/idp/create-identity-provider.ts';
import { EntraCredentials, EntraIdentityProvider } from '../../../functions/adapters/idp/entra-idp.ts';
import {
  ConfigInvalidError,
  IdpAuthFailedError,
  IdpRateLimitedError,
  IdpUnavailableError,
} from '../../../functions/core/errors.ts';
import type { IdpUser } from '../../../functions/ports/identity-provider.ts';
import {
  ENTRA_RETRY_AFTER_SECONDS,
  type EntraSimulator,
  startEntraSimulator,
} from '../../../infra/local/simulators/idp/entra/entra-simulator.ts';

let sim: EntraSimulator;
let entra: EntraIdentityProvider;
beforeAll(async () => {
  sim = await startEntraSimulator({ seed: 4 });
  entra = new EntraIdentityProvider({ baseUrl: sim.url, credentials: sim.credentials });
});
afterAll(() => sim?.close());

async function seeded(email: string): Promise<IdpUser> {
  sim.addUser({ email });
  const user = await entra.findUser(email);
  if (!user) throw new Error(`seeded user ${email} not found`);
  return user;
}

const raw = (path: string, init: RequestInit = {}) =>
  fetch(`${sim.url}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${sim.credentials.accessToken}`, ...init.headers },
  });

describe('Entra adapter', () => {
  it('finds a user by email in any case (quotes escaped), and null for someone Entra does not know', async () => {
    const id = sim.addUser({ email: 'ana.lima@example.com' });
    expect(await entra.findUser('ANA.Lima@example.com')).toEqual({
      id,
      email: 'ana.lima@example.com',
      active: true,
      status: 'accountEnabled: true',
    });
    const quoted = sim.addUser({ email: "o'neil@example.com" });
    expect(await entra.findUser("O'Neil@example.com")).toMatchObject({ id: quoted });
    expect(await entra.findUser('nobody@example.com')).toBeNull();
    expect(await entra.getUser('00000000-0000-4000-a000-000000000000')).toBeNull();
  });

  it('cuts sign-in (accountEnabled=false, sessions revoked), reads it back, and a second cut writes nothing', async () => {
    const user = await seeded('bo@example.com');
    const before = sim.stats().writes;
    expect(await entra.deactivate(user, 'sign-in')).toBe('changed');
    expect(sim.stats().writes).toBe(before + 2); // PATCH + revokeSignInSessions
    expect(sim.user('bo@example.com')).toMatchObject({
      status: 'accountEnabled: false',
      signInActive: false,
      activeSessions: 0,
    });
    expect(await entra.isDeactivated(user, 'sign-in')).toBe(true);
    expect(await entra.getUser(user.id)).toMatchObject({ active: false });

    const writes = sim.stats().writes;
    expect(await entra.deactivate(user, 'sign-in')).toBe('already');
    expect(sim.stats().writes).toBe(writes);

    expect(await entra.reactivate(user, 'sign-in')).toBe('changed');
    expect(sim.user('bo@example.com')).toMatchObject({ signInActive: true, accountActive: true });
    const afterRehire = sim.stats().writes;
    expect(await entra.reactivate(user, 'sign-in')).toBe('already');
    expect(sim.stats().writes).toBe(afterRehire);
  });

  it('cuts at account scope with the same single switch, and says so in the blast radius', async () => {
    const user = await seeded('cy@example.com');
    expect(await entra.deactivate(user, 'account')).toBe('changed');
    expect(sim.user('cy@example.com')).toMatchObject({ accountActive: false, signInActive: false });
    expect(await entra.isDeactivated(user, 'account')).toBe(true);
    expect(await entra.isDeactivated(user, 'sign-in')).toBe(true);
    const writes = sim.stats().writes;
    expect(await entra.deactivate(user, 'account')).toBe('already');
    expect(sim.stats().writes).toBe(writes);
    expect(await entra.reactivate(user, 'account')).toBe('changed');
    expect(sim.user('cy@example.com')?.accountActive).toBe(true);
    expect(entra.blastRadius('account')).toBe(entra.blastRadius('sign-in'));
    expect(entra.blastRadius('account')).toMatch(/no narrower cut/);
  });

  it('behaves like Graph: accountEnabled only with $select, PATCH 204, revoke 200 {value:true}', async () => {
    const id = sim.addUser({ email: 'dee@example.com' });
    const plain = (await (await raw(`/users/${id}`)).json()) as Record<string, unknown>;
    expect(plain).toMatchObject({ id, mail: 'dee@example.com', userPrincipalName: 'dee@example.com' });
    expect(plain).not.toHaveProperty('accountEnabled');
    const selected = await (await raw(`/users/dee@example.com?$select=id,accountEnabled`)).json();
    expect(selected).toMatchObject({ id, accountEnabled: true });

    const patched = await raw(`/users/${id}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ accountEnabled: 'no' }),
    });
    expect(patched.status).toBe(400);
    expect(await patched.json()).toMatchObject({ error: { code: 'Request_BadRequest' } });
    const revoked = await raw(`/users/${id}/revokeSignInSessions`, { method: 'POST' });
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toMatchObject({ value: true });
  });

  it('maps a refused token to IdpAuthFailedError without echoing any token', async () => {
    const wrong = new EntraIdentityProvider({
      baseUrl: sim.url,
      credentials: { accessToken: 'expired-token' },
    });
    const error = await wrong.findUser('ana.lima@example.com').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdpAuthFailedError);
    expect((error as Error).message).toMatch(/InvalidAuthenticationToken/);
    expect((error as Error).message).not.toContain('expired-token');
    expect((error as Error).message).not.toContain(sim.credentials.accessToken);
  });

  it('validates its credentials with EntraCredentials', () => {
    expect(EntraCredentials.safeParse({ accessToken: 'x' }).success).toBe(true);
    expect(() => new EntraIdentityProvider({ baseUrl: sim.url, credentials: {} })).toThrow(/accessToken/);
  });

  it('maps 429 to IdpRateLimitedError with Retry-After, and 503 to IdpUnavailableError', async () => {
    try {
      sim.setFaults({ rate: 1, kinds: ['rate-limit'] });
      const limited = await entra.findUser('ana.lima@example.com').catch((e: unknown) => e);
      expect(limited).toBeInstanceOf(IdpRateLimitedError);
      expect((limited as IdpRateLimitedError).retryAfterSeconds).toBe(ENTRA_RETRY_AFTER_SECONDS);
      expect((limited as Error).message).toMatch(/TooManyRequests/);

      sim.setFaults({ rate: 1, kinds: ['server'] });
      const down = await entra.findUser('ana.lima@example.com').catch((e: unknown) => e);
      expect(down).toBeInstanceOf(IdpUnavailableError);
      expect((down as Error).message).toMatch(/503.*serviceNotAvailable/);
    } finally {
      sim.setFaults({ rate: 0 });
    }
  });

  it('serves the control plane over HTTP without counting it', async () => {
    const before = sim.stats();
    const created = await fetch(`${sim.url}/__control/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'eli@example.com', givenName: 'Eli', familyName: 'Ng' }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect(await (await fetch(`${sim.url}/__control/users/ELI@example.com`)).json()).toMatchObject({
      id,
      signInActive: true,
      accountActive: true,
      status: 'accountEnabled: true',
    });
    const badFaults = await fetch(`${sim.url}/__control/faults`, { method: 'PUT', body: '{"rate":2}' });
    expect(badFaults.status).toBe(400);
    expect(await (await fetch(`${sim.url}/__control/stats`)).json()).toEqual(before);

    const user = await entra.findUser('eli@example.com');
    expect(user).toMatchObject({ id });
    expect(sim.stats().requests).toBe(before.requests + 1);
  });
});

describe('Entra adapter with client credentials (Lanyard obtains the tokens)', () => {
  const withSecret = (overrides: Record<string, string> = {}) =>
    new EntraIdentityProvider({
      baseUrl: sim.url,
      credentials: { ...sim.longLivedCredentials, ...overrides },
    });
  const tokenRequests = () => sim.tokens.stats.requests;
  afterEach(() => sim.tokens.set({ lifetimeSeconds: 3599, failWith: null }));

  it('obtains one token and reuses it across calls, concurrent first calls included', async () => {
    const id = sim.addUser({ email: 'fay@example.com' });
    const entra = withSecret();
    const before = tokenRequests();
    const found = await Promise.all([
      entra.findUser('fay@example.com'),
      entra.findUser('FAY@example.com'),
      entra.getUser(id),
    ]);
    expect(found.map((u) => u?.id)).toEqual([id, id, id]);
    const user = found[0] as IdpUser;
    expect(await entra.deactivate(user, 'sign-in')).toBe('changed');
    expect(await entra.reactivate(user, 'sign-in')).toBe('changed');
    expect(tokenRequests()).toBe(before + 1);
  });

  it('renews the token before it expires (a short expires_in)', async () => {
    sim.addUser({ email: 'gil@example.com' });
    sim.tokens.set({ lifetimeSeconds: 2 });
    const entra = withSecret();
    const before = tokenRequests();
    await entra.findUser('gil@example.com');
    await entra.findUser('gil@example.com');
    expect(tokenRequests()).toBe(before + 1);
    await sleep(1_100); // past the renewal point (half of a 2 s lifetime)
    expect(await entra.findUser('gil@example.com')).toMatchObject({ email: 'gil@example.com' });
    expect(tokenRequests()).toBe(before + 2);
  });

  it("answers an expired issued token with Graph's 401 InvalidAuthenticationToken", async () => {
    sim.tokens.set({ lifetimeSeconds: 1 });
    const { tenantId, clientId, clientSecret } = sim.longLivedCredentials;
    const issued = await fetch(`${sim.url}/${tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: clientId,
        client_secret: clientSecret,
        scope: 'https://graph.microsoft.com/.default',
        grant_type: 'client_credentials',
      }),
    });
    const body = (await issued.json()) as { token_type: string; expires_in: number; access_token: string };
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 1 });
    const read = () =>
      fetch(`${sim.url}/users?$filter=${encodeURIComponent("mail eq 'x@example.com'")}`, {
        headers: { Authorization: `Bearer ${body.access_token}` },
      });
    expect((await read()).status).toBe(200);
    await sleep(1_050);
    const expired = await read();
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ error: { code: 'InvalidAuthenticationToken' } });
  });

  it('after a 401 mid-way (tokens revoked), renews once and carries out the call', async () => {
    sim.addUser({ email: 'hal@example.com' });
    const entra = withSecret();
    const user = (await entra.findUser('hal@example.com')) as IdpUser;
    const [tokensBefore, graphBefore] = [tokenRequests(), sim.stats().requests];
    sim.tokens.revokeAll();
    expect(await entra.deactivate(user, 'sign-in')).toBe('changed');
    expect(tokenRequests()).toBe(tokensBefore + 1);
    // read refused, read again, PATCH, revokeSignInSessions
    expect(sim.stats().requests).toBe(graphBefore + 4);
    expect(sim.user('hal@example.com')).toMatchObject({ signInActive: false, activeSessions: 0 });
  });

  it('a 401 again with a fresh token is IdpAuthFailedError about the permissions, after one renewal only', async () => {
    // Graph refuses every token it is sent (as for an app without the permissions); the token endpoint works.
    const graphRefuses: typeof fetch = (input, init) =>
      String(input).includes('/oauth2/v2.0/token')
        ? fetch(input, init)
        : fetch(input, { ...init, headers: { ...(init?.headers as object), Authorization: 'Bearer none' } });
    const entra = new EntraIdentityProvider({
      baseUrl: sim.url,
      credentials: sim.longLivedCredentials,
      fetch: graphRefuses,
    });
    const before = tokenRequests();
    const error = await entra.findUser('fay@example.com').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdpAuthFailedError);
    expect((error as Error).message).toMatch(/InvalidAuthenticationToken.*freshly issued.*User\.Read\.All/);
    expect((error as Error).message).not.toMatch(/token in the IdP credentials secret is current/);
    expect(tokenRequests()).toBe(before + 2);
  });

  it('a wrong client secret is IdpAuthFailedError naming clientSecret, never the secret', async () => {
    const wrongSecret = 'wrong8Q~not-the-registered-secret-0123';
    const error = await withSecret({ clientSecret: wrongSecret })
      .findUser('fay@example.com')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdpAuthFailedError);
    const message = (error as Error).message;
    expect(message).toMatch(/Entra token endpoint.*401.*invalid_client.*AADSTS7000215/);
    expect(message).toMatch(/Check clientSecret in the IdP credentials secret/);
    expect(message).not.toContain(wrongSecret);
    expect(message).not.toContain(sim.longLivedCredentials.clientSecret);
  });

  it('an unknown app or tenant names the fields to check', async () => {
    const app = await withSecret({ clientId: '11111111-1111-4111-a111-111111111111' })
      .findUser('fay@example.com')
      .catch((e: unknown) => e);
    expect(app).toBeInstanceOf(IdpAuthFailedError);
    expect((app as Error).message).toMatch(/unauthorized_client.*Check clientId and tenantId/);
    const tenant = await withSecret({ tenantId: 'contoso.example' })
      .findUser('fay@example.com')
      .catch((e: unknown) => e);
    expect(tenant).toBeInstanceOf(IdpAuthFailedError);
    expect((tenant as Error).message).toMatch(/invalid_request.*AADSTS90002.*Check tenantId/);
  });

  it('a token endpoint outage (503, 429) or no answer is IdpUnavailableError, retried later', async () => {
    sim.addUser({ email: 'ivy@example.com' });
    const entra = withSecret();
    sim.tokens.set({ failWith: 503 });
    const down = await entra.findUser('ivy@example.com').catch((e: unknown) => e);
    expect(down).toBeInstanceOf(IdpUnavailableError);
    expect((down as Error).message).toMatch(/token endpoint answered 503/);
    sim.tokens.set({ failWith: 429 });
    expect(await entra.findUser('ivy@example.com').catch((e: unknown) => e)).toBeInstanceOf(
      IdpUnavailableError,
    );
    sim.tokens.set({ failWith: null });
    expect(await entra.findUser('ivy@example.com')).toMatchObject({ email: 'ivy@example.com' });

    const unreachable = withSecret({ authorityBaseUrl: 'http://127.0.0.1:9' });
    const refused = await unreachable.findUser('ivy@example.com').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(IdpUnavailableError);
    expect((refused as Error).message).not.toContain(sim.longLivedCredentials.clientSecret);
  });

  it('refuses a malformed secret naming the fields, not the values; createIdentityProvider takes the JSON', async () => {
    expect(EntraCredentials.safeParse(sim.longLivedCredentials).success).toBe(true);
    const partial = () =>
      new EntraIdentityProvider({
        baseUrl: sim.url,
        credentials: { tenantId: 'tenant-value-xyz', clientId: 'client-value-xyz' },
      });
    expect(partial).toThrow(ConfigInvalidError);
    expect(partial).toThrow(/"tenantId", "clientId", "clientSecret".*accessToken/);
    expect(partial).not.toThrow(/value-xyz/);

    sim.addUser({ email: 'jo@example.com' });
    const { idp } = await createIdentityProvider({
      kind: 'entra',
      baseUrl: sim.url,
      credentials: { json: JSON.stringify(sim.longLivedCredentials) },
      scope: 'sign-in',
    });
    expect(await idp?.findUser('jo@example.com')).toMatchObject({ email: 'jo@example.com' });
  });
});

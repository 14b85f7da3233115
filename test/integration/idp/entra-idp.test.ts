/**
 * The Entra (Microsoft Graph) adapter against the Entra simulator on loopback (no mocks): lookup
 * by mail/UPN, the cut (accountEnabled=false + revokeSignInSessions) read back at both scopes
 * (Graph has one switch), idempotent re-runs that write nothing, rehire, Graph's failures mapped to
 * the named errors, and the simulator's HTTP control plane.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EntraCredentials, EntraIdentityProvider } from '../../../functions/adapters/idp/entra-idp.ts';
import {
  IdpAuthFailedError,
  IdpRateLimitedError,
  IdpUnavailableError,
} from '../../../functions/core/errors.ts';
import type { IdpUser } from '../../../functions/ports/identity-provider.ts';
import {
  ENTRA_RETRY_AFTER_SECONDS,
  startEntraSimulator,
} from '../../../infra/local/simulators/idp/entra/entra-simulator.ts';
import type { IdpSimulator } from '../../../infra/local/simulators/idp/idp-simulator.ts';

let sim: IdpSimulator;
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

/**
 * The generic SCIM 2.0 adapter against the SCIM simulator on loopback (no mocks): lookup by
 * userName, the cut (PatchOp active=false) read back at both scopes (SCIM has one switch),
 * idempotent re-runs that write nothing, rehire, SCIM error bodies mapped to the named errors, and
 * the simulator's HTTP control plane.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScimCredentials, ScimIdentityProvider } from '../../../functions/adapters/idp/scim-idp.ts';
import {
  IdpAuthFailedError,
  IdpRateLimitedError,
  IdpUnavailableError,
} from '../../../functions/core/errors.ts';
import type { IdpUser } from '../../../functions/ports/identity-provider.ts';
import type { IdpSimulator } from '../../../infra/local/simulators/idp/idp-simulator.ts';
import {
  SCIM_RETRY_AFTER_SECONDS,
  startScimSimulator,
} from '../../../infra/local/simulators/idp/scim/scim-simulator.ts';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
let sim: IdpSimulator;
let scim: ScimIdentityProvider;
beforeAll(async () => {
  sim = await startScimSimulator({ seed: 5 });
  scim = new ScimIdentityProvider({ baseUrl: sim.url, credentials: sim.credentials });
});
afterAll(() => sim?.close());

async function seeded(email: string): Promise<IdpUser> {
  sim.addUser({ email });
  const user = await scim.findUser(email);
  if (!user) throw new Error(`seeded user ${email} not found`);
  return user;
}

const patch = (id: string, body: unknown) =>
  fetch(`${sim.url}/Users/${id}`, {
    method: 'PATCH',
    headers: {
      Authorization: `Bearer ${sim.credentials.bearerToken}`,
      'Content-Type': 'application/scim+json',
    },
    body: JSON.stringify(body),
  });

describe('SCIM adapter', () => {
  it('finds a user by userName in any case, and null for someone the provider does not know', async () => {
    const id = sim.addUser({ email: 'ana.lima@example.com' });
    expect(await scim.findUser('Ana.LIMA@example.com')).toEqual({
      id,
      email: 'ana.lima@example.com',
      active: true,
      status: 'active: true',
    });
    expect(await scim.findUser('nobody@example.com')).toBeNull();
    expect(await scim.getUser('no-such-id')).toBeNull();
  });

  it('cuts sign-in (active=false), reads it back, and a second cut writes nothing', async () => {
    const user = await seeded('bo@example.com');
    const before = sim.stats().writes;
    expect(await scim.deactivate(user, 'sign-in')).toBe('changed');
    expect(sim.stats().writes).toBe(before + 1);
    expect(sim.user('bo@example.com')).toMatchObject({
      status: 'active: false',
      signInActive: false,
      accountActive: false,
      activeSessions: 0,
    });
    expect(await scim.isDeactivated(user, 'sign-in')).toBe(true);

    const writes = sim.stats().writes;
    expect(await scim.deactivate(user, 'sign-in')).toBe('already');
    expect(sim.stats().writes).toBe(writes);

    expect(await scim.reactivate(user, 'sign-in')).toBe('changed');
    expect(sim.user('bo@example.com')).toMatchObject({ status: 'active: true', signInActive: true });
    const afterRehire = sim.stats().writes;
    expect(await scim.reactivate(user, 'sign-in')).toBe('already');
    expect(sim.stats().writes).toBe(afterRehire);
  });

  it('cuts at account scope with the same PatchOp, and says the provider decides what that means', async () => {
    const user = await seeded('cy@example.com');
    expect(await scim.deactivate(user, 'account')).toBe('changed');
    expect(sim.user('cy@example.com')?.accountActive).toBe(false);
    expect(await scim.isDeactivated(user, 'account')).toBe(true);
    const writes = sim.stats().writes;
    expect(await scim.deactivate(user, 'account')).toBe('already');
    expect(sim.stats().writes).toBe(writes);
    expect(await scim.reactivate(user, 'account')).toBe('changed');
    expect(sim.user('cy@example.com')?.accountActive).toBe(true);
    expect(scim.blastRadius('account')).toBe(scim.blastRadius('sign-in'));
    expect(scim.blastRadius('account')).toMatch(/service provider decides/);
  });

  it('behaves like a SCIM server: path-less PatchOp accepted, bad PatchOps refused atomically', async () => {
    const id = sim.addUser({ email: 'dee@example.com' });
    const pathLess = await patch(id, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'Replace', value: { active: false } }],
    });
    expect(pathLess.status).toBe(200);
    expect(pathLess.headers.get('content-type')).toMatch(/application\/scim\+json/);
    expect(await pathLess.json()).toMatchObject({ id, active: false });

    const writes = sim.stats().writes;
    const noSchema = await patch(id, { Operations: [{ op: 'replace', path: 'active', value: true }] });
    expect(noSchema.status).toBe(400);
    expect(await noSchema.json()).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '400',
      scimType: 'invalidSyntax',
    });
    const halfBad = await patch(id, {
      schemas: [PATCH_OP],
      Operations: [
        { op: 'replace', path: 'active', value: true },
        { op: 'replace', path: 'displayName', value: 'x' },
      ],
    });
    expect(halfBad.status).toBe(400);
    expect(await halfBad.json()).toMatchObject({ scimType: 'invalidPath' });
    expect(sim.user('dee@example.com')?.signInActive).toBe(false);
    expect(sim.stats().writes).toBe(writes);
  });

  it('maps a refused token to IdpAuthFailedError without echoing any token', async () => {
    const wrong = new ScimIdentityProvider({ baseUrl: sim.url, credentials: { bearerToken: 'stale-token' } });
    const error = await wrong.findUser('ana.lima@example.com').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdpAuthFailedError);
    expect((error as Error).message).toMatch(/401/);
    expect((error as Error).message).not.toContain('stale-token');
    expect((error as Error).message).not.toContain(sim.credentials.bearerToken);
  });

  it('validates its credentials with ScimCredentials', () => {
    expect(ScimCredentials.safeParse({ bearerToken: 'x' }).success).toBe(true);
    expect(() => new ScimIdentityProvider({ baseUrl: sim.url, credentials: 'x' })).toThrow(/bearerToken/);
  });

  it('maps 429 to IdpRateLimitedError with Retry-After, and 503 to IdpUnavailableError', async () => {
    try {
      sim.setFaults({ rate: 1, kinds: ['rate-limit'] });
      const limited = await scim.findUser('ana.lima@example.com').catch((e: unknown) => e);
      expect(limited).toBeInstanceOf(IdpRateLimitedError);
      expect((limited as IdpRateLimitedError).retryAfterSeconds).toBe(SCIM_RETRY_AFTER_SECONDS);

      sim.setFaults({ rate: 1, kinds: ['server'] });
      const down = await scim.findUser('ana.lima@example.com').catch((e: unknown) => e);
      expect(down).toBeInstanceOf(IdpUnavailableError);
      expect((down as Error).message).toMatch(/503/);
    } finally {
      sim.setFaults({ rate: 0 });
    }
  });

  it('serves the control plane over HTTP without counting it', async () => {
    const before = sim.stats();
    const created = await fetch(`${sim.url}/__control/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'eli@example.com' }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect((await fetch(`${sim.url}/__control/users`, { method: 'POST', body: '{}' })).status).toBe(400);
    await fetch(`${sim.url}/__control/faults`, { method: 'PUT', body: JSON.stringify({ rate: 1 }) });
    await fetch(`${sim.url}/__control/faults`, { method: 'PUT', body: JSON.stringify({ rate: 0 }) });
    const user = (await (await fetch(`${sim.url}/__control/users/eli@example.com`)).json()) as {
      id: string;
      signInActive: boolean;
    };
    expect(user).toMatchObject({ id, signInActive: true });
    expect(await (await fetch(`${sim.url}/__control/stats`)).json()).toEqual(before);
  });
});

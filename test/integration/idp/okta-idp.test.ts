/**
 * The Okta adapter against the Okta simulator on loopback: lookup by login, the sign-in cut
 * (suspend + sessions) and the account cut (deactivate), read back, idempotent re-runs that
 * write nothing, rehire, and Okta's failures mapped to the errors the workflow retries or stops on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OktaIdentityProvider } from '../../../functions/adapters/idp/okta-idp.ts';
import {
  IdpAuthFailedError,
  IdpRateLimitedError,
  IdpUnavailableError,
} from '../../../functions/core/errors.ts';
import type { IdpSimulator } from '../../../infra/local/simulators/idp/idp-simulator.ts';
import { startOktaSimulator } from '../../../infra/local/simulators/idp/okta/okta-simulator.ts';

let sim: IdpSimulator;
let okta: OktaIdentityProvider;
beforeAll(async () => {
  sim = await startOktaSimulator({ seed: 3 });
  okta = new OktaIdentityProvider({ baseUrl: sim.url, credentials: sim.credentials });
});
afterAll(() => sim?.close());

describe('Okta adapter', () => {
  it('finds a user by email (any case) and answers null for someone Okta does not know', async () => {
    const id = sim.addUser({ email: 'ana.lima@example.com' });
    expect(await okta.findUser('Ana.Lima@Example.com')).toMatchObject({ id, active: true, status: 'ACTIVE' });
    expect(await okta.findUser('nobody@example.com')).toBeNull();
  });

  it('cuts sign-in (suspend, sessions ended), reads it back, and a second cut writes nothing', async () => {
    sim.addUser({ email: 'bo@example.com' });
    const user = await okta.findUser('bo@example.com');
    if (!user) throw new Error('seeded user not found');
    expect(await okta.deactivate(user, 'sign-in')).toBe('changed');
    expect(sim.user('bo@example.com')).toMatchObject({
      status: 'SUSPENDED',
      signInActive: false,
      accountActive: true,
      activeSessions: 0,
    });
    expect(await okta.isDeactivated(user, 'sign-in')).toBe(true);
    expect(await okta.isDeactivated(user, 'account')).toBe(false);
    const writes = sim.stats().writes;
    expect(await okta.deactivate(user, 'sign-in')).toBe('already');
    expect(sim.stats().writes).toBe(writes);
    expect(await okta.reactivate(user, 'sign-in')).toBe('changed');
    expect(sim.user('bo@example.com')).toMatchObject({ status: 'ACTIVE', signInActive: true });
  });

  it('deactivates the whole account at account scope, and activates it again on rehire', async () => {
    sim.addUser({ email: 'cy@example.com' });
    const user = await okta.findUser('cy@example.com');
    if (!user) throw new Error('seeded user not found');
    expect(await okta.deactivate(user, 'account')).toBe('changed');
    expect(sim.user('cy@example.com')).toMatchObject({ status: 'DEPROVISIONED', accountActive: false });
    expect(await okta.isDeactivated(user, 'sign-in')).toBe(true);
    expect(await okta.reactivate(user, 'account')).toBe('changed');
    expect(sim.user('cy@example.com')).toMatchObject({ status: 'ACTIVE', accountActive: true });
    expect(okta.blastRadius('account')).toMatch(/every assigned app/);
  });

  it('maps a refused token to IdpAuthFailedError without echoing the token', async () => {
    const wrong = new OktaIdentityProvider({ baseUrl: sim.url, credentials: { apiToken: 'not-the-token' } });
    const error = await wrong.findUser('ana.lima@example.com').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdpAuthFailedError);
    expect(String((error as Error).message)).toMatch(/E0000011/);
    expect(String((error as Error).message)).not.toContain('not-the-token');
  });

  it('maps 429 E0000047 to IdpRateLimitedError with the reset time, and 5xx to IdpUnavailableError', async () => {
    sim.setFaults({ rate: 1, kinds: ['rate-limit'] });
    const limited = await okta.findUser('ana.lima@example.com').catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(IdpRateLimitedError);
    expect((limited as IdpRateLimitedError).retryAfterSeconds).toBeLessThanOrEqual(1);
    sim.setFaults({ rate: 1, kinds: ['server'] });
    expect(await okta.findUser('ana.lima@example.com').catch((e: unknown) => e)).toBeInstanceOf(
      IdpUnavailableError,
    );
    sim.setFaults({ rate: 0 });
  });

  it('offers the same operations on its HTTP control plane', async () => {
    const created = await fetch(`${sim.url}/__control/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'dee@example.com' }),
    });
    expect(created.status).toBe(201);
    const user = (await (await fetch(`${sim.url}/__control/users/dee@example.com`)).json()) as {
      status: string;
    };
    expect(user.status).toBe('ACTIVE');
    const stats = (await (await fetch(`${sim.url}/__control/stats`)).json()) as { requests: number };
    expect(stats.requests).toBe(sim.stats().requests);
  });
});

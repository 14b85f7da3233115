/**
 * The Okta adapter against the Okta simulator on loopback (no mocks): lookup by login and by
 * email filter, the sign-in cut (suspend + sessions) and the account cut (deactivate) read back,
 * idempotent re-runs that write nothing, rehire, Okta's failures mapped to the errors the workflow
 * retries or stops on, and the simulator's HTTP control plane.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OktaCredentials, OktaIdentityProvider } from '../../../functions/adapters/idp/okta-idp.ts';
import {
  IdpAuthFailedError,
  IdpRateLimitedError,
  IdpRequestRejectedError,
  IdpUnavailableError,
} from '../../../functions/core/errors.ts';
import type { IdpUser } from '../../../functions/ports/identity-provider.ts';
import {
  type OktaSimulator,
  startOktaSimulator,
} from '../../../infra/local/simulators/idp/okta/okta-simulator.ts';

let sim: OktaSimulator;
let okta: OktaIdentityProvider;
beforeAll(async () => {
  sim = await startOktaSimulator({ seed: 3 });
  okta = new OktaIdentityProvider({ baseUrl: sim.url, credentials: sim.credentials });
});
afterAll(() => sim?.close());

async function seeded(email: string): Promise<IdpUser> {
  sim.addUser({ email });
  const user = await okta.findUser(email);
  if (!user) throw new Error(`seeded user ${email} not found`);
  return user;
}

const raw = (path: string, init: RequestInit = {}) =>
  fetch(`${sim.url}${path}`, {
    ...init,
    headers: { Authorization: `SSWS ${sim.credentials.apiToken}`, ...init.headers },
  });

describe('Okta adapter', () => {
  it('finds a user by email in any case, and answers null for someone Okta does not know', async () => {
    const id = sim.addUser({ email: 'ana.lima@example.com' });
    expect(await okta.findUser('Ana.Lima@Example.COM')).toEqual({
      id,
      email: 'ana.lima@example.com',
      active: true,
      status: 'ACTIVE',
    });
    expect(await okta.findUser('nobody@example.com')).toBeNull();
    expect(await okta.getUser(id)).toMatchObject({ id, status: 'ACTIVE' });
    expect(await okta.getUser('00unknown')).toBeNull();
  });

  it('finds a user whose Okta login is not their email through the profile.email filter', async () => {
    const id = sim.addUser({ email: 'raj.patel@example.com' });
    sim.setLogin('raj.patel@example.com', 'rpatel');
    expect(await okta.findUser('RAJ.PATEL@example.com')).toMatchObject({
      id,
      email: 'raj.patel@example.com',
    });
  });

  it('cuts sign-in (suspend, sessions ended), reads it back, and a second cut writes nothing', async () => {
    const user = await seeded('bo@example.com');
    expect(sim.user('bo@example.com')?.activeSessions).toBe(1);
    const before = sim.stats().writes;
    expect(await okta.deactivate(user, 'sign-in')).toBe('changed');
    expect(sim.stats().writes).toBe(before + 2); // suspend + sessions
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
    expect(await okta.isDeactivated(user, 'sign-in')).toBe(false);
    const afterRehire = sim.stats().writes;
    expect(await okta.reactivate(user, 'sign-in')).toBe('already');
    expect(sim.stats().writes).toBe(afterRehire);
  });

  it('deactivates the whole account at account scope, idempotently, and activates it on rehire', async () => {
    const user = await seeded('cy@example.com');
    expect(await okta.deactivate(user, 'account')).toBe('changed');
    expect(sim.user('cy@example.com')).toMatchObject({
      status: 'DEPROVISIONED',
      signInActive: false,
      accountActive: false,
      activeSessions: 0,
    });
    expect(await okta.isDeactivated(user, 'account')).toBe(true);
    expect(await okta.isDeactivated(user, 'sign-in')).toBe(true);

    const writes = sim.stats().writes;
    expect(await okta.deactivate(user, 'account')).toBe('already');
    expect(await okta.deactivate(user, 'sign-in')).toBe('already');
    expect(sim.stats().writes).toBe(writes);

    expect(await okta.reactivate(user, 'account')).toBe('changed');
    expect(sim.user('cy@example.com')).toMatchObject({
      status: 'ACTIVE',
      accountActive: true,
      signInActive: true,
    });
    expect(okta.blastRadius('account')).toMatch(/deprovisioned from every app/);
    expect(okta.blastRadius('sign-in')).toMatch(/suspend/);
  });

  it('goes from a suspended user to a deactivated one when the account cut is approved later', async () => {
    const user = await seeded('dan@example.com');
    expect(await okta.deactivate(user, 'sign-in')).toBe('changed');
    expect(await okta.deactivate(user, 'account')).toBe('changed');
    expect(sim.user('dan@example.com')?.status).toBe('DEPROVISIONED');
  });

  it('refuses to pretend a non-ACTIVE user is suspended, but still ends their sessions', async () => {
    const user = await seeded('eve@example.com');
    sim.setStatus('eve@example.com', 'PASSWORD_EXPIRED');
    const error = await okta.deactivate(user, 'sign-in').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdpRequestRejectedError);
    expect((error as Error).message).toMatch(/only ACTIVE users.*PASSWORD_EXPIRED/);
    expect(sim.user('eve@example.com')).toMatchObject({ status: 'PASSWORD_EXPIRED', activeSessions: 0 });
    expect(await okta.isDeactivated(user, 'sign-in')).toBe(false);
  });

  it('answers a wrong-state lifecycle call with 400 and does not count it as a write', async () => {
    const id = sim.addUser({ email: 'fay@example.com' });
    expect((await raw(`/api/v1/users/${id}/lifecycle/suspend`, { method: 'POST' })).status).toBe(200);
    const writes = sim.stats().writes;
    const again = await raw(`/api/v1/users/${id}/lifecycle/suspend`, { method: 'POST' });
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ errorCode: 'E0000001', errorCauses: [] });
    expect(sim.stats().writes).toBe(writes);
  });

  it('maps a refused token to IdpAuthFailedError without echoing any token', async () => {
    const wrong = new OktaIdentityProvider({ baseUrl: sim.url, credentials: { apiToken: 'not-the-token' } });
    const error = await wrong.findUser('ana.lima@example.com').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdpAuthFailedError);
    expect((error as Error).message).toMatch(/E0000011/);
    expect((error as Error).message).not.toContain('not-the-token');
    expect((error as Error).message).not.toContain(sim.credentials.apiToken);
  });

  it('validates its credentials with OktaCredentials', () => {
    expect(OktaCredentials.safeParse({ apiToken: '' }).success).toBe(false);
    expect(() => new OktaIdentityProvider({ baseUrl: sim.url, credentials: { token: 'x' } })).toThrow(
      /apiToken/,
    );
  });

  it('maps 429 E0000047 to IdpRateLimitedError with the wait from X-Rate-Limit-Reset, and 5xx to IdpUnavailableError', async () => {
    try {
      sim.setFaults({ rate: 1, kinds: ['rate-limit'] });
      const limited = await okta.findUser('ana.lima@example.com').catch((e: unknown) => e);
      expect(limited).toBeInstanceOf(IdpRateLimitedError);
      const wait = (limited as IdpRateLimitedError).retryAfterSeconds;
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(60);
      expect((limited as Error).message).toMatch(/E0000047/);

      sim.setFaults({ rate: 1, kinds: ['server'] });
      const down = await okta.findUser('ana.lima@example.com').catch((e: unknown) => e);
      expect(down).toBeInstanceOf(IdpUnavailableError);
      expect((down as Error).message).toMatch(/500/);
    } finally {
      sim.setFaults({ rate: 0 });
    }
  });

  it('maps a provider that never answers to IdpUnavailableError after the timeout', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as { port: number };
      const slow = new OktaIdentityProvider({
        baseUrl: `http://127.0.0.1:${port}`,
        credentials: sim.credentials,
        timeoutMs: 200,
      });
      const error = await slow.findUser('ana.lima@example.com').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IdpUnavailableError);
      expect((error as Error).message).toMatch(/no answer within 0.2s/);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('injects the same faults for the same seed', async () => {
    const pattern = async (seed: number) => {
      const s = await startOktaSimulator({ seed });
      try {
        s.setFaults({ rate: 0.5 });
        const statuses: number[] = [];
        for (let i = 0; i < 12; i += 1) {
          const r = await fetch(`${s.url}/api/v1/users/x`, {
            headers: { Authorization: `SSWS ${s.credentials.apiToken}` },
          });
          statuses.push(r.status);
        }
        return statuses;
      } finally {
        await s.close();
      }
    };
    const first = await pattern(11);
    expect(await pattern(11)).toEqual(first);
    expect(first.some((s) => s === 404)).toBe(true);
    expect(first.some((s) => s === 429 || s === 500)).toBe(true);
  });

  it('serves the control plane over HTTP, uncounted, with Okta rate-limit headers on API answers', async () => {
    const created = await fetch(`${sim.url}/__control/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'Gus@Example.com', givenName: 'Gus' }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const before = sim.stats();

    const read = await fetch(`${sim.url}/__control/users/gus@example.com`);
    expect(await read.json()).toMatchObject({
      id,
      email: 'gus@example.com',
      status: 'ACTIVE',
      activeSessions: 1,
    });
    expect((await fetch(`${sim.url}/__control/users/nobody@example.com`)).status).toBe(404);
    const status = await fetch(`${sim.url}/__control/okta/users/gus@example.com`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'LOCKED_OUT' }),
    });
    expect(await status.json()).toMatchObject({ id, status: 'LOCKED_OUT' });

    const faults = await fetch(`${sim.url}/__control/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rate: 1, kinds: ['rate-limit'] }),
    });
    expect(faults.status).toBe(200);
    const limited = await raw(`/api/v1/users/${id}`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-rate-limit-remaining')).toBe('0');
    expect(Number(limited.headers.get('x-rate-limit-reset'))).toBeGreaterThan(Date.now() / 1000);
    expect(await limited.json()).toMatchObject({ errorCode: 'E0000047' });
    await fetch(`${sim.url}/__control/faults`, { method: 'PUT', body: JSON.stringify({ rate: 0 }) });

    const served = await raw(`/api/v1/users/${id}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('x-rate-limit-limit')).toBe('600');
    expect(await served.json()).toMatchObject({
      id,
      status: 'LOCKED_OUT',
      profile: { login: 'gus@example.com' },
    });

    const stats = (await (await fetch(`${sim.url}/__control/stats`)).json()) as {
      requests: number;
      writes: number;
      faults: number;
    };
    expect(stats).toEqual(sim.stats());
    expect(stats).toEqual({
      requests: before.requests + 2,
      writes: before.writes,
      faults: before.faults + 1,
    });
  });
});

/**
 * What only Okta does, against the Okta simulator on loopback (the course every provider shares is
 * in idp-adapters.test.ts): lookup by login and by a case-insensitive `profile.email` search
 * (Okta's `filter` compares exactly), the simulator's list endpoint as Okta specifies it, Okta's
 * lifecycle rules (suspend only from ACTIVE, suspended → deprovisioned, a wrong-state call 400), a
 * provider that never answers, and the Okta parts of the control plane and rate-limit headers.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createIdentityProvider } from '../../../functions/adapters/idp/create-identity-provider.ts';
import { OktaIdentityProvider } from '../../../functions/adapters/idp/okta-idp.ts';
import { InMemoryPacer } from '../../../functions/adapters/pacing/in-memory-pacer.ts';
import { currentBudget, withBudget } from '../../../functions/composition/invocation-budget.ts';
import { IdpRequestRejectedError, IdpUnavailableError } from '../../../functions/core/errors.ts';
import { failureOf, useIdpStand } from '../../support/idp-test-kit.ts';

const okta = useIdpStand('okta', { seed: 3 });

describe('Okta adapter', () => {
  it('finds a user whose Okta login is not their email through the profile.email search', async () => {
    const id = okta.sim.addUser({ email: 'raj.patel@example.com' });
    okta.sim.setLogin('raj.patel@example.com', 'rpatel');
    expect(await okta.idp.findUser('RAJ.PATEL@example.com')).toMatchObject({
      id,
      email: 'raj.patel@example.com',
    });
  });

  it('finds and cuts a leaver stored as Ana.Lima@Example.com when HR says ana.lima@example.com', async () => {
    const id = okta.sim.addUser({ email: 'Ana.Lima@Example.com' });
    okta.sim.setLogin('Ana.Lima@Example.com', 'alima'); // so the login lookup cannot answer
    expect(okta.sim.user('ana.lima@example.com')?.email).toBe('Ana.Lima@Example.com');
    const leaver = await okta.idp.findUser('ana.lima@example.com');
    expect(leaver).toMatchObject({ id, email: 'ana.lima@example.com', active: true });
    if (!leaver) throw new Error('not found');
    expect(await okta.idp.deactivate(leaver, 'sign-in')).toBe('changed');
    expect(okta.sim.user('ana.lima@example.com')).toMatchObject({ status: 'SUSPENDED', signInActive: false });
    expect(await okta.idp.isDeactivated(leaver, 'sign-in')).toBe(true);
  });

  it('reads a user once per step: a sign-in cut is 4 calls, its read-back fresh, and the next step reads again', async () => {
    // Prepare: the adapter as a step builds it (paced, so it knows the invocation it runs in)
    okta.sim.addUser({ email: 'once.per.step@example.com' });
    const { idp } = await createIdentityProvider(
      {
        kind: 'okta',
        baseUrl: okta.sim.url,
        credentials: { json: JSON.stringify(okta.sim.credentials) },
        scope: 'sign-in',
      },
      { pacer: new InMemoryPacer(), budget: currentBudget },
    );
    if (!idp) throw new Error('no IdP adapter was built');
    const step = <T>(run: () => Promise<T>) =>
      withBudget({ deadline: Date.now() + 60_000, urgent: true }, run);
    const calls = () => okta.sim.stats().requests;
    const before = calls();

    // Act: the cut step's course (deactivate-idp-user.ts: find, check, cut, read back), then a
    // step that finds and checks again (Verify Offboarding), then Okta reactivated by hand
    const cutStep = await step(async () => {
      const user = await idp.findUser('once.per.step@example.com');
      if (!user) throw new Error('not found');
      const wasCut = await idp.isDeactivated(user, 'sign-in');
      const change = await idp.deactivate(user, 'sign-in');
      return { wasCut, change, readBack: await idp.isDeactivated(user, 'sign-in'), calls: calls() - before };
    });
    const verifyStep = await step(async () => {
      const user = await idp.findUser('once.per.step@example.com');
      return user !== null && (await idp.isDeactivated(user, 'sign-in'));
    });
    okta.sim.setStatus('once.per.step@example.com', 'ACTIVE');
    const afterReactivation = await step(async () => {
      const user = await idp.findUser('once.per.step@example.com');
      return user !== null && (await idp.isDeactivated(user, 'sign-in'));
    });

    // Assess: find (its status kept), suspend, end the sessions, read back; Verify: the find alone
    expect(cutStep).toEqual({ wasCut: false, change: 'changed', readBack: true, calls: 4 });
    expect(verifyStep).toBe(true);
    expect(calls() - before).toBe(4 + 1 + 1);
    expect(afterReactivation).toBe(false);
  });

  it('simulates the list endpoint as specified: filter values exact, search values in any case', async () => {
    const id = okta.sim.addUser({ email: 'Mixed.Case@Example.com' });
    const list = async (query: string) => {
      const response = await okta.raw(`/api/v1/users?${query}`);
      return {
        status: response.status,
        ids: ((await response.json()) as Array<{ id: string }>).map?.((u) => u.id),
      };
    };
    const q = (expression: string) => encodeURIComponent(expression);
    expect((await list(`filter=${q('profile.email eq "Mixed.Case@Example.com"')}`)).ids).toEqual([id]);
    expect((await list(`filter=${q('profile.email eq "mixed.case@example.com"')}`)).ids).toEqual([]);
    expect((await list(`filter=${q('profile.email EQ "Mixed.Case@Example.com"')}`)).ids).toEqual([id]);
    expect((await list(`search=${q('profile.email eq "MIXED.case@example.COM"')}`)).ids).toEqual([id]);
    expect((await list(`search=${q('profile.email sw "mixed.c"')}`)).ids).toEqual([id]);
    // Property names are case-sensitive in both.
    expect((await list(`search=${q('profile.EMAIL eq "mixed.case@example.com"')}`)).status).toBe(400);
    expect((await list(`filter=${q('profile.email sw "Mixed"')}`)).status).toBe(400);
    // Without a filter or search, DEPROVISIONED users are left out; with one, they are listed.
    okta.sim.setStatus('Mixed.Case@Example.com', 'DEPROVISIONED');
    expect((await list('limit=200')).ids).not.toContain(id);
    expect((await list(`search=${q('profile.email eq "mixed.case@example.com"')}`)).ids).toEqual([id]);
  });

  it('goes from a suspended user to a deactivated one when the account cut is approved later', async () => {
    const user = await okta.seeded('dan@example.com');
    expect(await okta.idp.deactivate(user, 'sign-in')).toBe('changed');
    expect(await okta.idp.deactivate(user, 'account')).toBe('changed');
    expect(okta.sim.user('dan@example.com')?.status).toBe('DEPROVISIONED');
  });

  it('refuses to pretend a non-ACTIVE user is suspended, but still ends their sessions', async () => {
    const user = await okta.seeded('eve@example.com');
    okta.sim.setStatus('eve@example.com', 'PASSWORD_EXPIRED');
    const error = await failureOf(okta.idp.deactivate(user, 'sign-in'));
    expect(error).toBeInstanceOf(IdpRequestRejectedError);
    expect(error.message).toMatch(/only ACTIVE users.*PASSWORD_EXPIRED/);
    expect(okta.sim.user('eve@example.com')).toMatchObject({ status: 'PASSWORD_EXPIRED', activeSessions: 0 });
    expect(await okta.idp.isDeactivated(user, 'sign-in')).toBe(false);
  });

  it('answers a wrong-state lifecycle call with 400 and does not count it as a write', async () => {
    const id = okta.sim.addUser({ email: 'fay@example.com' });
    expect((await okta.raw(`/api/v1/users/${id}/lifecycle/suspend`, { method: 'POST' })).status).toBe(200);
    const writes = okta.sim.stats().writes;
    const again = await okta.raw(`/api/v1/users/${id}/lifecycle/suspend`, { method: 'POST' });
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ errorCode: 'E0000001', errorCauses: [] });
    expect(okta.sim.stats().writes).toBe(writes);
  });

  it('maps a provider that never answers to IdpUnavailableError after the timeout', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as { port: number };
      const slow = new OktaIdentityProvider({
        baseUrl: `http://127.0.0.1:${port}`,
        credentials: okta.sim.credentials,
        timeoutMs: 200,
      });
      const error = await failureOf(slow.findUser('ana.lima@example.com'));
      expect(error).toBeInstanceOf(IdpUnavailableError);
      expect(error.message).toMatch(/no answer within 0.2s/);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('sets Okta statuses over the control plane, and answers with Okta rate-limit headers, uncounted', async () => {
    const created = await okta.control('/users', 'POST', { email: 'Gus@Example.com', givenName: 'Gus' });
    const { id } = (await created.json()) as { id: string };
    const before = okta.sim.stats();
    const status = await okta.control('/okta/users/gus@example.com', 'PUT', { status: 'LOCKED_OUT' });
    expect(await status.json()).toMatchObject({ id, status: 'LOCKED_OUT' });

    expect((await okta.control('/faults', 'PUT', { rate: 1, kinds: ['rate-limit'] })).status).toBe(200);
    const limited = await okta.raw(`/api/v1/users/${id}`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-rate-limit-remaining')).toBe('0');
    expect(Number(limited.headers.get('x-rate-limit-reset'))).toBeGreaterThan(Date.now() / 1000);
    expect(await limited.json()).toMatchObject({ errorCode: 'E0000047' });
    await okta.control('/faults', 'PUT', { rate: 0 });

    const served = await okta.raw(`/api/v1/users/${id}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('x-rate-limit-limit')).toBe('600');
    expect(await served.json()).toMatchObject({
      id,
      status: 'LOCKED_OUT',
      profile: { login: 'Gus@Example.com' },
    });
    expect(okta.sim.stats()).toEqual({
      requests: before.requests + 2,
      writes: before.writes,
      faults: before.faults + 1,
      rateLimited: before.rateLimited,
    });
  });
});

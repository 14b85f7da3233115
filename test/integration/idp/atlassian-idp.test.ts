/**
 * The Atlassian Administration adapters against the Atlassian simulator on loopback (no mocks):
 * lookup through the v2 directory search, the sign-in cut (directory suspend) and the account cut
 * (lifecycle disable) read back, idempotent re-runs that write nothing, rehire in both orders,
 * Atlassian's failures (401, 429 + X-RateLimit-*, 5xx) mapped to the named errors, the
 * Atlassian-account API tokens listed and revoked once, and the HTTP control plane.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtlassianApiTokenAdmin } from '../../../functions/adapters/idp/atlassian-api-tokens.ts';
import {
  AtlassianAdmin,
  AtlassianCredentials,
  AtlassianIdentityProvider,
} from '../../../functions/adapters/idp/atlassian-idp.ts';
import {
  IdpAuthFailedError,
  IdpRateLimitedError,
  IdpRequestRejectedError,
  IdpUnavailableError,
} from '../../../functions/core/errors.ts';
import type { IdpUser } from '../../../functions/ports/identity-provider.ts';
import {
  ATLASSIAN_SIM_DIRECTORY_ID,
  ATLASSIAN_SIM_ORG_ID,
  type AtlassianSimulator,
  startAtlassianSimulator,
} from '../../../infra/local/simulators/idp/atlassian/atlassian-simulator.ts';

let sim: AtlassianSimulator;
let atlassian: AtlassianIdentityProvider;
let tokens: AtlassianApiTokenAdmin;
beforeAll(async () => {
  sim = await startAtlassianSimulator({ seed: 7 });
  atlassian = new AtlassianIdentityProvider({ baseUrl: sim.url, credentials: sim.credentials });
  tokens = new AtlassianApiTokenAdmin({ baseUrl: sim.url, credentials: sim.credentials });
});
afterAll(() => sim?.close());

async function seeded(email: string): Promise<IdpUser> {
  sim.addUser({ email });
  const user = await atlassian.findUser(email);
  if (!user) throw new Error(`seeded user ${email} not found`);
  return user;
}

const directory = `/admin/v2/orgs/${ATLASSIAN_SIM_ORG_ID}/directories/${ATLASSIAN_SIM_DIRECTORY_ID}`;
const raw = (path: string, init: RequestInit = {}) =>
  fetch(`${sim.url}${path}`, {
    ...init,
    headers: {
      Authorization: `Bearer ${sim.credentials.apiKey}`,
      'content-type': 'application/json',
      ...init.headers,
    },
  });

describe('Atlassian Administration adapter', () => {
  it('finds a user by email in any case through the directory search, and null for someone it does not know', async () => {
    const id = sim.addUser({ email: 'ana.lima@example.com' });
    expect(await atlassian.findUser('Ana.Lima@Example.COM')).toEqual({
      id,
      email: 'ana.lima@example.com',
      active: true,
      status: 'active',
    });
    expect(await atlassian.findUser('nobody@example.com')).toBeNull();
    expect(await atlassian.getUser(id)).toMatchObject({ id, email: 'ana.lima@example.com', active: true });
    expect(await atlassian.getUser('712020:unknown')).toBeNull();
  });

  it('cuts sign-in with a directory suspend that leaves the account, reads it back, and a second cut writes nothing', async () => {
    const user = await seeded('bo@example.com');
    const before = sim.stats().writes;
    expect(await atlassian.deactivate(user, 'sign-in')).toBe('changed');
    expect(sim.stats().writes).toBe(before + 1);
    expect(sim.user('bo@example.com')).toMatchObject({
      status: 'suspended',
      signInActive: false,
      accountActive: true,
      activeSessions: 0,
    });
    expect(await atlassian.isDeactivated(user, 'sign-in')).toBe(true);
    expect(await atlassian.isDeactivated(user, 'account')).toBe(false);
    expect(await atlassian.getUser(user.id)).toMatchObject({ active: false, status: 'suspended' });

    const writes = sim.stats().writes;
    expect(await atlassian.deactivate(user, 'sign-in')).toBe('already');
    expect(sim.stats().writes).toBe(writes);

    expect(await atlassian.reactivate(user, 'sign-in')).toBe('changed');
    expect(sim.user('bo@example.com')).toMatchObject({ status: 'active', signInActive: true });
    expect(await atlassian.isDeactivated(user, 'sign-in')).toBe(false);
    const afterRehire = sim.stats().writes;
    expect(await atlassian.reactivate(user, 'sign-in')).toBe('already');
    expect(sim.stats().writes).toBe(afterRehire);
  });

  it('deactivates the whole account at account scope, idempotently, and enables it on rehire', async () => {
    const user = await seeded('cy@example.com');
    expect(await atlassian.deactivate(user, 'account')).toBe('changed');
    expect(sim.user('cy@example.com')).toMatchObject({
      status: 'deactivated',
      signInActive: false,
      accountActive: false,
      activeSessions: 0,
    });
    expect(await atlassian.isDeactivated(user, 'account')).toBe(true);
    expect(await atlassian.isDeactivated(user, 'sign-in')).toBe(true);

    const writes = sim.stats().writes;
    expect(await atlassian.deactivate(user, 'account')).toBe('already');
    expect(await atlassian.deactivate(user, 'sign-in')).toBe('already');
    expect(sim.stats().writes).toBe(writes);

    expect(await atlassian.reactivate(user, 'account')).toBe('changed');
    expect(sim.user('cy@example.com')).toMatchObject({
      status: 'active',
      accountActive: true,
      signInActive: true,
    });
    expect(atlassian.blastRadius('sign-in')).toMatch(/this organization's apps/);
    expect(atlassian.blastRadius('account')).toMatch(/Jira, Confluence.*every other Atlassian product/);
  });

  it('goes from a directory suspend to a disabled account, and a rehire undoes both (account first)', async () => {
    const user = await seeded('dan@example.com');
    expect(await atlassian.deactivate(user, 'sign-in')).toBe('changed');
    expect(await atlassian.deactivate(user, 'account')).toBe('changed');
    expect(sim.user('dan@example.com')).toMatchObject({ status: 'deactivated', accountActive: false });

    expect(await atlassian.reactivate(user, 'account')).toBe('changed');
    // The account works again, but the directory suspend still holds.
    expect(sim.user('dan@example.com')).toMatchObject({ status: 'suspended', signInActive: false });
    expect(await atlassian.isDeactivated(user, 'sign-in')).toBe(true);
    expect(await atlassian.reactivate(user, 'sign-in')).toBe('changed');
    expect(sim.user('dan@example.com')).toMatchObject({ status: 'active', signInActive: true });
  });

  it('refuses a sign-in rehire that directory restore cannot give while the account is disabled', async () => {
    const user = await seeded('fay@example.com');
    expect(await atlassian.deactivate(user, 'account')).toBe('changed');
    const error = await atlassian.reactivate(user, 'sign-in').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdpRequestRejectedError);
    expect((error as Error).message).toMatch(/reactivate it at account scope/);
  });

  it('maps a refused API key to IdpAuthFailedError without echoing any key', async () => {
    const wrong = new AtlassianIdentityProvider({
      baseUrl: sim.url,
      credentials: { ...sim.credentials, apiKey: 'ATCTT3x-not-the-key' },
    });
    const error = await wrong.findUser('ana.lima@example.com').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdpAuthFailedError);
    expect((error as Error).message).toMatch(/401.*unauthorized/);
    expect((error as Error).message).not.toContain('not-the-key');
    expect((error as Error).message).not.toContain(sim.credentials.apiKey);
  });

  it('validates its credentials with AtlassianCredentials', () => {
    expect(AtlassianCredentials.safeParse({ apiKey: 'k', orgId: 'o' }).success).toBe(false);
    expect(() => new AtlassianIdentityProvider({ baseUrl: sim.url, credentials: { apiKey: 'x' } })).toThrow(
      /orgId.*directoryId/,
    );
    expect(() => new AtlassianApiTokenAdmin({ baseUrl: sim.url, credentials: {} })).toThrow(/apiKey/);
  });

  it('maps 429 to IdpRateLimitedError with the wait from X-RateLimit-Reset, and 5xx to IdpUnavailableError', async () => {
    const user = await seeded('gil@example.com');
    try {
      sim.setFaults({ rate: 1, kinds: ['rate-limit'] });
      const limited = await atlassian.deactivate(user, 'sign-in').catch((e: unknown) => e);
      expect(limited).toBeInstanceOf(IdpRateLimitedError);
      const wait = (limited as IdpRateLimitedError).retryAfterSeconds;
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(60);
      expect((limited as Error).message).toMatch(/429.*too-many-requests/);

      const answer = await raw(`${directory}/users/${user.id}`);
      expect(answer.status).toBe(429);
      expect(answer.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(Date.parse(answer.headers.get('x-ratelimit-reset') ?? '')).toBeGreaterThan(Date.now());

      sim.setFaults({ rate: 1, kinds: ['server'] });
      const down = await tokens.listApiTokens(user.id).catch((e: unknown) => e);
      expect(down).toBeInstanceOf(IdpUnavailableError);
      expect((down as Error).message).toMatch(/503/);
    } finally {
      sim.setFaults({ rate: 0 });
    }
    expect(sim.user('gil@example.com')?.signInActive).toBe(true);
    const served = await raw(`${directory}/users/${user.id}`);
    expect(served.headers.get('x-ratelimit-limit')).toBe('1000');
    expect(served.headers.get('x-ratelimit-reset')).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('lists API tokens and revokes each once; a second revoke answers already and writes nothing', async () => {
    const user = await seeded('dev@example.com');
    sim.addApiToken('dev@example.com', 'CI pipeline');
    sim.addApiToken('dev@example.com', 'Laptop script');
    const listed = await tokens.listApiTokens(user.id);
    expect(listed.map((t) => t.label).sort()).toEqual(['CI pipeline', 'Laptop script']);
    expect(Object.keys(listed[0] ?? {}).sort()).toEqual(['id', 'label']);

    const before = sim.stats().writes;
    for (const token of listed) expect(await tokens.revokeApiToken(user.id, token.id)).toBe('revoked');
    expect(sim.stats().writes).toBe(before + 2);
    expect(sim.apiTokens('dev@example.com')).toEqual([]);
    expect(await tokens.listApiTokens(user.id)).toEqual([]);

    const writes = sim.stats().writes;
    expect(await tokens.revokeApiToken(user.id, listed[0]?.id ?? '')).toBe('already');
    expect(sim.stats().writes).toBe(writes);
    // Someone else revoked it between our list and our delete: 404, still "already".
    expect(
      (await raw(`/users/${user.id}/manage/api-tokens/${listed[0]?.id}`, { method: 'DELETE' })).status,
    ).toBe(404);
  });

  it('never reports "no tokens" for an account Atlassian does not know', async () => {
    const error = await tokens.listApiTokens('712020:unknown').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdpRequestRejectedError);
    expect((error as Error).message).toMatch(/does not know that account/);
  });

  it('AtlassianAdmin is the IdP adapter and the token port in one object', async () => {
    const admin = new AtlassianAdmin({ baseUrl: sim.url, credentials: sim.credentials });
    const user = await seeded('hal@example.com');
    const tokenId = sim.addApiToken('hal@example.com', 'Reporting');
    expect(await admin.listApiTokens(user.id)).toEqual([{ id: tokenId, label: 'Reporting' }]);
    expect(await admin.revokeApiToken(user.id, tokenId)).toBe('revoked');
    expect(await admin.deactivate(user, 'sign-in')).toBe('changed');
  });

  it('answers a search with both emails and searchTerm with 400, as Atlassian documents', async () => {
    const both = await raw(`${directory}/users/search`, {
      method: 'POST',
      body: JSON.stringify({ emails: ['ana.lima@example.com'], searchTerm: 'ana' }),
    });
    expect(both.status).toBe(400);
    expect(await both.json()).toMatchObject({ errors: [{ status: '400', code: 'invalid-request' }] });
  });

  it('injects the same faults for the same seed', async () => {
    const pattern = async (seed: number) => {
      const s = await startAtlassianSimulator({ seed });
      try {
        s.setFaults({ rate: 0.5 });
        const statuses: number[] = [];
        for (let i = 0; i < 12; i += 1) {
          const r = await fetch(`${s.url}/users/712020:x/manage/profile`, {
            headers: { Authorization: `Bearer ${s.credentials.apiKey}` },
          });
          statuses.push(r.status);
        }
        return statuses;
      } finally {
        await s.close();
      }
    };
    const first = await pattern(13);
    expect(await pattern(13)).toEqual(first);
    expect(first).toContain(404);
    expect(first.some((s) => s === 429 || s === 503)).toBe(true);
  });

  it('serves the control plane over HTTP, uncounted, including API tokens', async () => {
    const created = await fetch(`${sim.url}/__control/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'Ivy@Example.com', givenName: 'Ivy' }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const before = sim.stats();

    const token = await fetch(`${sim.url}/__control/users/ivy@example.com/api-tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ label: 'Backup script' }),
    });
    expect(token.status).toBe(201);
    const { id: tokenId } = (await token.json()) as { id: string };
    expect(
      (
        await fetch(`${sim.url}/__control/users/nobody@example.com/api-tokens`, {
          method: 'POST',
          body: JSON.stringify({ label: 'x' }),
        })
      ).status,
    ).toBe(404);

    const read = await fetch(`${sim.url}/__control/users/IVY@example.com`);
    expect(await read.json()).toEqual({
      id,
      email: 'ivy@example.com',
      signInActive: true,
      accountActive: true,
      status: 'active',
      activeSessions: 1,
    });

    const faults = await fetch(`${sim.url}/__control/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rate: 1, kinds: ['rate-limit'] }),
    });
    expect(faults.status).toBe(200);
    expect((await raw(`/users/${id}/manage/api-tokens`)).status).toBe(429);
    await fetch(`${sim.url}/__control/faults`, { method: 'PUT', body: JSON.stringify({ rate: 0 }) });

    const listed = await raw(`/users/${id}/manage/api-tokens`);
    expect(await listed.json()).toEqual([
      { id: tokenId, label: 'Backup script', createdAt: expect.any(String) },
    ]);
    const found = await raw(`${directory}/users/search`, {
      method: 'POST',
      body: JSON.stringify({ emails: ['ivy@example.com'] }),
    });
    expect(await found.json()).toMatchObject({
      data: [
        {
          accountId: id,
          email: 'ivy@example.com',
          status: 'active',
          accountStatus: 'active',
          membershipStatus: 'active',
        },
      ],
    });

    const stats = (await (await fetch(`${sim.url}/__control/stats`)).json()) as Record<string, number>;
    expect(stats).toEqual(sim.stats());
    expect(stats).toEqual({
      requests: before.requests + 3,
      writes: before.writes,
      faults: before.faults + 1,
    });
  });
});

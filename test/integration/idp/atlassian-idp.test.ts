/**
 * What only Atlassian Administration does, against the Atlassian simulator on loopback (the course
 * every provider shares is in idp-adapters.test.ts): suspend/restore answered 200 `{message}` (and
 * the older 204 still taken), the two cuts undone in either order, a sign-in rehire refused while
 * the account is disabled, the X-RateLimit-* headers, the Atlassian-account API tokens listed and
 * revoked once (by the one AtlassianAdmin createIdentityProvider builds), the documented 400 on a
 * search with both emails and searchTerm, and the control plane's API tokens.
 */
import { describe, expect, it } from 'vitest';
import { AtlassianApiTokenAdmin } from '../../../functions/adapters/idp/atlassian-api-tokens.ts';
import { AtlassianIdentityProvider } from '../../../functions/adapters/idp/atlassian-idp.ts';
import { IdpRequestRejectedError, IdpUnavailableError } from '../../../functions/core/errors.ts';
import {
  ATLASSIAN_SIM_DIRECTORY_ID,
  ATLASSIAN_SIM_ORG_ID,
} from '../../../infra/local/simulators/idp/atlassian/atlassian-simulator.ts';
import { failureOf, useIdpStand } from '../../support/idp-test-kit.ts';

const atlassian = useIdpStand('atlassian', { seed: 7 });
const directory = `/admin/v2/orgs/${ATLASSIAN_SIM_ORG_ID}/directories/${ATLASSIAN_SIM_DIRECTORY_ID}`;

describe('Atlassian Administration adapter', () => {
  it('suspends and restores as documented now (200 {message}), and still takes the older 204', async () => {
    const user = await atlassian.seeded('msg@example.com');
    const suspended = await atlassian.raw(`${directory}/users/${encodeURIComponent(user.id)}/suspend`, {
      method: 'POST',
    });
    expect(suspended.status).toBe(200);
    expect(await suspended.json()).toEqual({ message: expect.stringContaining('suspended') });
    const restored = await atlassian.raw(`${directory}/users/${encodeURIComponent(user.id)}/restore`, {
      method: 'POST',
    });
    expect(restored.status).toBe(200);
    expect(await restored.json()).toEqual({ message: expect.stringContaining('restored') });

    // The same adapter against an Atlassian that still answers 204 to suspend/restore.
    const answered: number[] = [];
    const older: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!/\/(suspend|restore)$/.test(String(input))) return response;
      await response.text();
      answered.push(response.status);
      return new Response(null, { status: 204 });
    };
    const legacy = new AtlassianIdentityProvider({
      baseUrl: atlassian.sim.url,
      credentials: atlassian.sim.credentials,
      fetch: older,
    });
    expect(await legacy.deactivate(user, 'sign-in')).toBe('changed');
    expect(await legacy.isDeactivated(user, 'sign-in')).toBe(true);
    expect(await legacy.reactivate(user, 'sign-in')).toBe('changed');
    expect(answered).toEqual([200, 200]);
    expect(await atlassian.idp.deactivate(user, 'sign-in')).toBe('changed');
    expect(atlassian.sim.user('msg@example.com')).toMatchObject({ status: 'suspended', signInActive: false });
  });

  it('goes from a directory suspend to a disabled account, and a rehire undoes both (account first)', async () => {
    const { sim, idp } = atlassian;
    const user = await atlassian.seeded('dan@example.com');
    expect(await idp.deactivate(user, 'sign-in')).toBe('changed');
    expect(await idp.deactivate(user, 'account')).toBe('changed');
    expect(sim.user('dan@example.com')).toMatchObject({ status: 'deactivated', accountActive: false });

    expect(await idp.reactivate(user, 'account')).toBe('changed');
    // The account works again, but the directory suspend still holds.
    expect(sim.user('dan@example.com')).toMatchObject({ status: 'suspended', signInActive: false });
    expect(await idp.isDeactivated(user, 'sign-in')).toBe(true);
    expect(await idp.reactivate(user, 'sign-in')).toBe('changed');
    expect(sim.user('dan@example.com')).toMatchObject({ status: 'active', signInActive: true });
  });

  it('refuses a sign-in rehire that directory restore cannot give while the account is disabled', async () => {
    const user = await atlassian.seeded('fay@example.com');
    expect(await atlassian.idp.deactivate(user, 'account')).toBe('changed');
    const error = await failureOf(atlassian.idp.reactivate(user, 'sign-in'));
    expect(error).toBeInstanceOf(IdpRequestRejectedError);
    expect(error.message).toMatch(/reactivate it at account scope/);
  });

  it('validates the API token admin credentials too', () => {
    expect(() => new AtlassianApiTokenAdmin({ baseUrl: atlassian.sim.url, credentials: {} })).toThrow(
      /apiKey/,
    );
  });

  it('answers 429 with X-RateLimit-* headers (the reset a date), and the token calls map 5xx to IdpUnavailableError', async () => {
    const { sim } = atlassian;
    const user = await atlassian.seeded('gil@example.com');
    try {
      sim.setFaults({ rate: 1, kinds: ['rate-limit'] });
      const answer = await atlassian.raw(`${directory}/users/${user.id}`);
      expect(answer.status).toBe(429);
      expect(answer.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(Date.parse(answer.headers.get('x-ratelimit-reset') ?? '')).toBeGreaterThan(Date.now());

      sim.setFaults({ rate: 1, kinds: ['server'] });
      const down = await failureOf(atlassian.idp.listApiTokens(user.id));
      expect(down).toBeInstanceOf(IdpUnavailableError);
      expect(down.message).toMatch(/503/);
    } finally {
      sim.setFaults({ rate: 0 });
    }
    const served = await atlassian.raw(`${directory}/users/${user.id}`);
    expect(served.headers.get('x-ratelimit-limit')).toBe('1000');
    expect(served.headers.get('x-ratelimit-reset')).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('lists API tokens and revokes each once; a second revoke answers already and writes nothing', async () => {
    const { sim, idp: tokens } = atlassian; // createIdentityProvider's AtlassianAdmin is the token port too
    const user = await atlassian.seeded('dev@example.com');
    const ci = sim.addApiToken('dev@example.com', 'CI pipeline');
    const laptop = sim.addApiToken('dev@example.com', 'Laptop script');
    const listed = await tokens.listApiTokens(user.id);
    expect([...listed].sort((a, b) => a.label.localeCompare(b.label))).toEqual([
      { id: ci, label: 'CI pipeline' },
      { id: laptop, label: 'Laptop script' },
    ]);
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
      (await atlassian.raw(`/users/${user.id}/manage/api-tokens/${listed[0]?.id}`, { method: 'DELETE' }))
        .status,
    ).toBe(404);
    // The same object cuts sign-in, leaving the account.
    expect(await tokens.deactivate(user, 'sign-in')).toBe('changed');
    expect(sim.user('dev@example.com')).toMatchObject({ signInActive: false, accountActive: true });
  });

  it('never reports "no tokens" for an account Atlassian does not know', async () => {
    const error = await failureOf(atlassian.idp.listApiTokens('712020:unknown'));
    expect(error).toBeInstanceOf(IdpRequestRejectedError);
    expect(error.message).toMatch(/does not know that account/);
  });

  it('answers a search with both emails and searchTerm with 400, as Atlassian documents', async () => {
    const both = await atlassian.raw(`${directory}/users/search`, {
      method: 'POST',
      body: JSON.stringify({ emails: ['ana.lima@example.com'], searchTerm: 'ana' }),
    });
    expect(both.status).toBe(400);
    expect(await both.json()).toMatchObject({ errors: [{ status: '400', code: 'invalid-request' }] });
  });

  it('adds API tokens over the control plane, uncounted, and serves them and the user as Atlassian does', async () => {
    const { sim } = atlassian;
    const created = await atlassian.control('/users', 'POST', { email: 'Ivy@Example.com', givenName: 'Ivy' });
    const { id } = (await created.json()) as { id: string };
    const before = sim.stats();

    const token = await atlassian.control('/users/ivy@example.com/api-tokens', 'POST', {
      label: 'Backup script',
    });
    expect(token.status).toBe(201);
    const { id: tokenId } = (await token.json()) as { id: string };
    const nobody = await atlassian.control('/users/nobody@example.com/api-tokens', 'POST', '{"label":"x"}');
    expect(nobody.status).toBe(404);

    expect((await atlassian.control('/faults', 'PUT', { rate: 1, kinds: ['rate-limit'] })).status).toBe(200);
    expect((await atlassian.raw(`/users/${id}/manage/api-tokens`)).status).toBe(429);
    await atlassian.control('/faults', 'PUT', { rate: 0 });

    const listed = await atlassian.raw(`/users/${id}/manage/api-tokens`);
    expect(await listed.json()).toEqual([
      { id: tokenId, label: 'Backup script', createdAt: expect.any(String) },
    ]);
    const found = await atlassian.raw(`${directory}/users/search`, {
      method: 'POST',
      body: JSON.stringify({ emails: ['ivy@example.com'] }),
    });
    expect(await found.json()).toMatchObject({
      data: [
        {
          accountId: id,
          email: 'Ivy@Example.com',
          status: 'active',
          accountStatus: 'active',
          membershipStatus: 'active',
        },
      ],
    });
    expect(sim.stats()).toEqual({
      requests: before.requests + 3,
      writes: before.writes,
      faults: before.faults + 1,
      rateLimited: before.rateLimited,
    });
  });
});

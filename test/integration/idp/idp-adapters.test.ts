/**
 * Every IdP adapter against its own simulator on loopback (the provider's endpoints, auth, error
 * bodies and rate-limit answer): the same behaviour the offboarding steps rely on, whichever
 * provider is configured — lookup, the sign-in cut read back, an idempotent re-cut that writes
 * nothing, the account cut, rehire, and failures mapped to the errors Step Functions retries or
 * stops on. Provider-specific rules follow.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AtlassianAdmin } from '../../../functions/adapters/idp/atlassian-idp.ts';
import { createIdentityProvider } from '../../../functions/adapters/idp/create-identity-provider.ts';
import {
  IdpAuthFailedError,
  IdpRateLimitedError,
  IdpUnavailableError,
} from '../../../functions/core/errors.ts';
import { type IdentityProvider, type IdpKind, IdpKinds } from '../../../functions/ports/identity-provider.ts';
import { startAtlassianSimulator } from '../../../infra/local/simulators/idp/atlassian/atlassian-simulator.ts';
import type { IdpSimulator } from '../../../infra/local/simulators/idp/idp-simulator.ts';
import { startIdpSimulatorOf } from '../../../infra/local/simulators/idp/start-idp-simulator.ts';

async function adapterFor(
  sim: IdpSimulator,
  credentials: unknown = sim.credentials,
): Promise<IdentityProvider> {
  const { idp } = await createIdentityProvider({
    kind: sim.kind,
    baseUrl: sim.url,
    credentials: { json: JSON.stringify(credentials) },
    scope: 'sign-in',
  });
  if (!idp) throw new Error('no adapter');
  return idp;
}

describe.each(IdpKinds.map((kind) => [kind]))('%s adapter', (kind: IdpKind) => {
  let sim: IdpSimulator;
  let idp: IdentityProvider;
  beforeAll(async () => {
    sim = await startIdpSimulatorOf(kind, { seed: 5 });
    idp = await adapterFor(sim);
  });
  afterAll(() => sim?.close());

  it('finds a user by email in any case, and null for someone it does not know', async () => {
    const id = sim.addUser({ email: 'ana.lima@example.com' });
    expect(await idp.findUser('Ana.Lima@Example.com')).toMatchObject({
      id,
      email: 'ana.lima@example.com',
      active: true,
    });
    expect(await idp.findUser('nobody@example.com')).toBeNull();
  });

  it('cuts sign-in and reads it back; a second cut changes nothing', async () => {
    sim.addUser({ email: 'bo@example.com' });
    const user = await idp.findUser('bo@example.com');
    if (!user) throw new Error('seeded user not found');
    expect(await idp.deactivate(user, 'sign-in')).toBe('changed');
    expect(sim.user('bo@example.com')).toMatchObject({ signInActive: false, activeSessions: 0 });
    expect(await idp.isDeactivated(user, 'sign-in')).toBe(true);
    const writes = sim.stats().writes;
    expect(await idp.deactivate(user, 'sign-in')).toBe('already');
    expect(sim.stats().writes).toBe(writes);
    expect(await idp.reactivate(user, 'sign-in')).toBe('changed');
    expect(sim.user('bo@example.com')?.signInActive).toBe(true);
  });

  it('cuts the whole account at account scope, says what that means, and undoes it', async () => {
    sim.addUser({ email: 'cy@example.com' });
    const user = await idp.findUser('cy@example.com');
    if (!user) throw new Error('seeded user not found');
    expect(await idp.deactivate(user, 'account')).toBe('changed');
    expect(sim.user('cy@example.com')?.accountActive).toBe(false);
    expect(await idp.isDeactivated(user, 'account')).toBe(true);
    expect(idp.blastRadius('account').length).toBeGreaterThan(40);
    expect(await idp.reactivate(user, 'account')).toBe('changed');
    expect(sim.user('cy@example.com')?.accountActive).toBe(true);
  });

  it('maps refused credentials, the rate-limit answer and 5xx to the named errors', async () => {
    const wrong = await adapterFor(
      sim,
      Object.fromEntries(Object.keys(sim.credentials).map((k) => [k, 'wrong'])),
    );
    const refused = await wrong.findUser('ana.lima@example.com').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(IdpAuthFailedError);
    expect((refused as Error).message).not.toMatch(/wrong/);
    sim.setFaults({ rate: 1, kinds: ['rate-limit'] });
    expect(await idp.findUser('ana.lima@example.com').catch((e: unknown) => e)).toBeInstanceOf(
      IdpRateLimitedError,
    );
    sim.setFaults({ rate: 1, kinds: ['server'] });
    expect(await idp.findUser('ana.lima@example.com').catch((e: unknown) => e)).toBeInstanceOf(
      IdpUnavailableError,
    );
    sim.setFaults({ rate: 0 });
  });
});

describe('provider rules', () => {
  it('Google answers its rate limit with 403 userRateLimitExceeded, which is retried like a 429', async () => {
    const sim = await startIdpSimulatorOf('google');
    try {
      sim.setFaults({ rate: 1, kinds: ['rate-limit'] });
      const raw = await fetch(`${sim.url}/admin/directory/v1/users/x@example.com`);
      expect(raw.status).toBe(403);
      expect(
        ((await raw.json()) as { error: { errors: Array<{ reason: string }> } }).error.errors[0]?.reason,
      ).toBe('userRateLimitExceeded');
      const idp = await adapterFor(sim);
      expect(await idp.findUser('x@example.com').catch((e: unknown) => e)).toBeInstanceOf(
        IdpRateLimitedError,
      );
    } finally {
      await sim.close();
    }
  });

  it('Atlassian: directory suspend at sign-in scope leaves the account; API tokens are listed and revoked once', async () => {
    const sim = await startAtlassianSimulator();
    try {
      sim.addUser({ email: 'dev@example.com' });
      sim.addApiToken('dev@example.com', 'CI pipeline');
      sim.addApiToken('dev@example.com', 'Laptop script');
      const { idp, atlassianTokens } = await createIdentityProvider({
        kind: 'atlassian',
        baseUrl: sim.url,
        credentials: { json: JSON.stringify(sim.credentials) },
        scope: 'sign-in',
      });
      expect(idp).toBeInstanceOf(AtlassianAdmin);
      const user = await idp?.findUser('dev@example.com');
      if (!user || !atlassianTokens) throw new Error('setup failed');
      await idp?.deactivate(user, 'sign-in');
      expect(sim.user('dev@example.com')).toMatchObject({ signInActive: false, accountActive: true });
      expect(await idp?.isDeactivated(user, 'account')).toBe(false);

      const tokens = await atlassianTokens.listApiTokens(user.id);
      expect(tokens.map((t) => t.label).sort()).toEqual(['CI pipeline', 'Laptop script']);
      for (const token of tokens)
        expect(await atlassianTokens.revokeApiToken(user.id, token.id)).toBe('revoked');
      expect(await atlassianTokens.revokeApiToken(user.id, tokens[0]?.id ?? '')).toBe('already');
      expect(sim.apiTokens('dev@example.com')).toEqual([]);
    } finally {
      await sim.close();
    }
  });

  it('refuses credentials of the wrong shape at start, naming what the secret must hold', async () => {
    const error = await createIdentityProvider({
      kind: 'scim',
      baseUrl: 'http://127.0.0.1:9',
      credentials: { json: '{"token":"x"}' },
      scope: 'sign-in',
    }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/scim credentials are invalid.*bearerToken/);
  });
});

/**
 * What only Microsoft Graph does, against the Entra simulator on loopback (the course every
 * provider shares, and the token course Entra shares with Google, are in idp-adapters.test.ts):
 * lookup with quotes escaped in `$filter`, one Graph request per lookup, Graph's `$select`, PATCH
 * and revokeSignInSessions answers; then the client credentials grant's own failures — an issued
 * token expiring, an app without the permissions, a wrong secret, and an unknown app or tenant —
 * each named without the secret.
 */
import { describe, expect, it } from 'vitest';
import { EntraIdentityProvider } from '../../../functions/adapters/idp/entra-idp.ts';
import { IdpAuthFailedError } from '../../../functions/core/errors.ts';
import { failureOf, frozenClock, useIdpStand } from '../../support/idp-test-kit.ts';

const entra = useIdpStand('entra', { seed: 4 });

describe('Entra adapter', () => {
  it('finds a user whose address holds a quote (escaped in $filter), with one Graph request', async () => {
    const quoted = entra.sim.addUser({ email: "o'neil@example.com" });
    const before = entra.sim.stats().requests;
    expect(await entra.idp.findUser("O'Neil@example.com")).toMatchObject({ id: quoted });
    expect(entra.sim.stats().requests).toBe(before + 1);
  });

  it('behaves like Graph: accountEnabled only with $select, PATCH 204, revoke 200 {value:true}', async () => {
    const id = entra.sim.addUser({ email: 'dee@example.com' });
    const plain = (await (await entra.raw(`/users/${id}`)).json()) as Record<string, unknown>;
    expect(plain).toMatchObject({ id, mail: 'dee@example.com', userPrincipalName: 'dee@example.com' });
    expect(plain).not.toHaveProperty('accountEnabled');
    const selected = await (await entra.raw(`/users/dee@example.com?$select=id,accountEnabled`)).json();
    expect(selected).toMatchObject({ id, accountEnabled: true });

    const patched = await entra.raw(`/users/${id}`, {
      method: 'PATCH',
      body: JSON.stringify({ accountEnabled: 'no' }),
    });
    expect(patched.status).toBe(400);
    expect(await patched.json()).toMatchObject({ error: { code: 'Request_BadRequest' } });
    const revoked = await entra.raw(`/users/${id}/revokeSignInSessions`, { method: 'POST' });
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toMatchObject({ value: true });
  });
});

describe('Entra adapter with client credentials (Lanyard obtains the tokens)', () => {
  const withSecret = (overrides: Record<string, string> = {}) =>
    entra.adapter({ ...entra.sim.longLivedCredentials, ...overrides });
  const tokenRequests = () => entra.sim.tokens.stats.requests;

  it("answers an expired issued token with Graph's 401 InvalidAuthenticationToken", async () => {
    const { sim } = entra;
    const clock = frozenClock();
    sim.tokens.set({ lifetimeSeconds: 1 });
    try {
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
      clock.advance(1_050);
      const expired = await read();
      expect(expired.status).toBe(401);
      expect(await expired.json()).toMatchObject({ error: { code: 'InvalidAuthenticationToken' } });
    } finally {
      sim.tokens.set({ lifetimeSeconds: 3599 });
    }
  });

  it('a 401 again with a fresh token is IdpAuthFailedError about the permissions, after one renewal only', async () => {
    // Graph refuses every token it is sent (as for an app without the permissions); the token endpoint works.
    const graphRefuses: typeof fetch = (input, init) =>
      String(input).includes('/oauth2/v2.0/token')
        ? fetch(input, init)
        : fetch(input, { ...init, headers: { ...(init?.headers as object), Authorization: 'Bearer none' } });
    const idp = new EntraIdentityProvider({
      baseUrl: entra.sim.url,
      credentials: entra.sim.longLivedCredentials,
      fetch: graphRefuses,
    });
    const before = tokenRequests();
    const error = await failureOf(idp.findUser('fay@example.com'));
    expect(error).toBeInstanceOf(IdpAuthFailedError);
    expect(error.message).toMatch(/InvalidAuthenticationToken.*freshly issued.*User\.Read\.All/);
    expect(error.message).not.toMatch(/token in the IdP credentials secret is current/);
    expect(tokenRequests()).toBe(before + 2);
  });

  it('a wrong client secret is IdpAuthFailedError naming clientSecret, never the secret', async () => {
    const wrongSecret = 'wrong8Q~not-the-registered-secret-0123';
    const error = await failureOf(
      (await withSecret({ clientSecret: wrongSecret })).findUser('fay@example.com'),
    );
    expect(error).toBeInstanceOf(IdpAuthFailedError);
    expect(error.message).toMatch(/Entra token endpoint.*401.*invalid_client.*AADSTS7000215/);
    expect(error.message).toMatch(/Check clientSecret in the IdP credentials secret/);
    expect(error.message).not.toContain(wrongSecret);
    expect(error.message).not.toContain(entra.sim.longLivedCredentials.clientSecret);
  });

  it('an unknown app or tenant names the fields to check', async () => {
    const app = await withSecret({ clientId: '11111111-1111-4111-a111-111111111111' });
    const unknownApp = await failureOf(app.findUser('fay@example.com'));
    expect(unknownApp).toBeInstanceOf(IdpAuthFailedError);
    expect(unknownApp.message).toMatch(/unauthorized_client.*Check clientId and tenantId/);
    const tenant = await withSecret({ tenantId: 'contoso.example' });
    const unknownTenant = await failureOf(tenant.findUser('fay@example.com'));
    expect(unknownTenant).toBeInstanceOf(IdpAuthFailedError);
    expect(unknownTenant.message).toMatch(/invalid_request.*AADSTS90002.*Check tenantId/);
  });
});

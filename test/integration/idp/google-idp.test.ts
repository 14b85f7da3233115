/**
 * What only Google Workspace does, against the Google Directory simulator on loopback (the course
 * every provider shares, and the token course Google shares with Entra, are in
 * idp-adapters.test.ts): lookup by alias, `suspensionReason` shown only while suspended, a rehire of
 * a user Google no longer has, PATCH as well as PUT, Google's three rate-limit answers (403
 * userRateLimitExceeded first), Google's user ids and user resource; then the service account's
 * own failures — a wrong key, a subject that is not an admin, an unknown service account, a
 * private_key that is not a PEM key — each named without the key or the assertion.
 */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GoogleIdentityProvider } from '../../../functions/adapters/idp/google-idp.ts';
import {
  ConfigInvalidError,
  IdpAuthFailedError,
  IdpRateLimitedError,
  IdpRequestRejectedError,
} from '../../../functions/core/errors.ts';
import type { IdpUser } from '../../../functions/ports/identity-provider.ts';
import { GOOGLE_RATE_LIMIT_ANSWERS } from '../../../infra/local/simulators/idp/google/google-simulator.ts';
import { failureOf, useIdpStand } from '../../support/idp-test-kit.ts';

const google = useIdpStand('google', { seed: 6 });

describe('Google Workspace adapter', () => {
  it('finds a user by an alias, as the user of the primary email', async () => {
    const id = google.sim.addUser({ email: 'ana.lima@example.com' });
    google.sim.addAlias('ana.lima@example.com', 'ana@example.com');
    expect(await google.idp.findUser('ana@example.com')).toMatchObject({ id, email: 'ana.lima@example.com' });
  });

  it('shows suspended with suspensionReason ADMIN after the sign-in cut, and no reason after rehire', async () => {
    const user = await google.seeded('bo@example.com');
    const served = async () =>
      (await (await google.raw(`/admin/directory/v1/users/${user.id}`)).json()) as Record<string, unknown>;
    expect(await google.idp.deactivate(user, 'sign-in')).toBe('changed');
    expect(await served()).toMatchObject({ suspended: true, suspensionReason: 'ADMIN' });
    expect(await google.idp.reactivate(user, 'sign-in')).toBe('changed');
    const unsuspended = await served();
    expect(unsuspended.suspended).toBe(false);
    expect(unsuspended).not.toHaveProperty('suspensionReason');
  });

  it('refuses to reactivate a user Google no longer has', async () => {
    const gone: IdpUser = {
      id: '100000000000000000042',
      email: 'gone@example.com',
      active: false,
      status: '',
    };
    expect(await google.idp.isDeactivated(gone, 'sign-in')).toBe(true);
    expect(await google.idp.deactivate(gone, 'sign-in')).toBe('already');
    const error = await failureOf(google.idp.reactivate(gone, 'sign-in'));
    expect(error).toBeInstanceOf(IdpRequestRejectedError);
    expect(error.message).toMatch(/no longer has the user/);
  });

  it('serves PATCH as well as PUT, rejects a bad body with 400 invalid, and counts only real changes', async () => {
    const { sim } = google;
    const id = sim.addUser({ email: 'dee@example.com' });
    const patch = (body: string) =>
      google.raw(`/admin/directory/v1/users/dee@example.com`, { method: 'PATCH', body });
    const before = sim.stats().writes;
    const bad = await patch('{"suspended":"yes"}');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 400, errors: [{ reason: 'invalid' }] } });
    const suspended = await patch('{"suspended":true}');
    expect(suspended.status).toBe(200);
    expect(await suspended.json()).toMatchObject({ id, suspended: true });
    expect(sim.stats().writes).toBe(before + 1);
    expect((await patch('{"suspended":true}')).status).toBe(200);
    expect(sim.stats().writes).toBe(before + 1);
    const missing = await google.raw('/admin/directory/v1/users/nobody@example.com');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 404, errors: [{ reason: 'notFound' }] } });
  });

  it("maps each of Google's rate-limit answers (403 userRateLimitExceeded, 403 rateLimitExceeded, 429) to IdpRateLimitedError", async () => {
    const { sim } = google;
    const user = await google.seeded('eve@example.com');
    try {
      sim.setFaults({ rate: 1, kinds: ['rate-limit'] });
      const seen: string[] = [];
      for (const answer of GOOGLE_RATE_LIMIT_ANSWERS) {
        const limited = await failureOf(google.idp.deactivate(user, 'sign-in'));
        expect(limited).toBeInstanceOf(IdpRateLimitedError);
        expect(limited.message).toContain(`answered ${answer.status} (${answer.reason}`);
        seen.push(`${answer.status} ${answer.reason}`);
      }
      expect(seen).toEqual(['403 userRateLimitExceeded', '403 rateLimitExceeded', '429 rateLimitExceeded']);

      // The turn comes round again: Google's usual answer, a 403 that is not a refusal.
      const raw = await fetch(`${sim.url}/admin/directory/v1/users/x@example.com`);
      expect(raw.status).toBe(403);
      expect(
        ((await raw.json()) as { error: { errors: Array<{ reason: string }> } }).error.errors[0]?.reason,
      ).toBe('userRateLimitExceeded');
    } finally {
      sim.setFaults({ rate: 0 });
    }
    expect(sim.user('eve@example.com')?.signInActive).toBe(true);
  });

  it("gives users Google's 21-digit ids and serves them as Directory user resources", async () => {
    const created = await google.control('/users', 'POST', {
      email: 'Gus@Example.com',
      givenName: 'Gus',
      familyName: 'Grey',
    });
    const { id } = (await created.json()) as { id: string };
    expect(id).toMatch(/^\d{21}$/);
    const served = await google.raw(`/admin/directory/v1/users/gus@example.com`);
    expect(served.status).toBe(200);
    expect(await served.json()).toMatchObject({
      kind: 'admin#directory#user',
      id,
      primaryEmail: 'gus@example.com',
      name: { givenName: 'Gus', familyName: 'Grey' },
      suspended: false,
    });
  });
});

describe('Google Workspace adapter with a service account (Lanyard obtains the tokens)', () => {
  const withKey = (overrides: Record<string, string> = {}) =>
    google.adapter({ ...google.sim.longLivedCredentials, ...overrides });

  it('a wrong private key is IdpAuthFailedError naming private_key, never the key or the assertion', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const error = await failureOf((await withKey({ private_key: other })).findUser('fay@example.com'));
    expect(error).toBeInstanceOf(IdpAuthFailedError);
    expect(error.message).toMatch(/Google token endpoint.*400.*invalid_grant: Invalid JWT Signature/);
    expect(error.message).toMatch(/Check private_key in the IdP credentials secret/);
    const keyBody = (pem: string) => pem.split('\n')[1] ?? pem;
    expect(error.message).not.toContain(keyBody(other));
    expect(error.message).not.toContain(keyBody(google.sim.longLivedCredentials.private_key));
    expect(error.message).not.toMatch(/eyJ/); // no JWT
  });

  it('a subject that is not an admin, or an unknown service account, names the fields to check', async () => {
    const notAdmin = await withKey({ subject: 'someone@example.com' });
    const subject = await failureOf(notAdmin.findUser('fay@example.com'));
    expect(subject).toBeInstanceOf(IdpAuthFailedError);
    expect(subject.message).toMatch(/invalid_grant: Invalid email or User ID.*subject/);
    const unknown = await withKey({ client_email: 'other@lanyard-local.iam.gserviceaccount.com' });
    const issuer = await failureOf(unknown.findUser('fay@example.com'));
    expect(issuer).toBeInstanceOf(IdpAuthFailedError);
    expect(issuer.message).toMatch(/401.*invalid_client.*client_email/);
  });

  it('refuses a private_key that is not a PEM key, naming the field, not the value', () => {
    const notPem = () =>
      new GoogleIdentityProvider({
        baseUrl: google.sim.url,
        credentials: { ...google.sim.longLivedCredentials, private_key: 'pk-value-xyz-not-a-pem' },
      });
    expect(notPem).toThrow(ConfigInvalidError);
    expect(notPem).toThrow(/private_key .*not an RSA private key in PEM form/);
    expect(notPem).not.toThrow(/value-xyz/);
  });
});

/**
 * Every IdP adapter against its own simulator on loopback (no mocks; the provider's endpoints,
 * auth, error bodies and rate-limit answer): the course the offboarding and rehire steps rely on,
 * whichever provider is configured — lookup in any case, the sign-in cut read back, an idempotent
 * re-cut that writes nothing, rehire, the account cut and what it means, refused and malformed
 * credentials, the rate-limit answer and outages mapped to the errors Step Functions retries or
 * stops on, seeded faults, and the simulator's HTTP control plane. Then the course of the adapters
 * that obtain their own tokens (Entra, Google). What only one provider does is in its own file.
 */
import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import { AtlassianCredentials } from '../../../functions/adapters/idp/atlassian-idp.ts';
import { createIdentityProvider } from '../../../functions/adapters/idp/create-identity-provider.ts';
import { EntraCredentials } from '../../../functions/adapters/idp/entra-idp.ts';
import { GoogleCredentials } from '../../../functions/adapters/idp/google-idp.ts';
import { OktaCredentials } from '../../../functions/adapters/idp/okta-idp.ts';
import { ScimCredentials } from '../../../functions/adapters/idp/scim-idp.ts';
import {
  ConfigInvalidError,
  IdpAuthFailedError,
  IdpRateLimitedError,
  IdpUnavailableError,
} from '../../../functions/core/errors.ts';
import { type IdpKind, IdpKinds, type IdpScope } from '../../../functions/ports/identity-provider.ts';
import { ENTRA_RETRY_AFTER_SECONDS } from '../../../infra/local/simulators/idp/entra/entra-simulator.ts';
import { SCIM_RETRY_AFTER_SECONDS } from '../../../infra/local/simulators/idp/scim/scim-simulator.ts';
import {
  ADAPTER_CLASSES,
  failureOf,
  frozenClock,
  startIdpStand,
  useIdpStand,
} from '../../support/idp-test-kit.ts';

/** What differs between providers along the shared course. */
interface Provider {
  seed: number;
  /** The provider's own status word for an active user. */
  active: string;
  /**
   * What a cut at each scope leaves: the status word, whether the account stays alive (not with
   * one switch for both scopes), and the writes it takes (ending sessions may be its own call).
   */
  cut: Record<IdpScope, { status: string; accountActive: boolean; writes: number }>;
  /** An id of the provider's shape that it does not have. */
  unknownId: string;
  blastRadius: { 'sign-in': RegExp; account: RegExp | 'same as sign-in' };
  /**
   * The field holding the secret, a wrong value for it (after the vendor's prefix, if any: the
   * part that must not be echoed), and what the refusal says.
   */
  refused: { field: string; prefix?: string; wrong: string; says: RegExp };
  /** The credentials schema, shapes it refuses, and the fields the refusal names. */
  credentials: { schema: z.ZodType; refused: unknown[]; names: RegExp };
  rateLimit: { says: RegExp; retryAfter: number | 'from the reset header' | 'not given' };
  server: { status: number; says: RegExp };
  /** An API path for a user the provider does not have (404). */
  unknownUserPath: string;
  /** What an injected fault answers. */
  faultStatuses: number[];
}

const PROVIDERS: Record<IdpKind, Provider> = {
  okta: {
    seed: 3,
    active: 'ACTIVE',
    cut: {
      'sign-in': { status: 'SUSPENDED', accountActive: true, writes: 2 }, // suspend + clear sessions
      account: { status: 'DEPROVISIONED', accountActive: false, writes: 2 }, // clear sessions + deactivate
    },
    unknownId: '00unknown',
    blastRadius: { 'sign-in': /suspend/, account: /deprovisioned from every app/ },
    refused: { field: 'apiToken', wrong: 'not-the-token', says: /E0000011/ },
    credentials: { schema: OktaCredentials, refused: [{ apiToken: '' }, { token: 'x' }], names: /apiToken/ },
    rateLimit: { says: /E0000047/, retryAfter: 'from the reset header' },
    server: { status: 500, says: /500/ },
    unknownUserPath: '/api/v1/users/x',
    faultStatuses: [429, 500],
  },
  entra: {
    seed: 4,
    active: 'accountEnabled: true',
    cut: {
      // PATCH accountEnabled + revokeSignInSessions, at both scopes (one switch)
      'sign-in': { status: 'accountEnabled: false', accountActive: false, writes: 2 },
      account: { status: 'accountEnabled: false', accountActive: false, writes: 2 },
    },
    unknownId: '00000000-0000-4000-a000-000000000000',
    blastRadius: { 'sign-in': /no narrower cut/, account: 'same as sign-in' },
    refused: { field: 'accessToken', wrong: 'expired-token', says: /InvalidAuthenticationToken/ },
    credentials: { schema: EntraCredentials, refused: [{}], names: /accessToken/ },
    rateLimit: { says: /TooManyRequests/, retryAfter: ENTRA_RETRY_AFTER_SECONDS },
    server: { status: 503, says: /503.*serviceNotAvailable/ },
    unknownUserPath: '/users/x@example.com',
    faultStatuses: [429, 503],
  },
  google: {
    seed: 6,
    active: 'suspended: false',
    cut: {
      // suspend + signOut, at both scopes (one switch)
      'sign-in': { status: 'suspended: true', accountActive: false, writes: 2 },
      account: { status: 'suspended: true', accountActive: false, writes: 2 },
    },
    unknownId: '999999999999999999999',
    blastRadius: { 'sign-in': /same suspension/, account: /same suspension as sign-in/ },
    refused: { field: 'accessToken', prefix: 'ya29.', wrong: 'not-the-token', says: /401.*authError/ },
    credentials: {
      schema: GoogleCredentials,
      refused: [{ accessToken: '' }, { token: 'x' }],
      names: /accessToken/,
    },
    // Which of its three answers comes depends on the turn (google-idp.test.ts takes all three).
    rateLimit: {
      says: /answered (403|429) \((userRateLimitExceeded|rateLimitExceeded)/,
      retryAfter: 'not given',
    },
    server: { status: 503, says: /503.*backendError/ },
    unknownUserPath: '/admin/directory/v1/users/x@example.com',
    faultStatuses: [403, 429, 503],
  },
  atlassian: {
    seed: 7,
    active: 'active',
    cut: {
      'sign-in': { status: 'suspended', accountActive: true, writes: 1 }, // directory suspend
      account: { status: 'deactivated', accountActive: false, writes: 1 }, // lifecycle disable
    },
    unknownId: '712020:unknown',
    blastRadius: {
      'sign-in': /this organization's apps/,
      account: /Jira, Confluence.*every other Atlassian product/,
    },
    refused: { field: 'apiKey', prefix: 'ATCTT3x-', wrong: 'not-the-key', says: /401.*unauthorized/ },
    credentials: {
      schema: AtlassianCredentials,
      refused: [{ apiKey: 'k', orgId: 'o' }, { apiKey: 'x' }],
      names: /orgId.*directoryId/,
    },
    rateLimit: { says: /429.*too-many-requests/, retryAfter: 'from the reset header' },
    server: { status: 503, says: /503/ },
    unknownUserPath: '/users/712020:x/manage/profile',
    faultStatuses: [429, 503],
  },
  scim: {
    seed: 5,
    active: 'active: true',
    cut: {
      // PatchOp active=false, at both scopes (one switch)
      'sign-in': { status: 'active: false', accountActive: false, writes: 1 },
      account: { status: 'active: false', accountActive: false, writes: 1 },
    },
    unknownId: 'no-such-id',
    blastRadius: { 'sign-in': /service provider decides/, account: 'same as sign-in' },
    refused: { field: 'bearerToken', wrong: 'stale-token', says: /401/ },
    credentials: { schema: ScimCredentials, refused: [{ token: 'x' }, 'x'], names: /bearerToken/ },
    rateLimit: { says: /429/, retryAfter: SCIM_RETRY_AFTER_SECONDS },
    server: { status: 503, says: /503/ },
    unknownUserPath: '/Users/x',
    faultStatuses: [429, 503],
  },
};

describe.each(IdpKinds.map((kind) => [kind]))('%s adapter', (kind: IdpKind) => {
  const p = PROVIDERS[kind];
  const stand = useIdpStand(kind, { seed: p.seed });

  it('is what createIdentityProvider builds from the secret, with the API token port for Atlassian only', async () => {
    const built = await createIdentityProvider({
      kind,
      baseUrl: stand.sim.url,
      credentials: { json: JSON.stringify(stand.sim.credentials) },
      scope: 'sign-in',
    });
    expect(built.idp).toBeInstanceOf(ADAPTER_CLASSES[kind]);
    expect(built.atlassianTokens).toBe(kind === 'atlassian' ? built.idp : null);
  });

  it('finds a user by email in any case and reads them by id; null for someone the provider does not know', async () => {
    const id = stand.sim.addUser({ email: 'ana.lima@example.com' });
    const ana = { id, email: 'ana.lima@example.com', active: true, status: p.active };
    expect(await stand.idp.findUser('Ana.LIMA@Example.COM')).toEqual(ana);
    expect(await stand.idp.getUser(id)).toEqual(ana);
    expect(await stand.idp.findUser('nobody@example.com')).toBeNull();
    expect(await stand.idp.getUser(p.unknownId)).toBeNull();
  });

  it.each(['sign-in', 'account'] as const)(
    'cuts at %s scope and ends the sessions, reads it back, and a second cut writes nothing; rehire likewise',
    async (scope) => {
      const { sim, idp } = stand;
      const cut = p.cut[scope];
      const email = `${scope}.leaver@example.com`;
      const user = await stand.seeded(email);
      expect(sim.user(email)?.activeSessions).toBe(1);
      const before = sim.stats().writes;
      expect(await idp.deactivate(user, scope)).toBe('changed');
      expect(sim.stats().writes).toBe(before + cut.writes);
      expect(sim.user(email)).toEqual({
        id: user.id,
        email,
        status: cut.status,
        signInActive: false,
        accountActive: cut.accountActive,
        activeSessions: 0,
      });
      expect(await idp.isDeactivated(user, 'sign-in')).toBe(true);
      expect(await idp.isDeactivated(user, 'account')).toBe(!cut.accountActive);
      expect(await idp.getUser(user.id)).toMatchObject({ active: false, status: cut.status });

      const writes = sim.stats().writes;
      expect(await idp.deactivate(user, scope)).toBe('already');
      expect(await idp.deactivate(user, 'sign-in')).toBe('already');
      expect(sim.stats().writes).toBe(writes);

      expect(await idp.reactivate(user, scope)).toBe('changed');
      expect(sim.user(email)).toMatchObject({ status: p.active, signInActive: true, accountActive: true });
      expect(await idp.isDeactivated(user, scope)).toBe(false);
      const afterRehire = sim.stats().writes;
      expect(await idp.reactivate(user, scope)).toBe('already');
      expect(sim.stats().writes).toBe(afterRehire);
    },
  );

  it('says what each scope cuts, for the approver to read', () => {
    const { idp } = stand;
    expect(idp.blastRadius('sign-in')).toMatch(p.blastRadius['sign-in']);
    if (p.blastRadius.account === 'same as sign-in')
      expect(idp.blastRadius('account')).toBe(idp.blastRadius('sign-in'));
    else expect(idp.blastRadius('account')).toMatch(p.blastRadius.account);
    expect(idp.blastRadius('account').length).toBeGreaterThan(40);
  });

  it('maps refused credentials to IdpAuthFailedError without echoing any secret', async () => {
    const { sim } = stand;
    const secret = sim.credentials[p.refused.field] ?? '';
    expect(secret).not.toBe('');
    const { field, prefix = '', wrong: value } = p.refused;
    const wrong = await stand.adapter({ ...sim.credentials, [field]: `${prefix}${value}` });
    const refused = await failureOf(wrong.findUser('ana.lima@example.com'));
    expect(refused).toBeInstanceOf(IdpAuthFailedError);
    expect(refused.message).toMatch(p.refused.says);
    expect(refused.message).not.toContain(value);
    expect(refused.message).not.toContain(secret);

    const allWrong = await stand.adapter(
      Object.fromEntries(Object.keys(sim.credentials).map((k) => [k, 'wrong'])),
    );
    const again = await failureOf(allWrong.findUser('ana.lima@example.com'));
    expect(again).toBeInstanceOf(IdpAuthFailedError);
    expect(again.message).not.toMatch(/wrong/);
  });

  it('refuses credentials of the wrong shape at start, naming what the secret must hold', async () => {
    const { schema, refused, names } = p.credentials;
    expect(schema.safeParse(stand.sim.credentials).success).toBe(true);
    for (const credentials of refused) {
      expect(schema.safeParse(credentials).success).toBe(false);
      expect(() => new ADAPTER_CLASSES[kind]({ baseUrl: stand.sim.url, credentials })).toThrow(names);
      if (typeof credentials !== 'object') continue; // the secret is JSON of an object: checked before
      const error = await failureOf(stand.adapter(credentials));
      expect(error).toBeInstanceOf(ConfigInvalidError);
      expect(error.message).toMatch(new RegExp(`The ${kind} credentials are invalid.*${names.source}`));
    }
  });

  it('maps the rate-limit answer, 5xx and a dropped connection to the named errors, writing nothing', async () => {
    const { sim, idp } = stand;
    const user = await stand.seeded('gil@example.com');
    try {
      sim.setFaults({ rate: 1, kinds: ['rate-limit'] });
      const limited = await failureOf(idp.findUser('ana.lima@example.com'));
      expect(limited).toBeInstanceOf(IdpRateLimitedError);
      expect(limited.message).toMatch(p.rateLimit.says);
      const wait = (limited as IdpRateLimitedError).retryAfterSeconds;
      if (typeof p.rateLimit.retryAfter === 'number') expect(wait).toBe(p.rateLimit.retryAfter);
      else if (p.rateLimit.retryAfter === 'from the reset header') {
        expect(wait).toBeGreaterThan(0);
        expect(wait).toBeLessThanOrEqual(60);
      } else expect(wait).toBeUndefined();
      expect(await failureOf(idp.deactivate(user, 'sign-in'))).toBeInstanceOf(IdpRateLimitedError);

      sim.setFaults({ rate: 1, kinds: ['server'] });
      const down = await failureOf(idp.findUser('ana.lima@example.com'));
      expect(down).toBeInstanceOf(IdpUnavailableError);
      expect(down.message).toMatch(p.server.says);

      // A connection closed unanswered (the provider timing out) is unavailability too.
      sim.setFaults({ rate: 1, kinds: ['dropped'] });
      expect(await failureOf(idp.findUser('ana.lima@example.com'))).toBeInstanceOf(IdpUnavailableError);
      expect(await failureOf(idp.deactivate(user, 'sign-in'))).toBeInstanceOf(IdpUnavailableError);
    } finally {
      sim.setFaults({ rate: 0 });
    }
    expect(sim.user('gil@example.com')?.signInActive).toBe(true);
  });

  it('injects the same faults for the same seed', async () => {
    const pattern = async (seed: number) => {
      const other = await startIdpStand(kind, { seed });
      try {
        other.sim.setFaults({ rate: 0.5 });
        const statuses: number[] = [];
        for (let i = 0; i < 12; i += 1) statuses.push((await other.raw(p.unknownUserPath)).status);
        return statuses;
      } finally {
        await other.close();
      }
    };
    const first = await pattern(11);
    expect(await pattern(11)).toEqual(first);
    expect(first).toContain(404);
    expect(first.some((s) => p.faultStatuses.includes(s))).toBe(true);
    expect(first.every((s) => s === 404 || p.faultStatuses.includes(s))).toBe(true);
  });

  it('serves the control plane over HTTP without counting it', async () => {
    const { sim } = stand;
    const created = await stand.control('/users', 'POST', {
      email: 'Gus@Example.com',
      givenName: 'Gus',
      familyName: 'Grey',
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const before = sim.stats();

    expect(await (await stand.control('/users/GUS@example.com')).json()).toEqual({
      id,
      email: 'Gus@Example.com', // kept in the case it was given; looked up in any case
      signInActive: true,
      accountActive: true,
      status: p.active,
      activeSessions: 1,
    });
    expect((await stand.control('/users/nobody@example.com')).status).toBe(404);
    expect((await stand.control('/users', 'POST', '{}')).status).toBe(400);
    expect((await stand.control('/faults', 'PUT', '{"rate":2}')).status).toBe(400);

    expect((await stand.control('/faults', 'PUT', { rate: 1, kinds: ['server'] })).status).toBe(200);
    expect((await stand.raw(p.unknownUserPath)).status).toBe(p.server.status);
    expect((await stand.control('/faults', 'PUT', { rate: 0 })).status).toBe(200);

    const stats = await (await stand.control('/stats')).json();
    expect(stats).toEqual(sim.stats());
    expect(stats).toEqual({
      requests: before.requests + 1,
      writes: before.writes,
      faults: before.faults + 1,
      rateLimited: before.rateLimited,
    });
  });
});

/** The adapters that obtain their own tokens from long-lived credentials, and what of them differs. */
const RENEWING = {
  entra: {
    secret: (c: Record<string, string>) => c.clientSecret ?? '',
    unreachable: { authorityBaseUrl: 'http://127.0.0.1:9' },
    partial: { tenantId: 'tenant-value-xyz', clientId: 'client-value-xyz' },
    names: /"tenantId", "clientId", "clientSecret".*accessToken/,
  },
  google: {
    // The key's first line of base64, not its PEM armour.
    secret: (c: Record<string, string>) => c.private_key?.split('\n')[1] ?? '',
    unreachable: { token_uri: 'http://127.0.0.1:9/token' },
    partial: { client_email: 'sa-value-xyz@example.com', private_key: 'pk-value-xyz' },
    names: /"client_email" and "private_key".*"subject".*accessToken/,
  },
} as const;

describe.each(['entra', 'google'] as const)(
  '%s adapter with long-lived credentials (Lanyard obtains the tokens)',
  (kind) => {
    const stand = useIdpStand(kind, { seed: PROVIDERS[kind].seed });
    const longLived = (overrides: Record<string, string> = {}) =>
      stand.adapter({ ...stand.sim.longLivedCredentials, ...overrides });
    const tokenRequests = () => stand.sim.tokens.stats.requests;
    const resetTokens = () => stand.sim.tokens.set({ lifetimeSeconds: 3599, failWith: null });

    it('obtains one token and reuses it across calls, concurrent first calls included', async () => {
      const { sim } = stand;
      const id = sim.addUser({ email: 'fay@example.com' });
      const idp = await longLived();
      const before = tokenRequests();
      const found = await Promise.all([
        idp.findUser('fay@example.com'),
        idp.findUser('FAY@example.com'),
        idp.getUser(id),
      ]);
      expect(found.map((u) => u?.id)).toEqual([id, id, id]);
      const user = found[0];
      if (!user) throw new Error('not found');
      expect(await idp.deactivate(user, 'sign-in')).toBe('changed');
      expect(await idp.reactivate(user, 'sign-in')).toBe('changed');
      expect(tokenRequests()).toBe(before + 1);
      expect(sim.tokens.stats.issued).toBeGreaterThan(0);
      expect(PROVIDERS[kind].credentials.schema.safeParse(sim.longLivedCredentials).success).toBe(true);
    });

    it('renews the token before it expires (a short expires_in), not before', async () => {
      stand.sim.addUser({ email: 'gil@example.com' });
      stand.sim.tokens.set({ lifetimeSeconds: 2 });
      try {
        const clock = frozenClock();
        const idp = await longLived();
        const before = tokenRequests();
        await idp.findUser('gil@example.com');
        await idp.findUser('gil@example.com');
        expect(tokenRequests()).toBe(before + 1);
        clock.advance(900); // short of the renewal point (half of a 2 s lifetime)
        await idp.findUser('gil@example.com');
        expect(tokenRequests()).toBe(before + 1);
        clock.advance(200); // past it, and still before the token expires
        expect(await idp.findUser('gil@example.com')).toMatchObject({ email: 'gil@example.com' });
        expect(tokenRequests()).toBe(before + 2);
      } finally {
        resetTokens();
      }
    });

    it('after a 401 mid-way (tokens revoked), renews once and carries out the call', async () => {
      const { sim } = stand;
      sim.addUser({ email: 'hal@example.com' });
      const idp = await longLived();
      const user = await idp.findUser('hal@example.com');
      if (!user) throw new Error('not found');
      const [tokensBefore, apiBefore] = [tokenRequests(), sim.stats().requests];
      sim.tokens.revokeAll();
      expect(await idp.deactivate(user, 'sign-in')).toBe('changed');
      expect(tokenRequests()).toBe(tokensBefore + 1);
      // read refused, read again, the cut, ending the sessions
      expect(sim.stats().requests).toBe(apiBefore + 4);
      expect(sim.user('hal@example.com')).toMatchObject({ signInActive: false, activeSessions: 0 });
    });

    it('a token endpoint outage (503, 429) or no answer is IdpUnavailableError, retried later', async () => {
      const { sim } = stand;
      sim.addUser({ email: 'ivy@example.com' });
      const idp = await longLived();
      try {
        sim.tokens.set({ failWith: 503 });
        const down = await failureOf(idp.findUser('ivy@example.com'));
        expect(down).toBeInstanceOf(IdpUnavailableError);
        expect(down.message).toMatch(/token endpoint answered 503/);
        sim.tokens.set({ failWith: 429 });
        expect(await failureOf(idp.findUser('ivy@example.com'))).toBeInstanceOf(IdpUnavailableError);
        sim.tokens.set({ failWith: null });
        expect(await idp.findUser('ivy@example.com')).toMatchObject({ email: 'ivy@example.com' });
      } finally {
        resetTokens();
      }
      const unreachable = await longLived(RENEWING[kind].unreachable);
      const refused = await failureOf(unreachable.findUser('ivy@example.com'));
      expect(refused).toBeInstanceOf(IdpUnavailableError);
      expect(refused.message).not.toContain(RENEWING[kind].secret(sim.longLivedCredentials));
    });

    it('refuses a partial secret at start, naming the fields, not the values', () => {
      const partial = () =>
        new ADAPTER_CLASSES[kind]({ baseUrl: stand.sim.url, credentials: RENEWING[kind].partial });
      expect(partial).toThrow(ConfigInvalidError);
      expect(partial).toThrow(RENEWING[kind].names);
      expect(partial).not.toThrow(/value-xyz/);
    });
  },
);

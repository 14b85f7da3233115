/**
 * One identity-provider simulator and the adapter Lanyard builds for it, for the IdP integration
 * tests (test/integration/idp): the simulator the local stack starts for that kind
 * (start-idp-simulator.ts), the adapter built as production builds it (createIdentityProvider from
 * the credentials secret's JSON), a user seeded and found, the provider's API called directly with
 * the simulator's credentials, and the `/__control` plane.
 *
 * `useIdpStand(kind)` starts one stand before the tests of the file (or describe block) it is
 * called in and closes it after them; `startIdpStand(kind)` is the same for one test.
 */
import { afterAll, beforeAll, onTestFinished, vi } from 'vitest';
import { AtlassianAdmin } from '../../functions/adapters/idp/atlassian-idp.ts';
import { createIdentityProvider } from '../../functions/adapters/idp/create-identity-provider.ts';
import { EntraIdentityProvider } from '../../functions/adapters/idp/entra-idp.ts';
import { GoogleIdentityProvider } from '../../functions/adapters/idp/google-idp.ts';
import { OktaIdentityProvider } from '../../functions/adapters/idp/okta-idp.ts';
import { ScimIdentityProvider } from '../../functions/adapters/idp/scim-idp.ts';
import type { IdpKind, IdpUser } from '../../functions/ports/identity-provider.ts';
import type { AtlassianSimulator } from '../../infra/local/simulators/idp/atlassian/atlassian-simulator.ts';
import type { EntraSimulator } from '../../infra/local/simulators/idp/entra/entra-simulator.ts';
import type { GoogleSimulator } from '../../infra/local/simulators/idp/google/google-simulator.ts';
import type { IdpSimulator, IdpSimulatorOptions } from '../../infra/local/simulators/idp/idp-simulator.ts';
import type { OktaSimulator } from '../../infra/local/simulators/idp/okta/okta-simulator.ts';
import { startIdpSimulatorOf } from '../../infra/local/simulators/idp/start-idp-simulator.ts';

/** Each kind's simulator, with the operations only that provider has. */
export interface SimulatorOf {
  okta: OktaSimulator;
  entra: EntraSimulator;
  google: GoogleSimulator;
  atlassian: AtlassianSimulator;
  scim: IdpSimulator;
}

/** The adapter createIdentityProvider builds for each kind. */
export interface AdapterOf {
  okta: OktaIdentityProvider;
  entra: EntraIdentityProvider;
  google: GoogleIdentityProvider;
  atlassian: AtlassianAdmin;
  scim: ScimIdentityProvider;
}

/** The adapter classes, for tests that construct one directly (a custom fetch, a timeout). */
export const ADAPTER_CLASSES: {
  [K in IdpKind]: new (options: {
    baseUrl: string;
    credentials: unknown;
  }) => AdapterOf[K];
} = {
  okta: OktaIdentityProvider,
  entra: EntraIdentityProvider,
  google: GoogleIdentityProvider,
  atlassian: AtlassianAdmin,
  scim: ScimIdentityProvider,
};

/** How each provider's API takes the simulator's static credentials, and its JSON media type. */
const API_AUTH: Record<IdpKind, { authorization: (c: Record<string, string>) => string; json: string }> = {
  okta: { authorization: (c) => `SSWS ${c.apiToken}`, json: 'application/json' },
  entra: { authorization: (c) => `Bearer ${c.accessToken}`, json: 'application/json' },
  google: { authorization: (c) => `Bearer ${c.accessToken}`, json: 'application/json' },
  atlassian: { authorization: (c) => `Bearer ${c.apiKey}`, json: 'application/json' },
  scim: { authorization: (c) => `Bearer ${c.bearerToken}`, json: 'application/scim+json' },
};

export interface IdpStand<K extends IdpKind> {
  readonly kind: K;
  readonly sim: SimulatorOf[K];
  /** The adapter built from the simulator's static credentials. */
  readonly idp: AdapterOf[K];
  /** Another adapter for this simulator, built the same way from other credentials. */
  adapter(credentials: unknown): Promise<AdapterOf[K]>;
  /** Seeds an active user (one open session) and finds them through {@link idp}. */
  seeded(email: string): Promise<IdpUser>;
  /**
   * A request to the provider's API with the simulator's credentials, past the adapter; a body
   * is sent as the provider's JSON unless the request names its content type.
   */
  raw(path: string, init?: RequestInit): Promise<Response>;
  /** A `/__control` request (not counted, no auth); a body that is not a string is sent as JSON. */
  control(path: string, method?: string, body?: unknown): Promise<Response>;
  close(): Promise<void>;
}

/** Lanyard's adapter of `kind` for `baseUrl`, from `credentials` as the secret would hold them. */
export async function adapterOf<K extends IdpKind>(
  kind: K,
  baseUrl: string,
  credentials: unknown,
): Promise<AdapterOf[K]> {
  const { idp } = await createIdentityProvider({
    kind,
    baseUrl,
    credentials: { json: JSON.stringify(credentials) },
    scope: 'sign-in',
  });
  const expected = ADAPTER_CLASSES[kind];
  if (!(idp instanceof expected)) throw new Error(`createIdentityProvider built no ${expected.name}`);
  return idp as AdapterOf[K];
}

export async function startIdpStand<K extends IdpKind>(
  kind: K,
  options: IdpSimulatorOptions = {},
): Promise<IdpStand<K>> {
  const sim = (await startIdpSimulatorOf(kind, options)) as SimulatorOf[K];
  try {
    const idp = await adapterOf(kind, sim.url, sim.credentials);
    const auth = API_AUTH[kind];
    return {
      kind,
      sim,
      idp,
      adapter: (credentials) => adapterOf(kind, sim.url, credentials),
      async seeded(email) {
        sim.addUser({ email });
        const user = await idp.findUser(email);
        if (!user) throw new Error(`seeded user ${email} not found`);
        return user;
      },
      raw(path, init = {}) {
        const headers = new Headers(init.headers);
        if (!headers.has('authorization')) headers.set('authorization', auth.authorization(sim.credentials));
        if (init.body != null && !headers.has('content-type')) headers.set('content-type', auth.json);
        return fetch(`${sim.url}${path}`, { ...init, headers });
      },
      control(path, method = 'GET', body) {
        return fetch(`${sim.url}/__control${path}`, {
          method,
          ...(body === undefined
            ? {}
            : typeof body === 'string'
              ? { body }
              : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
        });
      },
      close: () => sim.close(),
    };
  } catch (error) {
    await sim.close();
    throw error;
  }
}

/** One stand for the tests of the file or describe block this is called in. */
export function useIdpStand<K extends IdpKind>(kind: K, options: IdpSimulatorOptions = {}): IdpStand<K> {
  let current: IdpStand<K> | undefined;
  beforeAll(async () => {
    current = await startIdpStand(kind, options);
  });
  afterAll(() => current?.close());
  const started = (): IdpStand<K> => {
    if (!current) throw new Error(`the ${kind} stand starts in beforeAll: use it inside a test`);
    return current;
  };
  return {
    kind,
    get sim() {
      return started().sim;
    },
    get idp() {
      return started().idp;
    },
    adapter: (credentials) => started().adapter(credentials),
    seeded: (email) => started().seeded(email),
    raw: (path, init) => started().raw(path, init),
    control: (path, method, body) => started().control(path, method, body),
    close: () => started().close(),
  };
}

/** What `promise` was rejected with; a test fails if it was fulfilled instead. */
export async function failureOf(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if ('value' in outcome) throw new Error(`expected a failure, got ${JSON.stringify(outcome.value)}`);
  return outcome.error as Error;
}

/**
 * Freezes `Date` for the rest of the test — in the simulators and the adapters alike, which share
 * the process — so token lifetimes end when the test says, however fast the machine runs. Call it
 * before building the adapter (a token source keeps the `Date.now` it was built with); timers
 * stay real, and the clock is restored after the test.
 */
export function frozenClock(): { advance(ms: number): void } {
  vi.useFakeTimers({ toFake: ['Date'] });
  onTestFinished(() => {
    vi.useRealTimers();
  });
  return { advance: (ms) => vi.setSystemTime(Date.now() + ms) };
}

/**
 * What every IdP simulator shares: its users, call counting, seeded fault injection, the
 * `/__control` plane, and the loopback server. Each simulator adds only its provider's routes,
 * auth scheme, error bodies and rate-limit answer.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { IdpKind } from '../../../../functions/ports/identity-provider.ts';
import { mulberry32, randomHex } from '../prng.ts';
import type {
  IdpCallStats,
  IdpFaultSettings,
  IdpSimUserState,
  IdpSimulator,
  IdpSimulatorOptions,
} from './idp-simulator.ts';
import { IdpStateFile } from './idp-state-file.ts';

export interface SimUser extends IdpSimUserState {
  givenName: string;
  familyName: string;
}

export interface IdpSimProvider {
  kind: IdpKind;
  credentials: Record<string, string>;
  /** A new user's provider id and status word. */
  newUser(random: () => number): { id: string; status: string };
  /** True when the request carries the provider's credentials. */
  authorized(c: Context): boolean;
  /** The provider's answer to a bad or missing credential. */
  unauthorized(c: Context): Response;
  /** The provider's answer to an injected fault, and (`rate-limit`) to a request past its rate. */
  fault(c: Context, kind: 'rate-limit' | 'server'): Response;
  /**
   * The provider's published rate (reference/idp/NOTES.md), enforced over fixed windows scaled by
   * the simulator's `timeScale`. Left out by a provider that enforces its own (Atlassian's).
   */
  rateLimit?: { max: number; windowMs: number };
  /** Writes the provider's rate-limit headers about the window (Okta's X-Rate-Limit-*), when it sends any. */
  rateHeaders?(headers: Headers, window: SimRateWindow): void;
  /** Adds the provider's API routes (the kit counts requests and writes around them). */
  routes(app: Hono, users: SimUsers): void;
  /** Extra `/__control/…` routes of this provider (not counted, no auth). */
  control?(app: Hono, users: SimUsers): void;
  /**
   * The provider's OAuth token endpoint (its own host in reality): outside the API's request
   * counting, fault injection and bearer auth — {@link SimTokens} counts and faults it.
   */
  tokenRoutes?(app: Hono): void;
}

/** The enforced window a request fell in. */
export interface SimRateWindow {
  limit: number;
  remaining: number;
  /** Epoch ms the window ends. */
  resetAtMs: number;
}

/**
 * Fixed windows of `windowMs`, aligned on the epoch (so a window's end is a whole second at any
 * scale of a minute, as Okta's epoch-second `X-Rate-Limit-Reset` needs). UNVERIFIED: whether the
 * providers' windows are fixed or sliding; fixed is the looser reading, so a client paced under a
 * sliding window is under this one too.
 */
class FixedRateWindows {
  private start = 0;
  private used = 0;

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  /**
   * Counts a request unless it is past the limit (a refused one is not counted); either way, the
   * window it fell in, so a refusal's headers name the end of the window that refused it.
   */
  admit(now = Date.now()): { admitted: boolean; window: SimRateWindow } {
    const start = Math.floor(now / this.windowMs) * this.windowMs;
    if (start !== this.start) Object.assign(this, { start, used: 0 });
    const admitted = this.used < this.max;
    if (admitted) this.used += 1;
    return {
      admitted,
      window: { limit: this.max, remaining: this.max - this.used, resetAtMs: start + this.windowMs },
    };
  }
}

export class SimUsers {
  private readonly byEmail = new Map<string, SimUser>();
  /** Ids never change: indexed so a lookup by id costs the same at 100,000 users as at 10. */
  private readonly byIdIndex = new Map<string, SimUser>();
  /**
   * @param onWrite counts an API write
   * @param onChange sees every user added or changed, after the change (the state file journals it)
   */
  constructor(
    private readonly onWrite: () => void,
    private readonly onChange: (user: SimUser) => void = () => undefined,
  ) {}

  add(user: SimUser): SimUser {
    this.byEmail.set(user.email.toLowerCase(), user);
    this.byIdIndex.set(user.id, user);
    this.onChange(user);
    return user;
  }
  find(email: string): SimUser | null {
    return this.byEmail.get(email.toLowerCase()) ?? null;
  }
  byId(id: string): SimUser | null {
    return this.byIdIndex.get(id) ?? null;
  }
  all(): SimUser[] {
    return [...this.byEmail.values()];
  }
  /** Applies a state change and counts it as one write. */
  change(user: SimUser, patch: Partial<SimUser>): void {
    Object.assign(user, patch);
    this.onWrite();
    this.onChange(user);
  }
  /** Applies a change an admin or the provider makes (control plane, tests): not an API write. */
  set(user: SimUser, patch: Partial<SimUser>): void {
    Object.assign(user, patch);
    this.onChange(user);
  }
}

const NewUser = z.object({
  email: z.email(),
  givenName: z.string().optional(),
  familyName: z.string().optional(),
});
const Faults = z.object({
  rate: z.number().min(0).max(1),
  kinds: z
    .array(z.enum(['rate-limit', 'server', 'dropped']))
    .min(1)
    .optional(),
});

/** How long a `dropped` request is held before its connection is closed without an answer. */
const DROP_AFTER_MS = 100;

export async function startIdpSimulator(
  provider: IdpSimProvider,
  options: IdpSimulatorOptions = {},
): Promise<IdpSimulator> {
  const random = mulberry32(options.seed ?? 1);
  const stats: IdpCallStats = { requests: 0, writes: 0, faults: 0, rateLimited: 0 };
  const published = provider.rateLimit;
  const windows =
    published &&
    new FixedRateWindows(
      options.requestsPerMinute ?? published.max,
      Math.max(
        1,
        (options.requestsPerMinute === undefined ? published.windowMs : 60_000) * (options.timeScale ?? 1),
      ),
    );
  let faults: Required<IdpFaultSettings> = { rate: 0, kinds: ['rate-limit', 'server'] };
  const saved = options.stateFile === undefined ? null : IdpStateFile.open(options.stateFile, provider.kind);
  let journal: ((user: SimUser) => void) | null = null;
  const users = new SimUsers(
    () => {
      stats.writes += 1;
    },
    (user) => journal?.(user),
  );
  for (const user of saved?.users ?? []) users.add(user);
  if (saved) {
    saved.stateFile.compact(users.all());
    journal = (user) => saved.stateFile.journal(user, () => users.all());
  }
  const addUser = (input: { email: string; givenName?: string; familyName?: string }) => {
    const existing = users.find(input.email);
    if (existing) return existing.id;
    const [first = 'Sim', last = 'User'] = input.email.split('@')[0]?.split(/[._-]/) ?? [];
    let { id, status } = provider.newUser(random);
    // Restarted on a state file, the seeded stream gives the first ids again: skip those taken.
    while (users.byId(id)) ({ id, status } = provider.newUser(random));
    users.add({
      id,
      // Kept as given (an IdP stores the case it was sent: Okta's `filter` compares it exactly);
      // lookups by email through this kit ignore case.
      email: input.email.trim(),
      givenName: input.givenName ?? first,
      familyName: input.familyName ?? last,
      signInActive: true,
      accountActive: true,
      status,
      activeSessions: 1,
    });
    return id;
  };
  const setFaults = (settings: IdpFaultSettings) => {
    faults = { rate: settings.rate, kinds: settings.kinds ?? ['rate-limit', 'server'] };
  };
  const view = (user: SimUser | null): IdpSimUserState | null =>
    user && {
      id: user.id,
      email: user.email,
      signInActive: user.signInActive,
      accountActive: user.accountActive,
      status: user.status,
      activeSessions: user.activeSessions,
    };

  const app = new Hono();
  app.post('/__control/users', async (c) => {
    const parsed = NewUser.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return c.json({ error: 'body must be {email, givenName?, familyName?}' }, 400);
    return c.json({ id: addUser(parsed.data) }, 201);
  });
  app.get('/__control/users/:email', (c) => {
    const user = view(users.find(c.req.param('email')));
    return user ? c.json(user) : c.json({ error: 'no such user' }, 404);
  });
  app.put('/__control/faults', async (c) => {
    const parsed = Faults.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success)
      return c.json({ error: 'body must be {rate: 0..1, kinds?: ["rate-limit"|"server"|"dropped"]}' }, 400);
    setFaults(parsed.data);
    return c.json(faults);
  });
  app.get('/__control/stats', (c) => c.json(stats));
  // Loopback only, like the Trello simulator's /_sim/info: how a harness or a person running the
  // simulator alone (npm run sim:idp) learns the credentials to call its API with.
  app.get('/__control/info', (c) => c.json({ kind: provider.kind, credentials: provider.credentials }));
  provider.control?.(app, users);
  provider.tokenRoutes?.(app);

  const api = new Hono();
  api.use('*', async (c, next) => {
    stats.requests += 1;
    if (faults.rate > 0 && random() < faults.rate) {
      stats.faults += 1;
      const kinds = faults.kinds;
      const kind = kinds[Math.floor(random() * kinds.length)] ?? 'server';
      if (kind !== 'dropped') return provider.fault(c, kind);
      // A request that never gets its answer, as when the provider times out: held, then the
      // connection closed, so the adapter's call fails as a network error and changes nothing.
      await new Promise((resolve) => setTimeout(resolve, DROP_AFTER_MS));
      (c.env as { incoming?: { socket: { destroy(): void } } }).incoming?.socket.destroy();
      return new Response(null, { status: 503 });
    }
    if (!provider.authorized(c)) return provider.unauthorized(c);
    if (!windows) return next();
    const { admitted, window } = windows.admit();
    if (!admitted) {
      stats.rateLimited += 1;
      const answer = provider.fault(c, 'rate-limit');
      // The wait this window really has left, whatever the provider's fixed fault answer says.
      if (answer.headers.has('retry-after'))
        answer.headers.set(
          'Retry-After',
          String(Math.max(1, Math.ceil((window.resetAtMs - Date.now()) / 1000))),
        );
      provider.rateHeaders?.(answer.headers, window);
      return answer;
    }
    await next();
    provider.rateHeaders?.(c.res.headers, window);
  });
  provider.routes(api, users);
  app.route('/', api);

  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: host }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    kind: provider.kind,
    url: `http://${host}:${port}`,
    credentials: provider.credentials,
    addUser,
    user: (email) => view(users.find(email)),
    stats: () => ({ ...stats }),
    setFaults,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => {
          try {
            saved?.stateFile.close(users.all());
          } catch (closing) {
            reject(closing);
            return;
          }
          if (error) reject(error);
          else resolve();
        });
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}

/** A credential the simulator mints for itself (never a real secret). */
export function simSecret(prefix: string, seed: number): string {
  return `${prefix}${randomHex(mulberry32(seed), 32)}`;
}

const TokenSettings = z.object({
  lifetimeSeconds: z.number().int().positive().optional(),
  failWith: z.union([z.literal(503), z.literal(429), z.null()]).optional(),
});

/**
 * Access tokens a simulator's token endpoint issues: opaque, each with an expiry, revocable, so
 * tests can watch an adapter obtain, reuse and renew them. Control plane at `/__control/tokens`:
 * GET → stats, PUT `{lifetimeSeconds?, failWith?: 503|429|null}`, POST `/__control/tokens/revoke`.
 */
export class SimTokens {
  /** Token requests received (any outcome) and tokens issued. */
  readonly stats = { requests: 0, issued: 0 };
  /** `expires_in` of new tokens. @default 3599 */
  lifetimeSeconds = 3599;
  /** When set, the token endpoint answers this status instead of serving. */
  failWith: 503 | 429 | null = null;
  private readonly live = new Map<string, number>();
  private readonly random: () => number;

  constructor(
    private readonly prefix: string,
    seed: number,
  ) {
    this.random = mulberry32(seed ^ 0x3c6ef372);
  }

  /** A new token and its lifetime, as the endpoint's answer carries them. */
  issue(): { access_token: string; expires_in: number } {
    const token = `${this.prefix}${randomHex(this.random, 40)}`;
    this.live.set(token, Date.now() + this.lifetimeSeconds * 1000);
    this.stats.issued += 1;
    return { access_token: token, expires_in: this.lifetimeSeconds };
  }

  /** 'valid', 'expired' (issued here, past its lifetime) or 'unknown' (never issued, or revoked). */
  check(token: string): 'valid' | 'expired' | 'unknown' {
    const expiresAt = this.live.get(token);
    if (expiresAt === undefined) return 'unknown';
    return Date.now() < expiresAt ? 'valid' : 'expired';
  }

  /** Forgets every issued token, as an admin revoking the app's grants would. */
  revokeAll(): void {
    this.live.clear();
  }

  set(settings: z.infer<typeof TokenSettings>): void {
    if (settings.lifetimeSeconds !== undefined) this.lifetimeSeconds = settings.lifetimeSeconds;
    if (settings.failWith !== undefined) this.failWith = settings.failWith;
  }

  control(app: Hono): void {
    app.get('/__control/tokens', (c) =>
      c.json({ ...this.stats, lifetimeSeconds: this.lifetimeSeconds, failWith: this.failWith }),
    );
    app.put('/__control/tokens', async (c) => {
      const parsed = TokenSettings.safeParse(await c.req.json().catch(() => null));
      if (!parsed.success)
        return c.json({ error: 'body must be {lifetimeSeconds?: int > 0, failWith?: 503|429|null}' }, 400);
      this.set(parsed.data);
      return c.json({ lifetimeSeconds: this.lifetimeSeconds, failWith: this.failWith });
    });
    app.post('/__control/tokens/revoke', (c) => {
      this.revokeAll();
      return c.body(null, 204);
    });
  }
}

/** The form fields of a token request (`application/x-www-form-urlencoded`), or null if it is not one. */
export async function tokenForm(c: Context): Promise<Record<string, string> | null> {
  if (!(c.req.header('content-type') ?? '').startsWith('application/x-www-form-urlencoded')) return null;
  const body = await c.req.parseBody().catch(() => null);
  if (!body) return null;
  return Object.fromEntries(
    Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}

/**
 * What every identity-provider simulator offers, whichever provider it imitates (Okta, Microsoft
 * Graph, Google Directory, Atlassian Admin, SCIM 2.0). Each one serves that provider's real
 * endpoints, auth, status codes, error bodies and rate-limit answers on loopback
 * (reference/idp/NOTES.md), so the matching adapter in functions/adapters/idp/ runs unchanged
 * against it. Tests drive the simulator in process through this handle; people running
 * `npm start` use the same operations over HTTP at `<url>/__control/…` (see each simulator).
 */
import type { IdpKind } from '../../../../functions/ports/identity-provider.ts';

export interface IdpSimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** Seeds fault injection and generated ids, so a failing run can be replayed. @default 1 */
  seed?: number;
  /**
   * Keep the users in this file: start with the users it holds, and journal every change before
   * answering, so a restart (even after `kill -9`) finds them as they were (idp-state-file.ts).
   * Omitted: the users live in memory only.
   */
  stateFile?: string;
  /**
   * Shrinks the provider's rate windows (a minute becomes `timeScale` minutes), as the Trello
   * simulator's `timeScale` does, so a test can cross a window in seconds. @default 1
   */
  timeScale?: number;
  /** Enforce this many requests per (scaled) minute instead of the provider's published rate. */
  requestsPerMinute?: number;
}

/** A user as the simulator holds them, normalized for test assertions. */
export interface IdpSimUserState {
  /** The provider's id for the user. */
  id: string;
  email: string;
  /** Can the user sign in (into Trello by SSO)? False once suspended/disabled at `sign-in` scope. */
  signInActive: boolean;
  /** Is the whole account alive (false after an account-wide deactivation/disable)? */
  accountActive: boolean;
  /** The provider's own status word or flag, as its API shows it. */
  status: string;
  /** Sessions the provider still holds for the user (ended by a revoke-sessions call). */
  activeSessions: number;
}

export interface IdpFaultSettings {
  /** Fraction (0..1) of API requests answered with a transient fault instead of being served. */
  rate: number;
  /**
   * Which faults: `rate-limit` answers the provider's own rate-limit response (429 + its headers,
   * Google's 403 userRateLimitExceeded…), `server` answers 500/503, `dropped` holds the request
   * and closes its connection unanswered (a timeout as the caller sees it). @default rate-limit and
   * server, alternating by the PRNG
   */
  kinds?: ReadonlyArray<'rate-limit' | 'server' | 'dropped'>;
}

export interface IdpCallStats {
  /** API requests received (control-plane requests excluded). */
  requests: number;
  /** Writing requests (POST/PUT/PATCH/DELETE) that changed state and answered 2xx. */
  writes: number;
  /** Requests answered with an injected fault. */
  faults: number;
  /** Requests refused for going past the enforced rate (429, or Google's 403). */
  rateLimited: number;
}

export interface IdpSimulator {
  readonly kind: IdpKind;
  /** The base URL the adapter is configured with (LANYARD_IDP_BASE_URL). */
  readonly url: string;
  /** A static-token secret for this simulator (what an adapter given a ready token holds). */
  readonly credentials: Record<string, string>;
  /**
   * The long-lived secret for providers whose adapters obtain their own tokens (Entra's client
   * credentials, Google's service account key): what the local stack gives Lanyard
   * (LANYARD_IDP_CREDENTIALS) when present, `credentials` otherwise.
   */
  readonly longLivedCredentials?: Record<string, string>;
  /** Seeds an active user who can sign in, with one open session; returns the provider id. */
  addUser(user: { email: string; givenName?: string; familyName?: string }): string;
  /** The user's state, or null if the simulator has no user with that email (case-insensitive). */
  user(email: string): IdpSimUserState | null;
  stats(): IdpCallStats;
  setFaults(settings: IdpFaultSettings): void;
  close(): Promise<void>;
}

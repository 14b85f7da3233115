/**
 * Okta Users API lifecycle (reference/idp/NOTES.md §2; okta-users-lifecycle.subset.openapi.yml).
 * Auth: `Authorization: SSWS <API token>`; base `https://{yourOktaDomain}`.
 * - sign-in: `POST /api/v1/users/{id}/lifecycle/suspend` (only from ACTIVE; groups and app
 *   assignments are kept), then `DELETE /api/v1/users/{id}/sessions?oauthTokens=true` (ends the
 *   Okta sessions and the OIDC/OAuth tokens Okta issued; not sessions apps made themselves).
 *   Undo: `…/lifecycle/unsuspend` (only from SUSPENDED).
 * - account: sessions ended as above, then `POST …/lifecycle/deactivate?sendEmail=false`: the
 *   user is deprovisioned from every assigned app (destructive, per the spec). Undo:
 *   `…/lifecycle/activate` (from DEPROVISIONED).
 * Lifecycle calls are state-guarded and the spec does not say what a wrong-state call answers
 * (UNVERIFIED), so every change reads `status` (and `transitioningToStatus`) first and answers
 * `already` without a lifecycle call when the user is there. Sessions are ended even then (a retry
 * after a cut whose session call failed must still end them) — except for a DEPROVISIONED user,
 * whom Okta cannot sign in anyway (whether Okta accepts the sessions call then: UNVERIFIED).
 *
 * Lookup: `GET /api/v1/users/{login}` (the spec accepts an id, login or unambiguous shortname;
 * its answer is the user's state, which the step's later reads take: idp-adapter-base.ts),
 * and, when the login is not the email, `GET /api/v1/users?search=profile.email eq "…"` — search,
 * because its string values are compared ignoring case while `filter` compares them exactly. A
 * match is accepted only when `profile.email` or `profile.login` equals the email, ignoring case.
 *
 * Follows: Okta Management API OpenAPI 2026.06.3 (okta/okta-management-openapi-spec,
 * dist/current/management-minimal.yaml at fdda229e; subset in test/contract/specs/okta/).
 * UNVERIFIED: what a wrong-state lifecycle call answers (read first instead); whether the login
 * path lookup ignores case (the simulator assumes it does; the search fallback covers it anyway);
 * whether Okta accepts the sessions call for a DEPROVISIONED user.
 */
import * as z from 'zod';
import { IdpRequestRejectedError } from '../../core/errors.ts';
import type { IdpChange, IdpScope, IdpUser } from '../../ports/identity-provider.ts';
import { IdpAdapterBase } from './idp-adapter-base.ts';
import { idpCall } from './idp-http.ts';
import type { IdpPacing } from './idp-pacing.ts';

/** What the IdP credentials secret holds for Okta. */
export const OktaCredentials = z.object({
  /** An Okta API token (sent as `SSWS <token>`); its admin needs rights to manage the users. */
  apiToken: z.string().min(1),
});
export type OktaCredentials = z.infer<typeof OktaCredentials>;

export interface OktaIdentityProviderOptions {
  /** e.g. https://acme.okta.com (or the simulator's URL). */
  baseUrl: string;
  /** Validated with {@link OktaCredentials}: `{ apiToken }`. */
  credentials: unknown;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Paces calls under the provider's rate limit (idp-pacing.ts). */
  pacing?: IdpPacing;
}

const OktaUser = z.object({
  id: z.string().min(1),
  status: z.string(),
  transitioningToStatus: z.string().nullish(),
  profile: z.object({ email: z.string().nullish(), login: z.string() }),
});
type OktaUser = z.infer<typeof OktaUser>;
/**
 * Lifecycle and sessions answers: no body (204, `content: {}`), `{}`, or activate's
 * UserActivationToken — whose fields zod strips, so the token is never kept.
 */
const NoContent = z.union([z.null(), z.object({})]);
const OktaError = z.object({ errorCode: z.string().optional(), errorSummary: z.string().optional() });

/** Statuses in which Okta lets nobody sign in as the user. STAGED = created, never activated. */
const SIGN_IN_CUT = ['SUSPENDED', 'DEPROVISIONED', 'STAGED'];

export class OktaIdentityProvider extends IdpAdapterBase<OktaUser> {
  readonly kind = 'okta' as const;
  private readonly baseUrl: string;
  private readonly token: string;

  constructor(private readonly options: OktaIdentityProviderOptions) {
    super(() => options.pacing?.invocation());
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    const parsed = OktaCredentials.safeParse(options.credentials);
    if (!parsed.success) throw new Error('Okta credentials must be JSON {"apiToken": "<SSWS API token>"}');
    this.token = parsed.data.apiToken;
  }

  async findUser(email: string): Promise<IdpUser | null> {
    const wanted = email.trim().toLowerCase();
    const matches = (u: OktaUser) =>
      [u.profile.email, u.profile.login].some((e) => e?.toLowerCase() === wanted);
    const byLogin = await this.call(
      'GET',
      `/api/v1/users/${encodeURIComponent(email.trim())}`,
      `find the Okta user ${email}`,
      OktaUser,
      [404],
    );
    if (byLogin && matches(byLogin)) {
      // A read of the user resource (status included), unlike the search below: the cut's read
      // in this step needs no call of its own.
      this.remember(byLogin.id, byLogin, ['sign-in', 'account']);
      return toUser(byLogin);
    }
    // `search`, not `filter`: "Filtering is case-sensitive for property names and query values",
    // so a user stored as Ana.Lima@Example.com is not found by filter when HR says
    // ana.lima@example.com; in `search`, "operators … and string values are case insensitive"
    // (spec listUsers, Okta Management API 2026.06.3). Search results come from an eventually
    // consistent store, which is acceptable here: a leaver's user was created long before.
    const search = `profile.email eq "${email.trim().replace(/["\\]/g, '\\$&')}"`;
    const listed = await this.call(
      'GET',
      `/api/v1/users?search=${encodeURIComponent(search)}&limit=2`,
      `find the Okta user ${email}`,
      z.array(OktaUser),
    );
    const found = (listed ?? []).filter(matches);
    if (found.length > 1) {
      throw new IdpRequestRejectedError(
        `Okta has ${found.length} users with the email ${email} (${found.map((u) => u.id).join(', ')}): ` +
          'Lanyard will not guess which one to cut off; resolve the duplicate in Okta',
      );
    }
    return found[0] ? toUser(found[0]) : null;
  }

  protected read(id: string): Promise<OktaUser | null> {
    return this.call(
      'GET',
      `/api/v1/users/${encodeURIComponent(id)}`,
      `read the Okta user ${id}`,
      OktaUser,
      [404],
    );
  }

  protected toIdpUser(user: OktaUser): IdpUser {
    return toUser(user);
  }

  protected isCut(user: OktaUser, scope: IdpScope): boolean {
    return isCut(user, scope);
  }

  /** Sessions are ended on every cut — except for a DEPROVISIONED user, who has none worth a call. */
  protected override async keepCut(user: OktaUser): Promise<void> {
    if (!isCut(user, 'account')) await this.endSessions(user.id);
  }

  protected async cut(user: OktaUser, scope: IdpScope): Promise<void> {
    if (scope === 'account') {
      // Sessions first: once deprovisioned the user has none worth a call.
      await this.endSessions(user.id);
      await this.lifecycle(user.id, 'deactivate?sendEmail=false', 'deactivate');
      return;
    }
    if (user.status !== 'ACTIVE') {
      await this.endSessions(user.id);
      throw new IdpRequestRejectedError(
        `Okta can suspend only ACTIVE users, and ${user.id} is ${user.status}: their Okta sessions were ` +
          'ended, but sign-in is not cut. Cut at account scope (deactivate) or fix the user in Okta first.',
      );
    }
    await this.lifecycle(user.id, 'suspend', 'suspend');
    await this.endSessions(user.id);
  }

  protected async restore(user: OktaUser, scope: IdpScope): Promise<IdpChange> {
    if (isCut(user, 'account')) {
      // sendEmail=true (Okta's default): a user without a password gets the activation link by
      // email and stays PROVISIONED until they follow it. With false the link would come back to
      // Lanyard, which must not hold it.
      await this.lifecycle(user.id, 'activate?sendEmail=true', 'activate');
      return 'changed';
    }
    if (scope === 'sign-in' && user.status === 'SUSPENDED') {
      await this.lifecycle(user.id, 'unsuspend', 'unsuspend');
      return 'changed';
    }
    return 'already'; // e.g. STAGED: never activated, nothing to undo
  }

  protected cannotReactivate(user: IdpUser): Error {
    return new IdpRequestRejectedError(
      `Okta no longer has the user ${user.id} (deleted?): there is nothing to reactivate; create the user again`,
    );
  }

  blastRadius(scope: IdpScope): string {
    return oktaBlastRadius(scope);
  }

  private async lifecycle(id: string, path: string, verb: string): Promise<void> {
    await this.call(
      'POST',
      `/api/v1/users/${encodeURIComponent(id)}/lifecycle/${path}`,
      `${verb} the Okta user ${id}`,
      NoContent,
    );
  }

  private async endSessions(id: string): Promise<void> {
    await this.call(
      'DELETE',
      `/api/v1/users/${encodeURIComponent(id)}/sessions?oauthTokens=true`,
      `end the Okta sessions of ${id}`,
      NoContent,
    );
  }

  private call<T>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    what: string,
    schema: z.ZodType<T>,
    notFound: number[] = [],
  ): Promise<T | null> {
    return idpCall({
      method,
      url: `${this.baseUrl}${path}`,
      headers: { Authorization: `SSWS ${this.token}` },
      schema,
      what,
      notFound,
      errorText,
      fetch: this.options.fetch,
      timeoutMs: this.options.timeoutMs,
      pacing: this.options.pacing,
    });
  }
}

function isCut(user: OktaUser, scope: IdpScope): boolean {
  // A deactivation Okta accepted and is finishing asynchronously counts as done.
  const deprovisioned = user.status === 'DEPROVISIONED' || user.transitioningToStatus === 'DEPROVISIONED';
  return scope === 'account' ? deprovisioned : deprovisioned || SIGN_IN_CUT.includes(user.status);
}

function toUser(user: OktaUser): IdpUser {
  return {
    id: user.id,
    email: (user.profile.email ?? user.profile.login).toLowerCase(),
    active: !isCut(user, 'sign-in'),
    status: user.status,
  };
}

function errorText(body: unknown): string | undefined {
  const parsed = OktaError.safeParse(body);
  return parsed.success && parsed.data.errorSummary
    ? `${parsed.data.errorCode ?? 'Okta'}: ${parsed.data.errorSummary}`
    : undefined;
}

/** What `scope` cuts with this provider (needs no credentials: the approval text is built from it). */
export function oktaBlastRadius(scope: IdpScope): string {
  return scope === 'sign-in'
    ? 'Okta suspend plus ending their Okta sessions and Okta-issued OAuth tokens: the user cannot sign in to any app through Okta, Trello included; groups and app assignments are kept and return on unsuspend'
    : 'Okta deactivate: the user is deprovisioned from every app assigned in Okta, which can delete their data in those apps (Okta says this cannot be recovered); activating again restores the Okta account, not that data';
}

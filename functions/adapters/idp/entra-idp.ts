/**
 * Microsoft Graph (Entra ID) (reference/idp/NOTES.md §3). Base `https://graph.microsoft.com/v1.0`.
 * - Cut: `PATCH /users/{id}` `{"accountEnabled": false}` (204), then
 *   `POST /users/{id}/revokeSignInSessions` (refresh tokens and browser session cookies; may take a
 *   few minutes; Graph's known issue says its status code may differ, so any 2xx counts).
 *   `accountEnabled` is the only cut NOTES.md §3 documents, so `sign-in` and `account` are the same
 *   call and blastRadius says so. (A narrower cut — removing the user's assignment to the Atlassian
 *   enterprise app — is not in the reference: UNVERIFIED, not implemented.)
 * - Undo: `{"accountEnabled": true}`. Naturally idempotent; the adapter still reads first so a
 *   repeat answers `already` without a PATCH. Sessions are revoked on every cut, even `already`
 *   (a retry after a cut whose revocation failed must still end them).
 * - Reads use `$select=id,mail,userPrincipalName,accountEnabled`: `accountEnabled` is not among
 *   Graph's default properties (Graph docs, user-get.md).
 * - Lookup: `GET /users?$filter=mail eq '…' or userPrincipalName eq '…'` (quotes doubled, OData).
 *   Whether Graph compares these ignoring case is not in the reference (UNVERIFIED); the adapter
 *   compares ignoring case and refuses to guess between two different users.
 * Permissions: `User.EnableDisableAccount.All` + `User.Read.All` for accountEnabled (user-get.md),
 * `User.RevokeSessions.All` for revocation (NOTES.md §3).
 * Auth: an OAuth 2.0 bearer token that Lanyard obtains itself by the client credentials grant
 * (entra-token-source.ts) from the app registration in the credentials secret
 * `{tenantId, clientId, clientSecret}` (plus `authorityBaseUrl` for the simulator or a sovereign
 * cloud), reuses until a minute before it expires, and renews — also once after a 401, in case it
 * was revoked. `{accessToken}` (a static token, which Graph expires after about an hour) is still
 * accepted, for short tests only.
 *
 * Follows: Microsoft Graph v1.0 as its CSDL declares it (microsoftgraph/msgraph-metadata,
 * schemas/v1.0-Prod.csdl at f54f11b6, 2026-08-20; the `user` subset in test/contract/specs/graph,
 * against which every request and answer is checked) and the v1.0 docs pages user-update.md and
 * user-revokesigninsessions.md. UNVERIFIED: whether `$filter` on mail/userPrincipalName ignores
 * case; the narrower app-assignment cut; the error body beyond `{error:{code,message}}`.
 * The read → already? → write course is idp-adapter-base.ts's; this file supplies the Graph calls.
 */
import * as z from 'zod';
import { IdpRequestRejectedError } from '../../core/errors.ts';
import type { IdpChange, IdpScope, IdpUser } from '../../ports/identity-provider.ts';
import {
  type AccessTokenSource,
  bearerIdpCall,
  StaticTokenCredentials,
  type TokenSourceOptions,
  tokenSourceFor,
} from './access-token.ts';
import { EntraClientCredentials, entraTokenSource } from './entra-token-source.ts';
import { IdpAdapterBase } from './idp-adapter-base.ts';
import type { IdpPacing } from './idp-pacing.ts';

/**
 * What the IdP credentials secret holds for Microsoft Graph: the app registration's client
 * credentials, or (short tests only) a static Graph access token.
 */
export const EntraCredentials = z.union([EntraClientCredentials, StaticTokenCredentials]);
export type EntraCredentials = z.infer<typeof EntraCredentials>;

export interface EntraIdentityProviderOptions extends TokenSourceOptions {
  /** Paces calls under the provider's rate limit (idp-pacing.ts). */
  pacing?: IdpPacing;
  /** e.g. https://graph.microsoft.com/v1.0 (or the simulator's URL). */
  baseUrl: string;
  /** Validated with {@link EntraCredentials}. */
  credentials: unknown;
}

const GraphUser = z.object({
  id: z.string().min(1),
  mail: z.string().nullish(),
  userPrincipalName: z.string(),
  accountEnabled: z.boolean(),
});
type GraphUser = z.infer<typeof GraphUser>;
const GraphUserList = z.object({ value: z.array(GraphUser) });
/** revokeSignInSessions: `{value: true}`, or an unexpected empty 2xx (Graph's known issue). */
const Revoked = z.union([z.null(), z.object({ value: z.boolean() })]);
/** PATCH answers 204 with no body. */
const NoContent = z.union([z.null(), z.object({})]);
const GraphError = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
const SELECT = '$select=id,mail,userPrincipalName,accountEnabled';

export class EntraIdentityProvider extends IdpAdapterBase<GraphUser> {
  readonly kind = 'entra' as const;
  private readonly baseUrl: string;
  private readonly tokens: AccessTokenSource;

  constructor(private readonly options: EntraIdentityProviderOptions) {
    super(() => options.pacing?.invocation());
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.tokens = tokenSourceFor(
      options.credentials,
      EntraClientCredentials,
      (credentials) => entraTokenSource(credentials, options),
      'Entra credentials must be JSON {"tenantId", "clientId", "clientSecret"} (optionally "authorityBaseUrl")',
    );
  }

  async findUser(email: string): Promise<IdpUser | null> {
    const wanted = email.trim().toLowerCase();
    const quoted = wanted.replace(/'/g, "''");
    const filter = encodeURIComponent(`mail eq '${quoted}' or userPrincipalName eq '${quoted}'`);
    const found = await this.call(
      'GET',
      `/users?$filter=${filter}&${SELECT}`,
      `find the Entra user ${email}`,
      GraphUserList,
    );
    const candidates = (found?.value ?? []).filter((u) =>
      [u.mail, u.userPrincipalName].some((e) => e?.toLowerCase() === wanted),
    );
    // One user's mail can be another's UPN: prefer the mail match, never guess between two.
    const byMail = candidates.filter((u) => u.mail?.toLowerCase() === wanted);
    const pick = byMail.length > 0 ? byMail : candidates;
    if (pick.length > 1) {
      throw new IdpRequestRejectedError(
        `Entra has ${pick.length} users matching ${email} (${pick.map((u) => u.id).join(', ')}): ` +
          'Lanyard will not guess which one to cut off; resolve the duplicate in Entra',
      );
    }
    return pick[0] ? toUser(pick[0]) : null;
  }

  protected read(id: string): Promise<GraphUser | null> {
    return this.call(
      'GET',
      `/users/${encodeURIComponent(id)}?${SELECT}`,
      `read the Entra user ${id}`,
      GraphUser,
      [404],
    );
  }

  protected toIdpUser(user: GraphUser): IdpUser {
    return toUser(user);
  }

  /** Graph has one switch: both scopes are `accountEnabled=false`. */
  protected isCut(user: GraphUser): boolean {
    return !user.accountEnabled;
  }

  protected async cut(user: GraphUser): Promise<void> {
    await this.setEnabled(user.id, false);
    await this.revokeSessions(user.id);
  }

  /** Sessions are revoked on every cut: a retry after a cut whose revoke failed must still end them. */
  protected override async keepCut(user: GraphUser): Promise<void> {
    await this.revokeSessions(user.id);
  }

  protected async restore(user: GraphUser): Promise<IdpChange> {
    await this.setEnabled(user.id, true);
    return 'changed';
  }

  protected cannotReactivate(user: IdpUser): Error {
    return new IdpRequestRejectedError(
      `Entra no longer has the user ${user.id} (deleted?): there is nothing to enable; restore or recreate the user in Entra`,
    );
  }

  private async revokeSessions(id: string): Promise<void> {
    const revoked = await this.call(
      'POST',
      `/users/${encodeURIComponent(id)}/revokeSignInSessions`,
      `revoke the Entra sign-in sessions of ${id}`,
      Revoked,
    );
    if (revoked?.value === false) {
      throw new IdpRequestRejectedError(
        `Entra disabled ${id} but answered value:false to revokeSignInSessions: their sessions may still be open`,
      );
    }
  }

  blastRadius(scope: IdpScope): string {
    return entraBlastRadius(scope);
  }

  private async setEnabled(id: string, enabled: boolean): Promise<void> {
    await this.call(
      'PATCH',
      `/users/${encodeURIComponent(id)}`,
      `${enabled ? 'enable' : 'disable'} the Entra user ${id}`,
      NoContent,
      [],
      { accountEnabled: enabled },
    );
  }

  private call<T>(
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    what: string,
    schema: z.ZodType<T>,
    notFound: number[] = [],
    body?: unknown,
  ): Promise<T | null> {
    return bearerIdpCall(
      this.tokens,
      {
        method,
        url: `${this.baseUrl}${path}`,
        body,
        schema,
        what,
        notFound,
        errorText: (b) => {
          const parsed = GraphError.safeParse(b);
          return parsed.success ? `${parsed.data.error.code}: ${parsed.data.error.message}` : undefined;
        },
        fetch: this.options.fetch,
        timeoutMs: this.options.timeoutMs,
        pacing: this.options.pacing,
      },
      'the app registration may lack the Graph application permissions User.EnableDisableAccount.All, ' +
        'User.Read.All and User.RevokeSessions.All (with admin consent).',
    );
  }
}

function toUser(user: GraphUser): IdpUser {
  return {
    id: user.id,
    email: (user.mail ?? user.userPrincipalName).toLowerCase(),
    active: user.accountEnabled,
    status: `accountEnabled: ${user.accountEnabled}`,
  };
}

/** What `scope` cuts with this provider (needs no credentials: the approval text is built from it). */
export function entraBlastRadius(_scope: IdpScope): string {
  return 'Entra accountEnabled=false plus revoking their sign-in sessions: the user cannot sign in to any app that uses this tenant, Trello included (Graph has no narrower cut, so sign-in and account scope are the same); enabling the account again undoes it';
}

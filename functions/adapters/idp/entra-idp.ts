/**
 * Microsoft Graph (Entra ID) (reference/idp/NOTES.md §3).
 * - Cut: `PATCH /users/{id}` `{"accountEnabled": false}` (204), then
 *   `POST /users/{id}/revokeSignInSessions` (refresh tokens and session cookies; any 2xx is success).
 *   Graph has no narrower cut, so `sign-in` and `account` are the same call (blastRadius says so).
 * - Undo: `{"accountEnabled": true}`.
 * Users are found with `GET /users?$filter=mail eq '…' or userPrincipalName eq '…'` (the work email
 * is usually both; an org whose UPNs differ from mail is still found by mail).
 * Auth: an OAuth 2.0 bearer token (client credentials). On AWS the secret holds a token an
 * operator or a rotation job refreshes; a built-in client-credentials exchange is not in this build.
 */
import { z } from 'zod';
import type { IdentityProvider, IdpChange, IdpScope, IdpUser } from '../../ports/identity-provider.ts';
import { idpCall } from './idp-http.ts';

export const EntraCredentials = z.object({ accessToken: z.string().min(1) });

const GraphUser = z.object({
  id: z.string(),
  mail: z.string().nullish(),
  userPrincipalName: z.string(),
  accountEnabled: z.boolean(),
});
type GraphUser = z.infer<typeof GraphUser>;
const GraphError = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
const SELECT = '$select=id,mail,userPrincipalName,accountEnabled';

export class EntraIdentityProvider implements IdentityProvider {
  readonly kind = 'entra' as const;
  private readonly baseUrl: string;
  private readonly token: string;

  constructor(private readonly options: { baseUrl: string; credentials: unknown; fetch?: typeof fetch }) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    const parsed = EntraCredentials.safeParse(options.credentials);
    if (!parsed.success)
      throw new Error('Entra credentials must be JSON {"accessToken": "<Graph bearer token>"}');
    this.token = parsed.data.accessToken;
  }

  async findUser(email: string): Promise<IdpUser | null> {
    const quoted = email.toLowerCase().replace(/'/g, "''");
    const filter = encodeURIComponent(`mail eq '${quoted}' or userPrincipalName eq '${quoted}'`);
    const found = await this.call(
      'GET',
      `/users?$filter=${filter}&${SELECT}`,
      `find the Entra user ${email}`,
      z.object({ value: z.array(GraphUser) }),
    );
    const user = found?.value[0];
    return user ? toUser(user) : null;
  }

  async getUser(id: string): Promise<IdpUser | null> {
    const user = await this.call(
      'GET',
      `/users/${encodeURIComponent(id)}?${SELECT}`,
      `read the Entra user ${id}`,
      GraphUser,
      [404],
    );
    return user ? toUser(user) : null;
  }

  async isDeactivated(user: IdpUser): Promise<boolean> {
    const now = await this.getUser(user.id);
    return now !== null && !now.active;
  }

  async deactivate(user: IdpUser): Promise<IdpChange> {
    const now = await this.getUser(user.id);
    if (now === null) return 'already';
    if (now.active) await this.setEnabled(user.id, false);
    // Always: a cut whose session revocation failed last time must still end the sessions.
    await this.call(
      'POST',
      `/users/${encodeURIComponent(user.id)}/revokeSignInSessions`,
      `end the Entra sessions of ${user.id}`,
      null,
    );
    return now.active ? 'changed' : 'already';
  }

  async reactivate(user: IdpUser): Promise<IdpChange> {
    const now = await this.getUser(user.id);
    if (now === null || now.active) return 'already';
    await this.setEnabled(user.id, true);
    return 'changed';
  }

  blastRadius(_scope: IdpScope): string {
    return 'Entra accountEnabled=false and sign-in sessions revoked: the user cannot sign in to any app of the tenant (Graph offers no narrower cut); reversible';
  }

  private setEnabled(id: string, enabled: boolean) {
    return this.call(
      'PATCH',
      `/users/${encodeURIComponent(id)}`,
      `${enabled ? 'enable' : 'disable'} the Entra user ${id}`,
      null,
      [],
      {
        accountEnabled: enabled,
      },
    );
  }

  private call<T>(
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    what: string,
    schema: z.ZodType<T> | null,
    notFound: number[] = [],
    body?: unknown,
  ) {
    return idpCall({
      method,
      url: `${this.baseUrl}${path}`,
      headers: { Authorization: `Bearer ${this.token}` },
      body,
      schema,
      what,
      notFound,
      errorText: (b) => {
        const parsed = GraphError.safeParse(b);
        return parsed.success ? `${parsed.data.error.code}: ${parsed.data.error.message}` : undefined;
      },
      fetch: this.options.fetch,
    });
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

/**
 * A generic SCIM 2.0 service provider (RFC 7643/7644; reference/idp/NOTES.md §5).
 * - Cut: `PATCH /Users/{id}` with a PatchOp replacing `active` with false (200 with the resource,
 *   or 204 — both conformant). SCIM has one switch, so `sign-in` and `account` are the same call;
 *   what `active: false` means is up to the provider (some delete the user): blastRadius says so.
 * - Undo: `active: true`. Users are found with `GET /Users?filter=userName eq "…"` (the userName
 *   is assumed to be the work email, the common setup — UNVERIFIED per provider).
 */
import { z } from 'zod';
import type { IdentityProvider, IdpChange, IdpScope, IdpUser } from '../../ports/identity-provider.ts';
import { idpCall } from './idp-http.ts';

export const ScimCredentials = z.object({ bearerToken: z.string().min(1) });

const ScimUser = z.object({
  id: z.string(),
  userName: z.string(),
  active: z.boolean().default(true),
  emails: z.array(z.object({ value: z.string(), primary: z.boolean().optional() })).optional(),
});
type ScimUser = z.infer<typeof ScimUser>;
const ListResponse = z.object({ Resources: z.array(ScimUser).default([]) });
const ScimError = z.object({
  detail: z.string().optional(),
  scimType: z.string().optional(),
  status: z.union([z.string(), z.number()]),
});

export class ScimIdentityProvider implements IdentityProvider {
  readonly kind = 'scim' as const;
  private readonly baseUrl: string;
  private readonly token: string;

  constructor(private readonly options: { baseUrl: string; credentials: unknown; fetch?: typeof fetch }) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    const parsed = ScimCredentials.safeParse(options.credentials);
    if (!parsed.success) throw new Error('SCIM credentials must be JSON {"bearerToken": "<SCIM API token>"}');
    this.token = parsed.data.bearerToken;
  }

  async findUser(email: string): Promise<IdpUser | null> {
    const filter = encodeURIComponent(`userName eq "${email.toLowerCase().replace(/"/g, '\\"')}"`);
    const found = await this.call(
      'GET',
      `/Users?filter=${filter}`,
      `find the SCIM user ${email}`,
      ListResponse,
    );
    const user = found?.Resources[0];
    return user ? toUser(user) : null;
  }

  async getUser(id: string): Promise<IdpUser | null> {
    const user = await this.call(
      'GET',
      `/Users/${encodeURIComponent(id)}`,
      `read the SCIM user ${id}`,
      ScimUser,
      [404],
    );
    return user ? toUser(user) : null;
  }

  async isDeactivated(user: IdpUser): Promise<boolean> {
    const now = await this.getUser(user.id);
    return now === null || !now.active;
  }

  deactivate(user: IdpUser): Promise<IdpChange> {
    return this.setActive(user, false);
  }

  reactivate(user: IdpUser): Promise<IdpChange> {
    return this.setActive(user, true);
  }

  blastRadius(_scope: IdpScope): string {
    return 'SCIM active=false: the provider decides what that cuts (usually every sign-in through it; some providers delete the user) — check yours';
  }

  private async setActive(user: IdpUser, active: boolean): Promise<IdpChange> {
    const now = await this.getUser(user.id);
    if (now === null || now.active === active) return 'already';
    await this.call(
      'PATCH',
      `/Users/${encodeURIComponent(user.id)}`,
      `${active ? 'activate' : 'deactivate'} the SCIM user ${user.id}`,
      null,
      [],
      {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', path: 'active', value: active }],
      },
    );
    return 'changed';
  }

  private call<T>(
    method: 'GET' | 'PATCH',
    path: string,
    what: string,
    schema: z.ZodType<T> | null,
    notFound: number[] = [],
    body?: unknown,
  ) {
    return idpCall({
      method,
      url: `${this.baseUrl}${path}`,
      headers: {
        Authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/scim+json' }),
      },
      body,
      schema,
      what,
      notFound,
      errorText: (b) => {
        const parsed = ScimError.safeParse(b);
        return parsed.success
          ? [parsed.data.scimType, parsed.data.detail].filter(Boolean).join(': ') || undefined
          : undefined;
      },
      fetch: this.options.fetch,
    });
  }
}

function toUser(user: ScimUser): IdpUser {
  const email = user.emails?.find((e) => e.primary)?.value ?? user.userName;
  return { id: user.id, email: email.toLowerCase(), active: user.active, status: `active: ${user.active}` };
}

/**
 * A generic SCIM 2.0 service provider (RFC 7643/7644; reference/idp/NOTES.md §5).
 * Auth: `Authorization: Bearer <token>`; bodies `application/scim+json`.
 * - Cut: `PATCH /Users/{id}` with a PatchOp replacing `active` with false (200 with the resource or
 *   204 — both conformant). SCIM has one switch, so `sign-in` and `account` are the same call; what
 *   `active: false` does is up to the provider (some suspend, some delete the user): blastRadius
 *   says so. Undo: `active: true`.
 * - Reads first, so a user already in the target state answers `already` with no PATCH.
 * - Lookup: `GET /Users?filter=userName eq "…"` — assumes the userName is the work email, the
 *   common setup (UNVERIFIED per provider; many support only `userName`/`externalId` filters, so
 *   no `emails` fallback is tried).
 * - A user the provider no longer has is cut off (some providers delete on `active: false`), and
 *   cannot be reactivated.
 *
 * Follows: RFC 7643 (User, §4.1) and RFC 7644 (§3.4.2 filtering, §3.5.2 PATCH, §3.12 errors); the
 * transcribed schemas in test/contract/specs/scim check every request and answer. UNVERIFIED: that
 * `userName` is the work email; what `active: false` means at a given provider.
 * The read → already? → write course is idp-adapter-base.ts's; this file supplies the calls.
 */
import * as z from 'zod';
import { IdpRequestRejectedError } from '../../core/errors.ts';
import type { IdpChange, IdpScope, IdpUser } from '../../ports/identity-provider.ts';
import { IdpAdapterBase } from './idp-adapter-base.ts';
import { idpCall } from './idp-http.ts';
import type { IdpPacing } from './idp-pacing.ts';

/** What the IdP credentials secret holds for a SCIM service provider. */
export const ScimCredentials = z.object({
  /** The provider's SCIM API token (sent as `Bearer <token>`). */
  bearerToken: z.string().min(1),
});
export type ScimCredentials = z.infer<typeof ScimCredentials>;

export interface ScimIdentityProviderOptions {
  /** The SCIM base URL, e.g. https://example.com/scim/v2 (or the simulator's URL). */
  baseUrl: string;
  /** Validated with {@link ScimCredentials}: `{ bearerToken }`. */
  credentials: unknown;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Paces calls under the provider's rate limit (idp-pacing.ts). */
  pacing?: IdpPacing;
}

const ScimUser = z.object({
  id: z.string().min(1),
  userName: z.string(),
  // `active` is optional in RFC 7643; a provider that leaves it out is read as active, so Lanyard
  // never reports a cut it cannot see.
  active: z.boolean().default(true),
  emails: z.array(z.object({ value: z.string(), primary: z.boolean().optional() })).optional(),
});
type ScimUser = z.infer<typeof ScimUser>;
const ListResponse = z.object({
  totalResults: z.number().optional(),
  Resources: z.array(ScimUser).default([]),
});
/** PATCH answers: 204 (nothing) or 200 with the resource (read loosely: the read-back decides). */
const PatchAnswer = z.union([
  z.null(),
  z.object({ id: z.string().optional(), active: z.boolean().optional() }),
]);
const ScimError = z.object({
  detail: z.string().optional(),
  scimType: z.string().optional(),
  status: z.union([z.string(), z.number()]).optional(),
});
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export class ScimIdentityProvider extends IdpAdapterBase<ScimUser> {
  readonly kind = 'scim' as const;
  private readonly baseUrl: string;
  private readonly token: string;

  constructor(private readonly options: ScimIdentityProviderOptions) {
    super(() => options.pacing?.invocation());
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    const parsed = ScimCredentials.safeParse(options.credentials);
    if (!parsed.success) throw new Error('SCIM credentials must be JSON {"bearerToken": "<SCIM API token>"}');
    this.token = parsed.data.bearerToken;
  }

  async findUser(email: string): Promise<IdpUser | null> {
    const wanted = email.trim().toLowerCase();
    const filter = encodeURIComponent(`userName eq "${wanted.replace(/["\\]/g, '\\$&')}"`);
    const found = await this.call(
      'GET',
      `/Users?filter=${filter}`,
      `find the SCIM user ${email}`,
      ListResponse,
    );
    const matches = (found?.Resources ?? []).filter(
      (u) => u.userName.toLowerCase() === wanted || u.emails?.some((e) => e.value.toLowerCase() === wanted),
    );
    if (matches.length > 1) {
      throw new IdpRequestRejectedError(
        `The SCIM provider has ${matches.length} users named ${email} (${matches.map((u) => u.id).join(', ')}): ` +
          'Lanyard will not guess which one to cut off; resolve the duplicate there',
      );
    }
    return matches[0] ? toUser(matches[0]) : null;
  }

  protected read(id: string): Promise<ScimUser | null> {
    return this.call('GET', `/Users/${encodeURIComponent(id)}`, `read the SCIM user ${id}`, ScimUser, [404]);
  }

  protected toIdpUser(user: ScimUser): IdpUser {
    return toUser(user);
  }

  /** SCIM has one switch: both scopes are `active=false`. */
  protected isCut(user: ScimUser): boolean {
    return !user.active;
  }

  protected async cut(user: ScimUser): Promise<void> {
    await this.setActive(user.id, false);
  }

  protected async restore(user: ScimUser): Promise<IdpChange> {
    await this.setActive(user.id, true);
    return 'changed';
  }

  protected cannotReactivate(user: IdpUser): Error {
    return new IdpRequestRejectedError(
      `The SCIM provider no longer has the user ${user.id} (some providers delete users on active=false): provision them again`,
    );
  }

  blastRadius(scope: IdpScope): string {
    return scimBlastRadius(scope);
  }

  private async setActive(id: string, active: boolean): Promise<void> {
    await this.call(
      'PATCH',
      `/Users/${encodeURIComponent(id)}`,
      `${active ? 'activate' : 'deactivate'} the SCIM user ${id}`,
      PatchAnswer,
      [],
      { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'active', value: active }] },
    );
  }

  private call<T>(
    method: 'GET' | 'PATCH',
    path: string,
    what: string,
    schema: z.ZodType<T>,
    notFound: number[] = [],
    body?: unknown,
  ): Promise<T | null> {
    return idpCall({
      method,
      url: `${this.baseUrl}${path}`,
      headers: {
        Authorization: `Bearer ${this.token}`,
        Accept: 'application/scim+json, application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/scim+json' }),
      },
      body,
      schema,
      what,
      notFound,
      errorText: (b) => {
        const parsed = ScimError.safeParse(b);
        if (!parsed.success) return undefined;
        return [parsed.data.scimType, parsed.data.detail].filter(Boolean).join(': ') || undefined;
      },
      fetch: this.options.fetch,
      timeoutMs: this.options.timeoutMs,
      pacing: this.options.pacing,
    });
  }
}

function toUser(user: ScimUser): IdpUser {
  const email = user.emails?.find((e) => e.primary)?.value ?? user.userName;
  return { id: user.id, email: email.toLowerCase(), active: user.active, status: `active: ${user.active}` };
}

/** What `scope` cuts with this provider (needs no credentials: the approval text is built from it). */
export function scimBlastRadius(_scope: IdpScope): string {
  return 'SCIM PATCH active=false: one switch for both sign-in and account scope; the service provider decides what it cuts (usually every sign-in through it, and some providers delete the user) — check yours before approving';
}

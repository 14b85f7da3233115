/**
 * Atlassian Administration's user management API for a managed user's Atlassian-account API tokens
 * (reference/idp/NOTES.md §1.1): `GET /users/{account_id}/manage/api-tokens` and
 * `DELETE /users/{account_id}/manage/api-tokens/{tokenId}`, base `https://api.atlassian.com`,
 * `Authorization: Bearer <organization API key>` (create the key without scopes — NOTES §1).
 * The list is read as `[{id, label, createdAt, lastAccess?, expiry?}]` (jira.js
 * `src/userManagement/models/apiTokenModel.ts`; not in reference/idp — UNVERIFIED).
 * Revoking reads the list first: a token no longer listed answers `already` without a DELETE, and
 * a 404 on the DELETE (someone revoked it in between; the status is UNVERIFIED) does too.
 *
 * This file also holds what every Atlassian Administration adapter shares — the credentials
 * schema and the HTTP call (bearer key, Atlassian error bodies, 429 + X-RateLimit-Reset through
 * idp-http.ts) — so that atlassian-idp.ts can build on it without an import cycle.
 */
import * as z from 'zod';
import { IdpRequestRejectedError } from '../../core/errors.ts';
import type { AtlassianApiToken, AtlassianApiTokens } from '../../ports/atlassian-api-tokens.ts';
import { idpCall } from './idp-http.ts';
import type { IdpPacing } from './idp-pacing.ts';

/** What the IdP credentials secret holds for Atlassian Administration. */
export const AtlassianCredentials = z.object({
  /** An organization API key (admin.atlassian.com → Settings → API keys), sent as a Bearer token. */
  apiKey: z.string().min(1),
  /** The organization id (from the admin URL or `GET /admin/v1/orgs`). */
  orgId: z.string().min(1),
  /** The directory whose users are suspended (`GET /admin/v2/orgs/{orgId}/directories`). */
  directoryId: z.string().min(1),
});
export type AtlassianCredentials = z.infer<typeof AtlassianCredentials>;

export interface AtlassianAdapterOptions {
  /** https://api.atlassian.com (or the simulator's URL). */
  baseUrl: string;
  /** Validated with {@link AtlassianCredentials}: `{ apiKey, orgId, directoryId }`. */
  credentials: unknown;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Paces calls under the provider's rate limit (idp-pacing.ts). */
  pacing?: IdpPacing;
}

/**
 * Atlassian error bodies, as the jira.js models describe them (UNVERIFIED here): the
 * Organizations API's `{errors:[{code,title,detail}]}`, the user management API's
 * `[{code,message}]` and `{key:"forbidden.action"}`, and a gateway's `{code,message}`.
 */
const AtlassianErrorBody = z.union([
  z.object({
    errors: z.array(
      z.object({ code: z.string().optional(), title: z.string().optional(), detail: z.string().optional() }),
    ),
  }),
  z.array(z.object({ code: z.string().optional(), message: z.string().optional() })),
  z.object({ key: z.string() }),
  z.object({ code: z.union([z.string(), z.number()]).optional(), message: z.string() }),
]);

/** The sentence of an Atlassian error body, for messages; undefined when there is none. */
export function atlassianErrorText(body: unknown): string | undefined {
  const parsed = AtlassianErrorBody.safeParse(body);
  if (!parsed.success) return undefined;
  const data = parsed.data;
  if (Array.isArray(data)) {
    const first = data[0];
    return first ? [first.code, first.message].filter(Boolean).join(': ') || undefined : undefined;
  }
  if ('errors' in data) {
    const first = data.errors[0];
    return first
      ? [first.code, first.title, first.detail].filter(Boolean).join(': ') || undefined
      : undefined;
  }
  if ('key' in data) {
    return data.key === 'forbidden.action'
      ? 'forbidden.action: Atlassian will not do this to this account — it may not be a managed account of this organization, or it was synced from Google Workspace without Atlassian Guard (AX-186)'
      : data.key;
  }
  return [data.code, data.message].filter((part) => part !== undefined).join(': ');
}

/** One Atlassian Administration API, with the org key: what the Atlassian adapters call through. */
export class AtlassianApi {
  readonly credentials: AtlassianCredentials;
  private readonly baseUrl: string;

  constructor(private readonly options: AtlassianAdapterOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    const parsed = AtlassianCredentials.safeParse(options.credentials);
    if (!parsed.success) {
      throw new Error(
        'Atlassian credentials must be JSON {"apiKey": "<organization API key>", "orgId": "…", "directoryId": "…"}',
      );
    }
    this.credentials = parsed.data;
  }

  /** The Organizations API v2 path of the configured directory. */
  directoryPath(): string {
    const { orgId, directoryId } = this.credentials;
    return `/admin/v2/orgs/${encodeURIComponent(orgId)}/directories/${encodeURIComponent(directoryId)}`;
  }

  /** One call, no retries; null only for a status listed in `notFound`. */
  call<T>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    what: string,
    schema: z.ZodType<T>,
    options: { notFound?: number[]; body?: unknown } = {},
  ): Promise<T | null> {
    return idpCall({
      method,
      url: `${this.baseUrl}${path}`,
      headers: { Authorization: `Bearer ${this.credentials.apiKey}` },
      body: options.body,
      schema,
      what,
      notFound: options.notFound ?? [],
      errorText: atlassianErrorText,
      fetch: this.options.fetch,
      timeoutMs: this.options.timeoutMs,
      pacing: this.options.pacing,
    });
  }
}

const ApiTokenList = z.array(
  z.object({
    id: z.string().min(1),
    label: z.string(),
    createdAt: z.string().optional(),
    lastAccess: z.string().nullish(),
    expiry: z.string().nullish(),
  }),
);
/** Any 2xx answer (204, or a body Lanyard does not read) means the DELETE was done. */
const Done = z.unknown().transform(() => 'done' as const);

export class AtlassianApiTokenAdmin implements AtlassianApiTokens {
  private readonly api: AtlassianApi;

  constructor(options: AtlassianAdapterOptions | AtlassianApi) {
    this.api = options instanceof AtlassianApi ? options : new AtlassianApi(options);
  }

  async listApiTokens(accountId: string): Promise<AtlassianApiToken[]> {
    const tokens = await this.api.call(
      'GET',
      `/users/${encodeURIComponent(accountId)}/manage/api-tokens`,
      `list the Atlassian API tokens of ${accountId}`,
      ApiTokenList,
      { notFound: [404] },
    );
    if (tokens === null) {
      // Never "no tokens": the leaver's tokens would stay valid without anyone being told.
      throw new IdpRequestRejectedError(
        `Could not list the Atlassian API tokens of ${accountId}: Atlassian does not know that account ` +
          '(404) — it may have been deleted or not be managed by this organization; check it in admin.atlassian.com',
      );
    }
    return tokens.map(({ id, label }) => ({ id, label }));
  }

  async revokeApiToken(accountId: string, tokenId: string): Promise<'revoked' | 'already'> {
    const listed = await this.listApiTokens(accountId);
    if (!listed.some((token) => token.id === tokenId)) return 'already';
    const done = await this.api.call(
      'DELETE',
      `/users/${encodeURIComponent(accountId)}/manage/api-tokens/${encodeURIComponent(tokenId)}`,
      `revoke the Atlassian API token ${tokenId} of ${accountId}`,
      Done,
      { notFound: [404] },
    );
    return done === null ? 'already' : 'revoked';
  }
}

/**
 * Microsoft Graph access tokens by the OAuth 2.0 client credentials grant (Microsoft identity
 * platform, "OAuth 2.0 client credentials flow"): `POST {authority}/{tenantId}/oauth2/v2.0/token`,
 * form `client_id`, `client_secret`, `scope=https://graph.microsoft.com/.default` (a client
 * credentials request names the resource with `/.default`; the app's granted application
 * permissions apply), `grant_type=client_credentials` → `{token_type: "Bearer", expires_in,
 * access_token}`; no refresh token is issued, the same request is simply made again.
 * Errors are `{error, error_description: "AADSTS…", error_codes, timestamp, trace_id,
 * correlation_id}` with 400 by default and 401 when authentication failed (Microsoft's token
 * endpoint error docs). Which code answers a wrong secret (`invalid_client`, AADSTS7000215) and
 * an unknown app (`unauthorized_client`, AADSTS700016), and with which status, is UNVERIFIED
 * against Microsoft's current docs; the hints below cover both.
 *
 * Hand-written rather than `@azure/msal-node`: MSAL refuses an authority that is not https
 * ("Authority URIs must use https"), so it cannot be pointed at the loopback simulator, and it
 * resolves the authority through instance discovery / OpenID metadata requests before the token
 * request unless that metadata is supplied by hand. This flow is one form POST.
 */
import * as z from 'zod';
import { RenewingToken, type TokenSourceOptions } from './access-token.ts';
import { requestToken } from './token-endpoint.ts';

export const ENTRA_AUTHORITY = 'https://login.microsoftonline.com';
export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

/** The long-lived app registration credentials the IdP secret holds for Entra. */
export const EntraClientCredentials = z.object({
  /** Directory (tenant) id, or a verified domain of the tenant. */
  tenantId: z.string().min(1),
  /** Application (client) id of the app registration. */
  clientId: z.string().min(1),
  /** A client secret of that app registration (they expire: rotate it in Entra and the secret). */
  clientSecret: z.string().min(1),
  /** Token authority; only set for a sovereign cloud or the local simulator. @default login.microsoftonline.com */
  authorityBaseUrl: z.url().optional(),
});
export type EntraClientCredentials = z.infer<typeof EntraClientCredentials>;

export function entraTokenSource(
  credentials: EntraClientCredentials,
  options: TokenSourceOptions = {},
): RenewingToken {
  const authority = (credentials.authorityBaseUrl ?? ENTRA_AUTHORITY).replace(/\/+$/, '');
  const url = `${authority}/${encodeURIComponent(credentials.tenantId)}/oauth2/v2.0/token`;
  return new RenewingToken(
    () =>
      requestToken({
        provider: 'Entra',
        url,
        form: {
          client_id: credentials.clientId,
          client_secret: credentials.clientSecret,
          scope: GRAPH_SCOPE,
          grant_type: 'client_credentials',
        },
        secrets: [credentials.clientSecret],
        credentialHint: entraHint,
        fetch: options.fetch,
        timeoutMs: options.timeoutMs,
      }),
    options.now,
  );
}

function entraHint(error: string | undefined): string {
  const where = 'in the IdP credentials secret';
  switch (error) {
    case 'invalid_client':
      return `Check clientSecret ${where}: it must be a current secret of the app registration clientId (secrets expire).`;
    case 'unauthorized_client':
      return `Check clientId and tenantId ${where}: the app registration must exist in that tenant.`;
    case 'invalid_request':
      return `Check tenantId ${where} (a directory id or verified domain of the tenant).`;
    default:
      return `Check tenantId, clientId and clientSecret ${where}.`;
  }
}

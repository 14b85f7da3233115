/**
 * The configured identity provider's adapter, from config, with its credentials checked at
 * start: bad credentials stop every step that needs them with a clear message, never a silent
 * skip (offboarding would then leave SSO access in place without saying so). With Atlassian
 * Administration the same adapter also revokes Atlassian-account API tokens.
 */

import type { Config } from '../../composition/config.ts';
import { ConfigInvalidError } from '../../core/errors.ts';
import type { AtlassianApiTokens } from '../../ports/atlassian-api-tokens.ts';
import type { IdentityProvider, IdpKind, IdpScope } from '../../ports/identity-provider.ts';
import { AtlassianAdmin, atlassianBlastRadius } from './atlassian-idp.ts';
import { EntraIdentityProvider, entraBlastRadius } from './entra-idp.ts';
import { GoogleIdentityProvider, googleBlastRadius } from './google-idp.ts';
import { loadIdpCredentials } from './idp-credentials.ts';
import { OktaIdentityProvider, oktaBlastRadius } from './okta-idp.ts';
import { ScimIdentityProvider, scimBlastRadius } from './scim-idp.ts';

type AdapterOptions = { baseUrl: string; credentials: unknown };

const ADAPTERS: Record<IdpKind, (options: AdapterOptions) => IdentityProvider> = {
  okta: (options) => new OktaIdentityProvider(options),
  entra: (options) => new EntraIdentityProvider(options),
  google: (options) => new GoogleIdentityProvider(options),
  atlassian: (options) => new AtlassianAdmin(options),
  scim: (options) => new ScimIdentityProvider(options),
};

/** Each provider's blast radius, known before (and without) its credentials. */
export const BLAST_RADIUS: Record<IdpKind, (scope: IdpScope) => string> = {
  okta: oktaBlastRadius,
  entra: entraBlastRadius,
  google: googleBlastRadius,
  atlassian: atlassianBlastRadius,
  scim: scimBlastRadius,
};

export async function createIdentityProvider(
  idp: Config['offboarding']['idp'],
): Promise<{ idp: IdentityProvider | null; atlassianTokens: AtlassianApiTokens | null }> {
  if (idp === null) return { idp: null, atlassianTokens: null };
  const credentials = await loadIdpCredentials(idp.credentials);
  try {
    const adapter = ADAPTERS[idp.kind]({ baseUrl: idp.baseUrl, credentials });
    return { idp: adapter, atlassianTokens: adapter instanceof AtlassianAdmin ? adapter : null };
  } catch (error) {
    throw new ConfigInvalidError(`The ${idp.kind} credentials are invalid: ${(error as Error).message}`);
  }
}

/**
 * The configured identity provider's adapter, from config. Kinds whose adapter is not in this
 * build are refused at start with a clear message (never silently skipped: offboarding would
 * then leave SSO access in place without saying so).
 */
import { ConfigInvalidError } from '../../core/errors.ts';
import type { AtlassianTokenRevoker } from '../../core/offboarding/offboarding-deps.ts';
import type { IdentityProvider, IdpKind } from '../../ports/identity-provider.ts';
import type { Config } from '../../runtime/config.ts';
import { loadIdpCredentials } from './idp-credentials.ts';
import { OktaIdentityProvider } from './okta-idp.ts';

type AdapterFactory = (options: { baseUrl: string; credentials: unknown }) => IdentityProvider;

const ADAPTERS: Partial<Record<IdpKind, AdapterFactory>> = {
  okta: (options) => new OktaIdentityProvider(options),
};

export async function createIdentityProvider(
  idp: Config['offboarding']['idp'],
): Promise<{ idp: IdentityProvider | null; atlassianTokens: AtlassianTokenRevoker | null }> {
  if (idp === null) return { idp: null, atlassianTokens: null };
  const factory = ADAPTERS[idp.kind];
  if (!factory) {
    throw new ConfigInvalidError(
      `No ${idp.kind} adapter in this build of Lanyard (available: ${Object.keys(ADAPTERS).join(', ')}); set LANYARD_IDP_KIND to one of those or to none`,
    );
  }
  const credentials = await loadIdpCredentials(idp.credentials);
  try {
    return { idp: factory({ baseUrl: idp.baseUrl, credentials }), atlassianTokens: null };
  } catch (error) {
    throw new ConfigInvalidError(`The ${idp.kind} credentials are invalid: ${(error as Error).message}`);
  }
}

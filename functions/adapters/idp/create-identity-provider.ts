/**
 * The configured identity provider's adapter, from config, with its credentials checked at
 * start: bad credentials stop every step that needs them with a clear message, never a silent
 * skip (offboarding would then leave SSO access in place without saying so). With Atlassian
 * Administration the same adapter also revokes Atlassian-account API tokens. Given a pacer, every
 * call of the adapter is paced to the provider's rate (idp-pacing.ts).
 */

import type { Config } from '../../composition/config.ts';
import { ConfigInvalidError } from '../../core/errors.ts';
import type { AtlassianApiTokens } from '../../ports/atlassian-api-tokens.ts';
import type { IdentityProvider, IdpKind, IdpScope } from '../../ports/identity-provider.ts';
import type { RequestPacer } from '../../ports/request-pacer.ts';
import type { Budget } from '../pacing/budgeted-take.ts';
import { AtlassianAdmin, atlassianBlastRadius } from './atlassian-idp.ts';
import { EntraIdentityProvider, entraBlastRadius } from './entra-idp.ts';
import { GoogleIdentityProvider, googleBlastRadius } from './google-idp.ts';
import { loadIdpCredentials } from './idp-credentials.ts';
import { IdpPacing } from './idp-pacing.ts';
import { idpRateLimitOf } from './idp-rate-limits.ts';
import { OktaIdentityProvider, oktaBlastRadius } from './okta-idp.ts';
import { ScimIdentityProvider, scimBlastRadius } from './scim-idp.ts';

type AdapterOptions = { baseUrl: string; credentials: unknown; pacing?: IdpPacing };

type IdpConfig = NonNullable<Config['offboarding']['idp']>;
/** The IdP config; the rate settings may be left out (the published defaults, real windows). */
export type IdpSettings = Omit<IdpConfig, 'requestsPerMinute' | 'timeScale'> &
  Partial<Pick<IdpConfig, 'requestsPerMinute' | 'timeScale'>>;

/** The shared pacer the adapter's calls take their slots from, and the running step's budget. */
export interface IdpPacerSettings {
  pacer: RequestPacer;
  budget?: () => Budget | undefined;
}

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
  idp: IdpSettings | null,
  paced?: IdpPacerSettings,
): Promise<{ idp: IdentityProvider | null; atlassianTokens: AtlassianApiTokens | null }> {
  if (idp === null) return { idp: null, atlassianTokens: null };
  const credentials = await loadIdpCredentials(idp.credentials);
  const pacing =
    paced &&
    new IdpPacing({
      pacer: paced.pacer,
      kind: idp.kind,
      baseUrl: idp.baseUrl,
      limit: idpRateLimitOf(idp.kind, idp.requestsPerMinute ?? null, idp.timeScale ?? 1),
      budget: paced.budget,
    });
  try {
    const adapter = ADAPTERS[idp.kind]({ baseUrl: idp.baseUrl, credentials, pacing });
    return { idp: adapter, atlassianTokens: adapter instanceof AtlassianAdmin ? adapter : null };
  } catch (error) {
    throw new ConfigInvalidError(`The ${idp.kind} credentials are invalid: ${(error as Error).message}`);
  }
}

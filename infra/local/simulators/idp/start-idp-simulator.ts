/** The IdP simulators, by kind (the local stack starts the configured one). */
import type { IdpKind } from '../../../../functions/ports/identity-provider.ts';
import { startAtlassianSimulator } from './atlassian/atlassian-simulator.ts';
import { startEntraSimulator } from './entra/entra-simulator.ts';
import { startGoogleSimulator } from './google/google-simulator.ts';
import type { IdpSimulator, IdpSimulatorOptions } from './idp-simulator.ts';
import { startOktaSimulator } from './okta/okta-simulator.ts';
import { startScimSimulator } from './scim/scim-simulator.ts';

export const IDP_SIMULATORS: Record<IdpKind, (options?: IdpSimulatorOptions) => Promise<IdpSimulator>> = {
  okta: startOktaSimulator,
  entra: startEntraSimulator,
  google: startGoogleSimulator,
  atlassian: startAtlassianSimulator,
  scim: startScimSimulator,
};

export function startIdpSimulatorOf(kind: IdpKind, options?: IdpSimulatorOptions): Promise<IdpSimulator> {
  return IDP_SIMULATORS[kind](options);
}

/** The IdP simulators this build has, by kind (the local stack starts the configured one). */
import type { IdpKind } from '../../../../functions/ports/identity-provider.ts';
import type { IdpSimulator, IdpSimulatorOptions } from './idp-simulator.ts';
import { startOktaSimulator } from './okta/okta-simulator.ts';

export const IDP_SIMULATORS: Partial<
  Record<IdpKind, (options?: IdpSimulatorOptions) => Promise<IdpSimulator>>
> = {
  okta: startOktaSimulator,
};

export function startIdpSimulatorOf(kind: IdpKind, options?: IdpSimulatorOptions): Promise<IdpSimulator> {
  const start = IDP_SIMULATORS[kind];
  if (!start) {
    throw new Error(
      `No ${kind} simulator in this build (available: ${Object.keys(IDP_SIMULATORS).join(', ')})`,
    );
  }
  return start(options);
}

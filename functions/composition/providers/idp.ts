/**
 * The identity provider's ports: the IdP itself and, with Atlassian Administration, its API-token
 * revocation (the same adapter). Which of them exist follows from the config alone, and the
 * adapters' code is loaded only when one does; the adapter, which reads the IdP's credentials
 * secret, waits for the first call. Its calls are paced through the composition's shared pacer
 * (the Trello adapter's), within the running step's budget.
 */
import type { AtlassianApiTokens } from '../../ports/atlassian-api-tokens.ts';
import type { IdentityProvider } from '../../ports/identity-provider.ts';
import { type Composition, definePort } from '../composition.ts';
import { currentBudget } from '../invocation-budget.ts';
import { lazyPort } from '../lazy-port.ts';

const adapters = () => import('../../adapters/idp/create-identity-provider.ts');
const pacing = () => import('../shared-pacer.ts');

export const idp = definePort('idp', async (composition) => {
  const idpConfig = composition.config.offboarding.idp;
  if (idpConfig === null) return null;
  const { BLAST_RADIUS } = await adapters();
  return lazyPort(async () => (await builtIdp(composition)).idp as IdentityProvider, {
    kind: idpConfig.kind,
    blastRadius: BLAST_RADIUS[idpConfig.kind],
  });
});

export const atlassianTokens = definePort('atlassianTokens', (composition) =>
  composition.config.offboarding.idp?.kind === 'atlassian'
    ? lazyPort(async () => (await builtIdp(composition)).atlassianTokens as AtlassianApiTokens)
    : null,
);

type BuiltIdp = Awaited<ReturnType<Awaited<ReturnType<typeof adapters>>['createIdentityProvider']>>;

const built = new WeakMap<Composition, Promise<BuiltIdp>>();

/** One adapter per composition for both ports; a failed build (unreadable secret) is tried again. */
function builtIdp(composition: Composition): Promise<BuiltIdp> {
  let build = built.get(composition);
  if (build === undefined) {
    build = Promise.all([adapters(), pacing()])
      .then(([{ createIdentityProvider }, { pacerOf }]) =>
        createIdentityProvider(composition.config.offboarding.idp, {
          pacer: pacerOf(composition),
          budget: currentBudget,
        }),
      )
      .catch((error: unknown) => {
        built.delete(composition); // an unreachable secret must not poison every later call
        throw error;
      });
    built.set(composition, build);
  }
  return build;
}

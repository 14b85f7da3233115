/**
 * Restore IdP User (rehires only): an offboarding cut the person off in the identity provider,
 * so the rehire gets their SSO back before Trello access — the account-wide cut first (if the
 * offboarding made one), then the sign-in cut. A person the IdP does not know is recorded, not
 * failed: Trello access can still be given.
 */
import type { IdentityProvider } from '../../ports/identity-provider.ts';
import { auditedChange, ensureCurrentRun, type RunContext, recordStep } from '../run-context.ts';
import type { OnboardingDeps } from './onboarding-deps.ts';

export async function restoreIdpUser(
  run: RunContext,
  deps: OnboardingDeps<'people' | 'runs' | 'audit'> & { idp: IdentityProvider | null },
): Promise<{ result: 'restored' | 'already' | 'user-not-found' | 'not-configured' | 'planned' }> {
  await ensureCurrentRun(run, deps);
  const step = 'restore-idp-user';
  const { idp } = deps;
  if (idp === null) {
    await recordStep(run, deps, step, 'skipped', 'No identity provider is configured');
    return { result: 'not-configured' };
  }
  const user = await idp.findUser(run.person.email);
  if (user === null) {
    await recordStep(
      run,
      deps,
      step,
      'failed',
      `${idp.kind} has no user ${run.person.email}: restore their SSO by hand`,
    );
    return { result: 'user-not-found' };
  }
  let restored = false;
  for (const scope of ['account', 'sign-in'] as const) {
    if (!(await idp.isDeactivated(user, scope))) continue;
    if (run.dryRun) {
      await recordStep(
        run,
        deps,
        step,
        'planned',
        `Would restore ${run.person.email} in ${idp.kind} (${scope})`,
      );
      return { result: 'planned' };
    }
    await auditedChange(
      run,
      deps,
      {
        action: `idp-reactivate-${scope}`,
        target: `${idp.kind}:${user.id}`,
        detail: `restore ${run.person.email} in ${idp.kind} (${scope}) on rehire`,
      },
      () => idp.reactivate(user, scope),
    );
    restored = true;
  }
  await recordStep(
    run,
    deps,
    step,
    restored ? 'done' : 'skipped',
    restored
      ? `Restored ${run.person.email} in ${idp.kind}`
      : `${run.person.email} can already sign in through ${idp.kind}`,
  );
  return { result: restored ? 'restored' : 'already' };
}

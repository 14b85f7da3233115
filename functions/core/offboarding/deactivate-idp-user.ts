/**
 * Deactivate IdP User: cut the leaver off in the identity provider at `scope` (a deactivated
 * Trello member can still sign in with SSO). The `sign-in` cut is an access cut: it runs as soon
 * as the offboarding is due, beside the Trello cut and never behind a person, is read back, and
 * its time to cut is recorded (`clock`). `account` runs only after the account-wide approval.
 * Idempotent: the adapter reads first and answers `already`.
 * A user the IdP does not know is recorded as such (a refused cut) — never reported as deactivated.
 * Any other failure is thrown: the workflow records it and tries again until read back.
 */
import type { IdpScope } from '../../ports/identity-provider.ts';
import { ProvisioningNotVerifiedError } from '../errors.ts';
import { auditedChange, ensureCurrentRun, type RunContext, recordStep } from '../run-context.ts';
import { type CutRecordDeps, recordCutEnded } from './access-cut.ts';
import type { CutClock } from './cut-clock.ts';
import type { OffboardingDeps } from './offboarding-deps.ts';

export type IdpCutResult = 'changed' | 'already' | 'user-not-found' | 'not-configured' | 'planned';

export async function deactivateIdpUser(
  run: RunContext,
  scope: IdpScope,
  clock: CutClock | null,
  deps: CutRecordDeps & Pick<OffboardingDeps, 'idp' | 'people' | 'audit'>,
): Promise<{ result: IdpCutResult; userId: string | null }> {
  await ensureCurrentRun(run, deps);
  const step = `deactivate-idp-${scope}`;
  const { idp } = deps;
  /** The sign-in cut is timed; the account-wide one (after an approval) is not an access cut. */
  const cutEnded = async (state: 'done' | 'refused', detail: string) => {
    if (clock !== null && !run.dryRun) await recordCutEnded(run, 'idp', clock, { state, detail }, deps);
  };
  if (idp === null) {
    await recordStep(
      run,
      deps,
      step,
      'skipped',
      'No identity provider is configured: SSO access was not cut by Lanyard',
    );
    return { result: 'not-configured', userId: null };
  }
  const user = await idp.findUser(run.person.email);
  if (user === null) {
    const detail = `${idp.kind} has no user ${run.person.email}: nothing to deactivate there`;
    await cutEnded('refused', detail);
    await recordStep(run, deps, step, 'failed', detail);
    return { result: 'user-not-found', userId: null };
  }
  if (run.dryRun) {
    await recordStep(
      run,
      deps,
      step,
      'planned',
      `Would cut ${run.person.email} off in ${idp.kind} (${scope}): ${idp.blastRadius(scope)}`,
    );
    return { result: 'planned', userId: user.id };
  }
  if (await idp.isDeactivated(user, scope)) {
    // A retry after the cut but before the sessions ended lands here: the adapter's deactivate is
    // idempotent and still ends the sessions (no audit entry: nothing new was decided).
    await idp.deactivate(user, scope);
    const detail = `${run.person.email} is already cut off in ${idp.kind} (${scope})`;
    await cutEnded('done', detail);
    await recordStep(run, deps, step, 'skipped', detail);
    return { result: 'already', userId: user.id };
  }
  const change = await auditedChange(
    run,
    deps,
    {
      action: `idp-deactivate-${scope}`,
      target: `${idp.kind}:${user.id}`,
      detail: `cut ${run.person.email} off in ${idp.kind} (${scope}: ${idp.blastRadius(scope)})`,
    },
    () => idp.deactivate(user, scope),
  );
  if (!(await idp.isDeactivated(user, scope))) {
    throw new ProvisioningNotVerifiedError(
      `${idp.kind} still shows ${run.person.email} able to sign in after the ${scope} cut`,
    );
  }
  const detail = `Cut ${run.person.email} off in ${idp.kind} (${scope}, read back)${change === 'already' ? ', already so' : ''}`;
  await cutEnded('done', detail);
  await recordStep(run, deps, step, 'done', detail);
  return { result: change, userId: user.id };
}

/**
 * Deactivate IdP User: cut the leaver off in the identity provider at `scope` (a deactivated
 * Trello member can still sign in with SSO). `sign-in` is the default; `account` runs only after
 * the account-wide approval. Idempotent: the adapter reads first and answers `already`.
 * A user the IdP does not know is recorded as such — never reported as deactivated.
 */
import type { IdpScope } from '../../ports/identity-provider.ts';
import { auditedChange, ensureCurrentRun, type RunContext, recordStep } from '../run-context.ts';
import type { OffboardingDeps } from './offboarding-deps.ts';

export type IdpCutResult = 'changed' | 'already' | 'user-not-found' | 'not-configured' | 'planned';

export async function deactivateIdpUser(
  run: RunContext,
  scope: IdpScope,
  deps: OffboardingDeps,
): Promise<{ result: IdpCutResult; userId: string | null }> {
  await ensureCurrentRun(run, deps);
  const step = `deactivate-idp-${scope}`;
  const { idp } = deps;
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
    await recordStep(
      run,
      deps,
      step,
      'failed',
      `${idp.kind} has no user ${run.person.email}: nothing to deactivate there`,
    );
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
    await recordStep(
      run,
      deps,
      step,
      'skipped',
      `${run.person.email} is already cut off in ${idp.kind} (${scope})`,
    );
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
  await recordStep(
    run,
    deps,
    step,
    'done',
    `Cut ${run.person.email} off in ${idp.kind} (${scope})${change === 'already' ? ', already so' : ''}`,
  );
  return { result: change, userId: user.id };
}

/**
 * Deactivate Member: one write, `deactivated=true` (frees the seat; keeps the person on their
 * cards), then read back. Already deactivated → no write. No Trello account → nothing to do.
 * An Enterprise managed in Atlassian Administration refuses the write (AdminHub): that is
 * recorded, and the IdP step (Atlassian Admin API) is then the only automated cut.
 */
import { AdminHubManagedError, ProvisioningNotVerifiedError } from '../errors.ts';
import { auditedChange, ensureCurrentRun, type RunContext, recordStep } from '../run-context.ts';
import type { OffboardingDeps } from './offboarding-deps.ts';

export type DeactivateMemberResult =
  | 'deactivated'
  | 'already'
  | 'no-account'
  | 'adminhub-managed'
  | 'planned';

export async function deactivateMember(
  run: RunContext,
  memberId: string | null,
  deps: OffboardingDeps,
): Promise<{ result: DeactivateMemberResult }> {
  await ensureCurrentRun(run, deps);
  const done = async (
    result: DeactivateMemberResult,
    step: 'done' | 'skipped' | 'planned' | 'failed',
    detail: string,
  ) => {
    await recordStep(run, deps, 'deactivate-member', step, detail);
    return { result };
  };
  if (memberId === null)
    return done('no-account', 'skipped', `${run.person.email} has no Trello account to deactivate`);
  const before = await deps.trello.findMemberByEmail(run.person.email);
  if (before?.memberId === memberId && before.deactivated) {
    return done('already', 'skipped', `Trello member ${memberId} is already deactivated`);
  }
  if (run.dryRun)
    return done('planned', 'planned', `Would deactivate Trello member ${memberId} (frees their seat)`);
  try {
    await auditedChange(
      run,
      deps,
      {
        action: 'deactivate-member',
        target: `member:${memberId}`,
        detail: `deactivate ${run.person.email} in the Enterprise`,
      },
      () => deps.trello.setDeactivated(memberId, true),
    );
  } catch (error) {
    if (error instanceof AdminHubManagedError) return done('adminhub-managed', 'failed', error.message);
    throw error;
  }
  const after = await deps.trello.findMemberByEmail(run.person.email);
  if (after?.memberId === memberId && !after.deactivated) {
    throw new ProvisioningNotVerifiedError(
      `Trello still shows ${run.person.email} active after deactivation`,
    );
  }
  return done('deactivated', 'done', `Deactivated Trello member ${memberId}; their seat is free`);
}

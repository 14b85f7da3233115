/** Reactivate Member: a deactivated account must be reactivated before it can hold a seat again. */
import { StepInputInvalidError } from '../errors.ts';
import { auditedChange, ensureCurrentRun, type RunContext, recordStep } from '../run-context.ts';
import type { OnboardingDeps } from './onboarding-deps.ts';

export async function reactivateMember(
  run: RunContext,
  memberId: string | null,
  deps: OnboardingDeps,
): Promise<{ memberId: string | null }> {
  await ensureCurrentRun(run, deps);
  if (run.dryRun) {
    await recordStep(
      run,
      deps,
      'reactivate-member',
      'planned',
      `Would reactivate ${memberId ?? run.person.email}`,
    );
    return { memberId };
  }
  if (memberId === null)
    throw new StepInputInvalidError('Reactivate Member needs the Trello member id from the decision step');
  await auditedChange(
    run,
    deps,
    {
      action: 'reactivate-member',
      target: `member:${memberId}`,
      detail: `Reactivate ${run.person.email} in the Enterprise`,
    },
    () => deps.trello.setDeactivated(memberId, false),
  );
  await recordStep(run, deps, 'reactivate-member', 'done', `Reactivated ${run.person.email}`);
  return { memberId };
}

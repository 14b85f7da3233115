/**
 * Grant Seat: one write, `licensed=true`, which Trello treats as set-to-value, so a re-run after a
 * crash repeats it harmlessly and completes the same audit entry. No seat left → SeatsExhausted,
 * which the workflow catches to ask an admin for seats.
 */
import { StepInputInvalidError } from '../errors.ts';
import { auditedChange, ensureCurrentRun, type RunContext, recordStep } from '../run-context.ts';
import type { OnboardingDeps } from './onboarding-deps.ts';

export async function grantSeat(
  run: RunContext,
  memberId: string | null,
  deps: OnboardingDeps,
): Promise<{ memberId: string | null }> {
  await ensureCurrentRun(run, deps);
  if (run.dryRun) {
    await recordStep(
      run,
      deps,
      'grant-seat',
      'planned',
      `Would grant a seat to ${memberId ?? run.person.email}`,
    );
    return { memberId };
  }
  if (memberId === null)
    throw new StepInputInvalidError('Grant Seat needs the Trello member id from the decision step');
  await auditedChange(
    run,
    deps,
    { action: 'grant-seat', target: `member:${memberId}`, detail: `License seat for ${run.person.email}` },
    () => deps.trello.setLicensed(memberId, true),
  );
  await recordStep(run, deps, 'grant-seat', 'done', `Seat granted to ${run.person.email}`);
  return { memberId };
}

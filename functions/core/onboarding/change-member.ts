/**
 * One audited, set-to-value change to an existing member (grant a seat, reactivate): Trello treats
 * these PUTs as "set to value", so a re-run after a crash repeats the write harmlessly and
 * completes the same audit entry. A dry run records what it would do.
 */
import type { TrelloAdmin } from '../../ports/trello-admin.ts';
import { StepInputInvalidError } from '../errors.ts';
import { auditedChange, ensureCurrentRun, type RunContext, recordStep } from '../run-context.ts';
import type { OnboardingDeps } from './onboarding-deps.ts';

export interface MemberChange {
  /** Step id, as in the step catalog. */
  step: string;
  /** Audit action. */
  action: string;
  /** What is done, e.g. "License seat": completed with the person in the audit and run record. */
  what: string;
  apply: (trello: MemberWrites, memberId: string) => Promise<unknown>;
}

/** The member writes a set-to-value change makes. */
export type MemberWrites = Pick<TrelloAdmin, 'setLicensed' | 'setDeactivated'>;

/** The records a member change audits and records its step in, and the writes it makes. */
export type ChangeMemberDeps = Pick<OnboardingDeps, 'people' | 'runs' | 'audit' | 'clock'> & {
  trello: MemberWrites;
};

export async function changeMember(
  run: RunContext,
  memberId: string | null,
  deps: ChangeMemberDeps,
  change: MemberChange,
): Promise<{ memberId: string | null }> {
  await ensureCurrentRun(run, deps);
  const who = `${run.person.email}${memberId ? ` (${memberId})` : ''}`;
  if (run.dryRun) {
    await recordStep(run, deps, change.step, 'planned', `Would do: ${change.what} for ${who}`);
    return { memberId };
  }
  if (memberId === null)
    throw new StepInputInvalidError(`${change.what} needs the Trello member id from the decision step`);
  await auditedChange(
    run,
    deps,
    { action: change.action, target: `member:${memberId}`, detail: `${change.what} for ${run.person.email}` },
    () => change.apply(deps.trello, memberId),
  );
  await recordStep(run, deps, change.step, 'done', `Done: ${change.what} for ${who}`);
  return { memberId };
}

/**
 * Deactivate Member — the Trello access cut, run as soon as the offboarding is due, beside the IdP
 * cut and before anything else touches Trello (boards are handed over after it; see
 * plan-offboarding.ts). One write, `deactivated=true` (frees the seat; keeps the person on their
 * cards), then read back. Already deactivated → no write. No Trello account → nothing to cut.
 * An Enterprise managed in Atlassian Administration refuses the write (AdminHub): the cut is
 * recorded as refused, which a person must act on.
 * Any other failure is thrown: the workflow records it and tries again (Note Cut Delay) until the
 * cut is read back or its keep-trying window ends.
 */

import type { TrelloAdmin } from '../../ports/trello-admin.ts';
import { AdminHubManagedError, ProvisioningNotVerifiedError } from '../errors.ts';
import { auditedChange, ensureCurrentRun, type RunContext, recordStep } from '../run-context.ts';
import { type CutRecordDeps, recordCutEnded } from './access-cut.ts';
import type { CutClock } from './cut-clock.ts';
import { findLeaver, rememberMemberId } from './find-leaver.ts';
import type { OffboardingDeps } from './offboarding-deps.ts';

export type DeactivateMemberResult =
  | 'deactivated'
  | 'already'
  | 'no-account'
  | 'adminhub-managed'
  | 'planned';

/** The records, the cut's bookkeeping and the part of Trello the Trello cut uses. */
export type DeactivateMemberDeps = CutRecordDeps &
  Pick<OffboardingDeps, 'people' | 'audit'> & {
    trello: Pick<TrelloAdmin, 'findMemberByEmail' | 'queryMembers' | 'setDeactivated'>;
  };

export async function deactivateMember(
  run: RunContext,
  clock: CutClock,
  deps: DeactivateMemberDeps,
): Promise<{ result: DeactivateMemberResult; memberId: string | null }> {
  await ensureCurrentRun(run, deps);
  const member = await findLeaver(run, deps);
  const memberId = member?.memberId ?? null;
  const ended = async (
    result: DeactivateMemberResult,
    step: 'done' | 'skipped' | 'planned' | 'failed',
    detail: string,
  ) => {
    if (!run.dryRun) {
      await recordCutEnded(
        run,
        'trello',
        clock,
        { state: result === 'adminhub-managed' ? 'refused' : 'done', detail },
        deps,
      );
    }
    await recordStep(run, deps, 'deactivate-member', step, detail);
    return { result, memberId };
  };
  if (member === null)
    return ended('no-account', 'skipped', `${run.person.email} has no Trello account to deactivate`);
  await rememberMemberId(run, member.memberId, deps);
  if (member.deactivated) {
    return ended('already', 'skipped', `Trello member ${member.memberId} is already deactivated`);
  }
  if (run.dryRun)
    return ended(
      'planned',
      'planned',
      `Would deactivate Trello member ${member.memberId} (frees their seat)`,
    );
  try {
    await auditedChange(
      run,
      deps,
      {
        action: 'deactivate-member',
        target: `member:${member.memberId}`,
        detail: `deactivate ${run.person.email} in the Enterprise`,
      },
      () => deps.trello.setDeactivated(member.memberId, true),
    );
  } catch (error) {
    if (error instanceof AdminHubManagedError) return ended('adminhub-managed', 'failed', error.message);
    throw error;
  }
  const after = await deps.trello.findMemberByEmail(run.person.email);
  if (after?.memberId === member.memberId && !after.deactivated) {
    throw new ProvisioningNotVerifiedError(
      `Trello still shows ${run.person.email} active after deactivation`,
    );
  }
  return ended(
    'deactivated',
    'done',
    `Deactivated Trello member ${member.memberId} (read back); their seat is free`,
  );
}

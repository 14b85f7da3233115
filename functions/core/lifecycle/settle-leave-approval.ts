/**
 * Settle Leave Approval (the leave-approval workflow's last step), by how the wait ended:
 * - approved: the leave policy's change is made as the leave's run (`leave:<eventId>`, audited as
 *   any leave change), only while the person is still `active` and on that same leave; otherwise
 *   nothing changes and admins are told why (approved too late). If a newer leave event is applied
 *   while the change is made, it is undone (apply-leave.ts undoLeave).
 * - rejected, withdrawn (leave ended, person left) or not decided in time: the run ends `skipped`,
 *   nothing changed in Trello or the IdP; an approval still pending (the wait timed out) is closed
 *   as expired, audited.
 * - the ask itself failed: the run fails and admins are notified.
 * Safe to run again: the run ends once (a re-run finds it ended), the change is idempotent.
 */
import type { LifecycleEventDetail } from '../../contracts/hr-event.ts';
import type { Approvals } from '../../ports/records/approvals.ts';
import { ErrorNames } from '../errors.ts';
import type { RunContext } from '../run-context.ts';
import { type LeaveDeps, runLeave, undoLeave } from './apply-leave.ts';
import { runPersonOf } from './claim-lifecycle.ts';
import {
  leaveApprovalExecutionName,
  leaveApprovalId,
  whyLeaveIsOver,
  withdrawLeaveApproval,
} from './leave-approval.ts';
import { endProfileRun, failProfileRun } from './profile-event-run.ts';
import { leaveRunId } from './run-ids.ts';

/** What the wait answered: SendTaskSuccess's output, or the error the workflow caught. */
export type LeaveDecision =
  | { decision: 'approved'; approvalId: string; decidedBy: string | null; comment: string | null }
  | { Error: string; Cause?: string | null };

export type SettleLeaveApprovalDeps = LeaveDeps<'people' | 'runs' | 'audit'> & { approvals: Approvals };

export async function settleLeaveApproval(
  event: LifecycleEventDetail,
  decided: LeaveDecision,
  deps: SettleLeaveApprovalDeps,
): Promise<{ outcome: string }> {
  const runId = leaveRunId(event.id);
  // The decision can reach this step before the admin API moves the run back from waiting.
  await deps.runs.setRunWaiting(runId, 'running', 'waiting-approval');
  const run: RunContext = {
    runId,
    executionName: leaveApprovalExecutionName(event.id),
    actor: 'lanyard:leave-approval',
    dryRun: event.dryRun,
    person: runPersonOf(event),
  };
  const policy = deps.leavePolicy;
  if ('Error' in decided) return notApproved(event, run, decided, deps);

  const by = decided.decidedBy ?? 'an admin';
  const person = await deps.people.getProfile(event.employee.id);
  const over = whyLeaveIsOver(event, person, true);
  if (over !== null || person === null) {
    const why = `Approved by ${by}, but ${over}: ${policy} not applied, nothing changed`;
    await endProfileRun(
      run,
      'settle-leave-approval',
      { status: 'skipped', outcome: 'stale', summary: `Leave started (${policy}): ${why}`, detail: why },
      deps,
    );
    await deps.notifier.notify({
      kind: 'run-finished',
      title: `Leave approval for ${run.person.fullName} (${run.person.email}) came too late: nothing changed`,
      body: why,
      runId,
      approvalId: decided.approvalId,
    });
    return { outcome: 'stale' };
  }
  const ran = await runLeave(
    event,
    person,
    true,
    { prefix: 'leave', what: `Leave started (approved by ${by})`, startId: null },
    deps,
  );
  if (ran.failed) return { outcome: 'failed' };
  const undone = await undoLeave(event, await deps.people.getProfile(event.employee.id), deps);
  return { outcome: undone ? 'applied-then-undone' : 'applied' };
}

async function notApproved(
  event: LifecycleEventDetail,
  run: RunContext,
  error: { Error: string; Cause?: string | null },
  deps: SettleLeaveApprovalDeps,
): Promise<{ outcome: string }> {
  const policy = deps.leavePolicy;
  const id = leaveApprovalId(event.id);
  const end = async (outcome: string, why: string) => {
    const detail = `${why}: ${policy} not applied, nothing changed in Trello or the identity provider`;
    await endProfileRun(
      run,
      'settle-leave-approval',
      { status: 'skipped', outcome, summary: `Leave started (${policy}): ${detail}`, detail },
      deps,
    );
    return { outcome };
  };
  if (error.Error === ErrorNames.ApprovalRejected) {
    const approval = await deps.approvals.getApproval(id);
    const comment = approval?.comment ? ` (${approval.comment})` : '';
    return end('rejected', `Rejected by ${approval?.decidedBy ?? 'an admin'}${comment}`);
  }
  if (error.Error === ErrorNames.ApprovalExpired || error.Error === ErrorNames.Timeout) {
    // The wait ran out with the approval still open: close it so nobody decides a question nobody waits on.
    const closed = await withdrawLeaveApproval(event.id, 'nobody decided it in time', run.actor, {
      ...deps,
      workflow: null,
    });
    const approval = closed ?? (await deps.approvals.getApproval(id));
    // Past its expiry an undecided approval reads as expired with nobody's decision on it.
    if (closed || (approval !== null && approval.decidedBy === null))
      return end('expired', 'Nobody decided the approval in time');
    return end('withdrawn', approval?.comment ?? error.Cause ?? 'Withdrawn');
  }
  await failProfileRun(
    run,
    'settle-leave-approval',
    {
      summary: `Leave started (${policy}): the approval could not be asked`,
      title: `Leave of ${run.person.fullName} (${run.person.email}): the approval of ${policy} could not be asked`,
      todo: 'Nothing changed in Trello or the identity provider: send the HR event again (a new event id), or make the change by hand.',
    },
    Object.assign(new Error(error.Cause ?? error.Error), { name: error.Error }),
    deps,
  );
  return { outcome: 'failed' };
}

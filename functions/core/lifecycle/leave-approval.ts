/**
 * Approval before a leave's change (deploy config `leaveApproval`, with a policy that changes
 * access). A leave start is recorded on the person at once (sweeps exempt them), but its sign-in
 * or seat change waits for an admin, asked through the approvals every workflow uses
 * (core/approvals: the admin API, `lanyard approvals`, the console, the notifier):
 * 1. Apply Profile Event records the leave's run `leave:<eventId>` and starts the leave-approval
 *    state machine under a name derived from the event (requestLeaveApproval), so a retried
 *    delivery starts nothing twice.
 * 2. Ask Leave Approval (.waitForTaskToken) records approval `leave:<eventId>:approval`
 *    (ask-leave-approval.ts); the run shows `waiting-approval`.
 * 3. Settle Leave Approval (settle-leave-approval.ts): approved → the policy's change is made as
 *    the run, only while the person is still `active` and on that same leave; rejected, withdrawn
 *    or not decided in time → the run ends `skipped`, nothing changed in Trello or the IdP.
 * Withdrawals: a leave end (apply-leave.ts) or a termination (begin-offboarding.ts) closes the
 * pending approval as `expired`, decided by `lanyard` with the reason, audited, and ends the wait.
 * A termination never waits for it: the withdrawal is best effort there, and the settle step
 * re-reads the record, so an approval decided after the person left changes nothing.
 * The approval is the state admins see, so it is only ever decided once (approvals resolve once).
 */
import { createHash } from 'node:crypto';
import type { LifecycleEventDetail } from '../../contracts/hr-event.ts';
import type { ApprovalRecord, Approvals } from '../../ports/records/approvals.ts';
import type { PersonProfile } from '../../ports/records/people.ts';
import type { WorkflowEngine } from '../../ports/workflow-engine.ts';
import { auditDecision, type DecideApprovalDeps, deliverDecision } from '../approvals/decide-approval.ts';
import { ApprovalNotPendingError } from '../errors.ts';
import { departmentAfter, isStale } from '../event-ordering.ts';
import { recordStep } from '../run-context.ts';
import type { LeavePolicy } from './leave-policies.ts';
import { endProfileRun, failProfileRun, type ProfileRunDeps, startProfileRun } from './profile-event-run.ts';
import { leaveRunId } from './run-ids.ts';

/** The approval's `kind` (API, console, CLI). */
export const LEAVE_APPROVAL_KIND = 'leave-of-absence';

/** What a leave start needs to ask instead of changing access; null when approval is off. */
export interface LeaveApproval {
  /** The leave-approval state machine. */
  stateMachineArn: string;
  approvals: Approvals;
  workflow: WorkflowEngine;
}

export function leaveApprovalId(startEventId: string): string {
  return `${leaveRunId(startEventId)}:approval`;
}

/**
 * Step Functions names are at most 80 of [A-Za-z0-9_-] and HR event ids may hold `.` and `:` and
 * run to 128 characters: a readable head of the id, then a hash of all of it, so two ids never share
 * one execution.
 */
export function leaveApprovalExecutionName(eventId: string): string {
  const head = eventId.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 30);
  return `leave-${head}-${createHash('sha256').update(eventId).digest('hex').slice(0, 32)}`;
}

/**
 * Starts asking for the leave start's change instead of making it. The run is created first (its
 * execution name is the execution's), so a retried delivery finds it and starts the same
 * execution again, which Step Functions answers as the one already running. Failing to start it
 * fails the run, notified, and the record is left as it was (as any failed leave change).
 */
export async function requestLeaveApproval(
  event: LifecycleEventDetail,
  before: PersonProfile,
  approval: LeaveApproval,
  deps: ProfileRunDeps<'runs'> & { leavePolicy: LeavePolicy },
): Promise<{ runId: string; failed: boolean }> {
  const summary = `Leave started (${deps.leavePolicy}): waiting for an admin's approval`;
  const { run, proceed, failed } = await startProfileRun(
    event,
    before,
    {
      prefix: 'leave',
      kind: 'leave',
      summary,
      department: departmentAfter(event, before),
      executionName: leaveApprovalExecutionName(event.id),
    },
    deps,
  );
  if (!proceed) return { runId: run.runId, failed };
  if (run.dryRun) {
    const detail = `Would ask admins to approve ${deps.leavePolicy} for the leave`;
    await endProfileRun(
      run,
      'request-leave-approval',
      { status: 'succeeded', outcome: 'dry-run', summary: `${summary}: ${detail}`, detail },
      deps,
    );
    return { runId: run.runId, failed: false };
  }
  try {
    // Recorded first: a step recorded later would show the run `running` again once the
    // execution's ask has made it `waiting-approval`.
    await recordStep(
      run,
      deps,
      'request-leave-approval',
      'done',
      `Asking admins to approve ${deps.leavePolicy} (approval ${leaveApprovalId(event.id)}); nothing changes before`,
    );
    await approval.workflow.startExecution(approval.stateMachineArn, run.executionName, { detail: event });
  } catch (error) {
    await failProfileRun(
      run,
      'request-leave-approval',
      {
        summary: `${summary}: not asked`,
        title: `Leave of ${run.person.fullName} (${run.person.email}): the approval of ${deps.leavePolicy} could not be asked`,
        todo: 'Their record is left as it was: send the HR event again (a new event id) once the service answers.',
      },
      error as Error,
      deps,
    );
    return { runId: run.runId, failed: true };
  }
  return { runId: run.runId, failed: false };
}

/**
 * Why the leave `event` started no longer calls for its change, or null while it still does:
 * the person left (a termination supersedes the leave) or a newer leave event was applied.
 * `strict` also wants the record to hold this very leave (the settle step, long after the record
 * was written); the ask step runs while Apply Profile Event may still be writing it.
 */
export function whyLeaveIsOver(
  event: LifecycleEventDetail,
  person: PersonProfile | null,
  strict: boolean,
): string | null {
  if (person === null) return 'Lanyard has no record of them any more';
  if (person.lifecycle !== 'active')
    return `they are no longer active (${person.lifecycle}): a termination supersedes the leave`;
  const last = person.lastLeaveEvent ?? null;
  if (last !== null && last.id !== event.id && isStale(event, last))
    return last.type === 'employee.leave_ended'
      ? `their leave ended (${last.id}) before the approval`
      : `a newer leave (${last.id}) was applied since`;
  if (strict && (!person.onLeave || last?.id !== event.id))
    return 'their record does not hold this leave (the leave start was not recorded)';
  return null;
}

/**
 * Closes the pending approval of the leave started by `startEventId` as withdrawn (`expired`,
 * decided by `lanyard`, the reason as its comment), audited, and ends the wait of the execution
 * asking it (when `workflow` is given). Null when no such approval is pending: never asked, or
 * decided already (an admin's decision stands; the settle step re-checks the record).
 */
export async function withdrawLeaveApproval(
  startEventId: string,
  why: string,
  actor: string,
  deps: Pick<DecideApprovalDeps, 'approvals' | 'audit' | 'clock'> & { workflow: WorkflowEngine | null },
): Promise<ApprovalRecord | null> {
  const id = leaveApprovalId(startEventId);
  const pending = await deps.approvals.getApproval(id);
  if (pending?.status !== 'pending') return null;
  let withdrawn: ApprovalRecord;
  try {
    withdrawn = await deps.approvals.decideApproval(id, {
      status: 'expired',
      by: 'lanyard',
      at: deps.clock.now().toISOString(),
      comment: `Withdrawn: ${why}`,
    });
  } catch (error) {
    if (error instanceof ApprovalNotPendingError) return null; // decided meanwhile
    throw error;
  }
  await auditDecision(withdrawn, actor, `withdrawn: ${why}`, deps);
  if (deps.workflow) await deliverDecision(withdrawn, { approvals: deps.approvals, workflow: deps.workflow });
  return withdrawn;
}

/**
 * At a leave end under approval: whether the start's change may have been made, so the end must
 * restore it. Not when it waits for (or was refused) its approval — a pending one is withdrawn
 * here — nor while its run still asks: the end must not restore what the start never removed.
 * An approved one counts as made: if its settle step is still making the change, it reads the
 * record after and undoes it (apply-leave.ts undoLeave).
 */
export async function leaveStartChanged(
  end: LifecycleEventDetail,
  startId: string,
  approval: LeaveApproval,
  deps: Pick<DecideApprovalDeps, 'audit' | 'runs' | 'clock'>,
): Promise<boolean> {
  const asked = await approval.approvals.getApproval(leaveApprovalId(startId));
  if (asked?.status === 'approved') return true;
  if (asked?.status === 'pending') {
    await withdrawLeaveApproval(
      startId,
      `the leave ended (${end.id}) before an admin approved it`,
      `hr:${end.id}`,
      {
        ...deps,
        approvals: approval.approvals,
        workflow: approval.workflow,
      },
    );
    return false;
  }
  if (asked !== null) return false;
  // Not asked (yet): a run still running is the execution about to ask, which will find the leave over.
  const run = await deps.runs.getRun(leaveRunId(startId));
  return (
    run === null ||
    (run.status !== 'running' && run.status !== 'waiting-approval' && run.status !== 'skipped')
  );
}

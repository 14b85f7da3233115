/**
 * Ask Leave Approval (a `.waitForTaskToken` step of the leave-approval workflow): asks admins to
 * approve the leave policy's change, recorded and asked like every approval (askApproval: a
 * decision is never lost and never asked twice). A leave already over (ended, or the person left)
 * is not asked: the wait ends at once as withdrawn. The check runs again once the approval is
 * recorded, for a leave end or termination applied while it was being recorded.
 */
import type { LifecycleEventDetail } from '../../contracts/hr-event.ts';
import type { IdentityProvider } from '../../ports/identity-provider.ts';
import type { ApprovalRecord } from '../../ports/records/approvals.ts';
import type { AuditLog } from '../../ports/records/audit-log.ts';
import type { People } from '../../ports/records/people.ts';
import { type AskApprovalDeps, askApproval } from '../approvals/ask-approval.ts';
import { ErrorNames } from '../errors.ts';
import { type RunContext, recordStep } from '../run-context.ts';
import { runPersonOf } from './claim-lifecycle.ts';
import {
  LEAVE_APPROVAL_KIND,
  leaveApprovalExecutionName,
  leaveApprovalId,
  whyLeaveIsOver,
  withdrawLeaveApproval,
} from './leave-approval.ts';
import type { LeavePolicy } from './leave-policies.ts';
import { leaveRunId } from './run-ids.ts';

export interface AskLeaveApprovalDeps extends AskApprovalDeps {
  people: People;
  audit: AuditLog;
  leavePolicy: LeavePolicy;
  idp: IdentityProvider | null;
  settings: { approvalTimeoutHours: number; consoleUrl: string | null };
}

export async function askLeaveApproval(
  event: LifecycleEventDetail,
  taskToken: string,
  deps: AskLeaveApprovalDeps,
): Promise<{ approvalId: string; status: ApprovalRecord['status'] }> {
  const id = leaveApprovalId(event.id);
  const over = whyLeaveIsOver(event, await deps.people.getProfile(event.employee.id), false);
  if (over !== null) {
    await deps.workflow.failTask(taskToken, ErrorNames.ApprovalExpired, `Not asked: ${over}`);
    return { approvalId: id, status: 'expired' };
  }
  const run: RunContext = {
    runId: leaveRunId(event.id),
    executionName: leaveApprovalExecutionName(event.id),
    actor: `hr:${event.id}`,
    dryRun: event.dryRun,
    person: runPersonOf(event),
  };
  const approval = await askApproval(
    {
      id,
      runId: run.runId,
      kind: LEAVE_APPROVAL_KIND,
      subjectEmployeeId: event.employee.id,
      subjectEmail: event.employee.email,
      ...question(event, deps),
    },
    taskToken,
    deps.settings,
    deps,
    (recorded) =>
      recordStep(
        run,
        deps,
        'ask-leave-approval',
        'done',
        `Waiting for approval ${recorded.id} (${recorded.status})`,
      ),
  );
  if (approval.status !== 'pending') return { approvalId: id, status: approval.status };
  const overNow = whyLeaveIsOver(event, await deps.people.getProfile(event.employee.id), false);
  if (overNow === null) return { approvalId: id, status: 'pending' };
  const withdrawn = await withdrawLeaveApproval(event.id, overNow, 'lanyard:leave-approval', deps);
  return { approvalId: id, status: withdrawn?.status ?? 'pending' };
}

function question(event: LifecycleEventDetail, deps: Pick<AskLeaveApprovalDeps, 'leavePolicy' | 'idp'>) {
  const who = `${event.employee.fullName} (${event.employee.email})`;
  const since = `starts a leave of absence on ${event.effectiveAt} (HR event ${event.id})`;
  const recorded =
    'Their record already marks them on leave (idle-seat sweeps skip them); until an admin decides, their access stays as it is.';
  if (deps.leavePolicy === 'suspend-sign-in') {
    const provider = deps.idp?.kind ?? 'identity provider';
    return {
      title: `Suspend the ${provider} sign-in of ${who} for their leave?`,
      question: `${who} ${since}. ${recorded} Approve to suspend their ${provider} sign-in until they return (their Trello seat stays theirs; it is restored when the leave ends). Reject to leave their sign-in as it is.`,
      options: ['suspend their sign-in for the leave', 'reject: leave their access as it is'],
    };
  }
  return {
    title: `Free the Trello seat of ${who} for their leave?`,
    question: `${who} ${since}. ${recorded} Approve to deactivate them in Trello, freeing their seat until they return (they are reactivated and granted a seat when the leave ends). Reject to leave their seat and access as they are.`,
    options: ['free their seat for the leave', 'reject: leave their access as it is'],
  };
}

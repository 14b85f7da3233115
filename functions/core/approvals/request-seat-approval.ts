/**
 * Ask For Seats (a `.waitForTaskToken` step): the grant failed because every seat is taken.
 * 1. Record the approval (id from run + attempt, so a re-run of the workflow finds it again)
 *    with the new task token; the token stays in the record store, never in what admins see.
 * 2. If an admin already decided it (before a crash or restart), hand that decision to the
 *    waiting step at once: a decision is never lost and never asked twice.
 * 3. Otherwise notify the approvers, pointing at the console (links never decide anything).
 */
import type { ApprovalRecord } from '../../ports/record-store.ts';
import { ErrorNames } from '../errors.ts';
import type { OnboardingDeps } from '../onboarding/onboarding-deps.ts';
import { type RunContext, recordStep } from '../run-context.ts';

export const SEAT_APPROVAL_OPTIONS = ['add seats or reclaim, then retry', 'reject'];

export function seatApprovalId(runId: string, attempt: number): string {
  return `${runId}:seats:${attempt}`;
}

export async function requestSeatApproval(
  run: RunContext,
  attempt: number,
  taskToken: string,
  deps: OnboardingDeps,
): Promise<{ approvalId: string; status: ApprovalRecord['status'] }> {
  const now = deps.clock.now();
  const approval = await deps.records.putApproval(
    {
      id: seatApprovalId(run.runId, attempt),
      runId: run.runId,
      kind: 'seats-exhausted',
      subjectEmployeeId: run.person.id,
      subjectEmail: run.person.email,
      question: `No Trello Enterprise seat is free for ${run.person.fullName} (${run.person.email}). Add seats or reclaim idle ones, then approve to retry the grant; or reject to end onboarding without access.`,
      options: SEAT_APPROVAL_OPTIONS,
      status: 'pending',
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + deps.onboarding.approvalTimeoutHours * 3_600_000).toISOString(),
      decidedBy: null,
      decidedAt: null,
      comment: null,
    },
    taskToken,
  );
  await recordStep(
    run,
    deps,
    'ask-for-seats',
    'done',
    `Waiting for approval ${approval.id} (${approval.status})`,
  );

  if (approval.status !== 'pending') {
    await replayDecision(approval, taskToken, deps);
    return { approvalId: approval.id, status: approval.status };
  }
  await deps.notifier.notify({
    kind: 'approval-requested',
    title: `Seat needed for ${run.person.fullName}`,
    body: `${approval.question}${deps.onboarding.consoleUrl ? ` Decide in the console: ${deps.onboarding.consoleUrl}#/approvals/${encodeURIComponent(approval.id)}` : ''}`,
    runId: run.runId,
    approvalId: approval.id,
  });
  return { approvalId: approval.id, status: approval.status };
}

/** Sends a recorded decision to the waiting step, the same way a live decision is sent. */
export async function replayDecision(
  approval: ApprovalRecord,
  taskToken: string,
  deps: Pick<OnboardingDeps, 'workflow'>,
): Promise<void> {
  switch (approval.status) {
    case 'approved':
      await deps.workflow.completeTask(taskToken, {
        decision: 'approved',
        approvalId: approval.id,
        decidedBy: approval.decidedBy,
        comment: approval.comment,
      });
      return;
    case 'rejected':
      await deps.workflow.failTask(
        taskToken,
        ErrorNames.ApprovalRejected,
        `Rejected by ${approval.decidedBy ?? 'an admin'}${approval.comment ? `: ${approval.comment}` : ''}`,
      );
      return;
    case 'expired':
      await deps.workflow.failTask(taskToken, ErrorNames.ApprovalExpired, `Approval ${approval.id} expired`);
      return;
    case 'pending':
      return;
  }
}
